package dev.casmb.smb;

import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.ipc.NamedPipeService;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenTable;
import dev.casmb.smb.state.ServerGuid;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Server-wide state shared by every connection: config, shares, users, the open table. */
public final class ServerContext {
    private static final Logger log = LoggerFactory.getLogger(ServerContext.class);

    private final ServerConfig config;
    private final UserDatabase users;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();
    private final OpenTable opens = new OpenTable();
    private final byte[] serverGuid;
    private final long startTime = System.currentTimeMillis();
    private final Map<SmbConnection, Boolean> connections = new ConcurrentHashMap<>();
    private volatile NamedPipeService pipes = NamedPipeService.NONE;

    public ServerContext(ServerConfig config, UserDatabase users) throws IOException {
        this.config = config;
        this.users = users;
        this.serverGuid = ServerGuid.toBytes(UUID.nameUUIDFromBytes(("casmb:" + config.netbiosName()).getBytes()));
        for (ShareConfig sc : config.shares()) addShare(sc);
    }

    public ServerConfig config() { return config; }
    public UserDatabase users() { return users; }
    public OpenTable opens() { return opens; }
    public byte[] serverGuid() { return serverGuid.clone(); }
    public long startTime() { return startTime; }
    public Map<SmbConnection, Boolean> connections() { return connections; }
    public NamedPipeService pipes() { return pipes; }
    public void setPipes(NamedPipeService p) { this.pipes = p == null ? NamedPipeService.NONE : p; }

    public NtlmServerConfig ntlmConfig() {
        String nb = config.netbiosName().toUpperCase(Locale.ROOT);
        return new NtlmServerConfig(config.domain().toUpperCase(Locale.ROOT), nb, "", nb.toLowerCase(Locale.ROOT),
            config.allowGuest());
    }

    public void addShare(ShareConfig sc) throws IOException {
        Files.createDirectories(sc.path());
        shares.put(sc.name().toLowerCase(Locale.ROOT), new Share(sc));
    }

    public boolean removeShare(String name) {
        return shares.remove(name.toLowerCase(Locale.ROOT)) != null;
    }

    public Share share(String name) {
        return shares.get(name.toLowerCase(Locale.ROOT));
    }

    public java.util.Collection<Share> shares() { return shares.values(); }

    /** Closes an open: locks released, delete-on-close applied, file channel closed. */
    public void closeOpen(Open o) {
        if (o.closed) return;
        o.closed = true;
        o.session.opens.remove(o.volatileId);
        o.node.locks.releaseAll(o);
        try {
            if (o.channel != null) o.channel.close();
            if (o.pipe != null) o.pipe.close();
        } catch (IOException e) {
            log.debug("close {}: {}", o.path(), e.toString());
        }
        boolean deleteNow;
        synchronized (opens) {
            if (o.deleteOnClose) o.node.deletePending = true;
            opens.unregister(o);
            deleteNow = o.node.deletePending && o.node.opens.isEmpty();
        }
        if (deleteNow) {
            try {
                Files.deleteIfExists(o.path());
            } catch (IOException e) {
                log.info("delete-on-close of {} failed: {}", o.path(), e.toString());
            }
        }
        dev.casmb.smb.oplock.Oplocks.onClose(o); // after unregister: waiting CREATEs retry against the new state
        dev.casmb.smb.command.ChangeNotify.onClose(o);
    }

    /** Tears down a session: all its opens closed, trees dropped. */
    public void closeSession(Session s) {
        s.state = Session.State.EXPIRED;
        for (Open o : s.opens.values()) closeOpen(o);
        s.trees.clear();
    }
}
