package dev.casmb.smb.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MS-SMB2 3.3.5.2.10 Verifying the Channel Sequence Number: every request on an open counts against
 * Open.ChannelSequence; a newer sequence (any command) advances it; a stale one fails WRITE, SET_INFO and
 * IOCTL with STATUS_FILE_NOT_AVAILABLE but not READ; a replay may advance only while no request of the
 * previous sequence is outstanding (smbtorture replay.channel-sequence, replay.replay4).
 */
class ChannelSequenceTest {
    private static final long PID = 7;
    private static final long VID = 9;
    private Dispatcher dispatcher;
    private Session session;
    private Open open;

    @BeforeEach
    void setUp() throws Exception {
        ServerConfig cfg = ServerConfig.defaults("SEQ", List.of(InetAddress.getLoopbackAddress()), 0, List.of());
        ServerContext server = new ServerContext(cfg, UserDatabase.inMemory());
        SmbConnection conn = new SmbConnection(new EmbeddedChannel(), 64);
        conn.negotiated = true;
        conn.dialect = Dialect.SMB_3_1_1;
        dispatcher = new Dispatcher(server, conn, Commands.table());
        session = new Session(0x10001);
        open = new Open(PID, VID, null, new FileNode(Path.of("/nonexistent")), false, 0x1F01FF, 7, 0, "f");
        session.opens.put(VID, open);
    }

    /** A request of {@code command} naming the open at body offset 0, with ChannelSequence {@code seq}. */
    private SmbRequest request(int command, int seq, boolean replay) {
        ByteBuf m = Unpooled.buffer(64 + 16);
        m.writeIntLE(Smb2Header.PROTOCOL_ID).writeShortLE(64).writeShortLE(1).writeIntLE(seq & 0xFFFF);
        m.writeShortLE(command).writeShortLE(1).writeIntLE(replay ? Smb2Header.FLAG_REPLAY : 0).writeIntLE(0);
        m.writeLongLE(1).writeIntLE(0).writeIntLE(1).writeLongLE(session.sessionId).writeZero(16);
        m.writeLongLE(PID).writeLongLE(VID);
        SmbRequest r = new SmbRequest(dispatcher, Smb2Header.decode(m, 0), m, new CompoundContext(), false);
        r.setSession(session);
        return r;
    }

    /** Resolves the FileId at body offset 0 (the FileId of these synthetic requests). */
    private Open resolve(SmbRequest r) throws SmbException {
        return r.open(0);
    }

    private int status(int command, int seq, boolean replay) {
        try {
            SmbRequest r = request(command, seq, replay);
            resolve(r);
            r.releaseChannelCount();
            return NtStatus.SUCCESS;
        } catch (SmbException e) {
            return e.status();
        }
    }

    @Test
    void staleSequenceFailsOnlyModifyingCommands() throws Exception {
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.WRITE, 0, false));
        // a READ with a newer sequence (the client saw a channel fail) advances the open's sequence
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.READ, 1, false));
        assertEquals(1, open.channelSequence);
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.WRITE, 0, false));
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.WRITE, 0, true));
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.SET_INFO, 0, false));
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.IOCTL, 0, false));
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.READ, 0, false), "a stale READ proceeds");
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.WRITE, 1, true), "a replay on the current sequence");
        assertEquals(0, open.outstandingRequestCount);
        assertEquals(0, open.outstandingPreRequestCount);
    }

    @Test
    void sequenceWrapsAround() throws Exception {
        open.channelSequence = 0xFFFF;
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.WRITE, 0x0000, false), "0 is newer than 0xFFFF");
        assertEquals(0, open.channelSequence);
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.WRITE, 0xFFFF, false));
    }

    @Test
    void replayCannotAdvanceWhileOlderRequestsAreOutstanding() throws Exception {
        SmbRequest pending = request(Smb2Command.WRITE, 0, false);
        assertSame(open, resolve(pending)); // outstanding on sequence 0
        assertEquals(1, open.outstandingRequestCount);
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.READ, 1, false)); // sequence 1: the WRITE is now "pre"
        assertEquals(1, open.outstandingPreRequestCount);
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.WRITE, 1, true),
            "a replay must not overtake the request still outstanding from the failed channel");
        assertEquals(NtStatus.FILE_NOT_AVAILABLE, status(Smb2Command.WRITE, 2, true));
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.WRITE, 1, false), "not a replay: proceeds");
        pending.releaseChannelCount();
        assertEquals(0, open.outstandingPreRequestCount);
        assertEquals(NtStatus.SUCCESS, status(Smb2Command.WRITE, 2, true));
        assertEquals(2, open.channelSequence);
    }
}
