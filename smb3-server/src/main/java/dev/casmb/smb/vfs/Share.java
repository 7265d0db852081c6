package dev.casmb.smb.vfs;

import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.state.AccessMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** A disk share backed by a local directory. */
public final class Share {
    private final ShareConfig config;
    private final Path root;
    private final PathResolver resolver;

    public Share(ShareConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.path());
        this.root = config.path().toRealPath();
        this.resolver = new PathResolver(root);
    }

    public String name() { return config.name(); }
    public Path root() { return root; }
    public boolean readOnly() { return config.readOnly(); }
    public boolean continuouslyAvailable() { return config.continuouslyAvailable(); }
    public boolean encryptData() { return config.encryptData(); }
    public String comment() { return config.comment() == null ? "" : config.comment(); }
    public PathResolver resolver() { return resolver; }
    public ShareConfig config() { return config; }
    public ShareAcl acl() { return config.acl(); }

    /** What {@code user} (member of {@code groups}) may do here: see {@link ShareAcl}. */
    public ShareAcl.Level level(String user, Collection<String> groups) {
        return config.acl().levelFor(user, groups, config.readOnly());
    }

    /**
     * The share's MaximalAccess for a user (MS-SMB2 2.2.10): 0 if the user may not connect, read and
     * execute rights if read-only, all file rights otherwise.
     */
    public int maximalAccess(String user, Collection<String> groups) {
        return switch (level(user, groups)) {
            case NONE -> 0;
            case READ -> AccessMask.READ_ONLY_ACCESS;
            case FULL -> AccessMask.FILE_ALL_ACCESS;
        };
    }
}
