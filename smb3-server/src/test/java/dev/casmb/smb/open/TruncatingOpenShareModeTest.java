package dev.casmb.smb.open;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateRequest;
import dev.casmb.smb.state.DurableState;
import dev.casmb.smb.state.FileNode;
import dev.casmb.smb.state.Open;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md "CA state survival fixes", truncating open: a CREATE asking only for FILE_READ_ATTRIBUTES with
 * FILE_OVERWRITE or FILE_SUPERSEDE truncated a file whose holder shares only reading. The disposition implies write
 * (and, for supersede, delete) access for the share-mode check (MS-FSA 2.1.5.1.2.1).
 */
class TruncatingOpenShareModeTest {
    private static final int RW = AccessMask.FILE_READ_DATA | AccessMask.FILE_WRITE_DATA;

    private static FileNode heldSharingReadOnly(boolean disconnectedPersistent) {
        FileNode node = new FileNode(Path.of("/srv/vmstore/db.mdf"));
        Open holder = new Open(1, 1, null, node, false, RW, CreateRequest.SHARE_READ, 0, "db.mdf");
        if (disconnectedPersistent) {
            DurableState st = new DurableState(true, true, new byte[16], new byte[16], 60_000, "demo", "vmstore");
            st.disconnectedAt = System.currentTimeMillis();
            holder.durable = st;
        }
        node.opens.add(holder);
        return node;
    }

    @Test
    void overwriteAndSupersedeCountAsWriteForShareModes() throws Exception {
        ServerContext server = new ServerContext(ServerConfig.defaults("T", List.of(InetAddress.getLoopbackAddress()), 0,
            List.of()), UserDatabase.inMemory());
        int statOnly = AccessMask.FILE_READ_ATTRIBUTES;
        FileNode node = heldSharingReadOnly(false);
        assertDoesNotThrow(() -> ShareModes.check(server, node, statOnly | Access.implied(true, CreateRequest.OPEN), 7),
            "a plain attribute open is no conflict");
        for (int disposition : new int[] {CreateRequest.OVERWRITE, CreateRequest.OVERWRITE_IF, CreateRequest.SUPERSEDE}) {
            int access = statOnly | Access.implied(true, disposition);
            assertEquals(NtStatus.SHARING_VIOLATION, assertThrows(SmbException.class,
                () -> ShareModes.check(server, node, access, 7)).status(), "disposition " + disposition);
            assertEquals(NtStatus.FILE_NOT_AVAILABLE, assertThrows(SmbException.class,
                () -> ShareModes.check(server, heldSharingReadOnly(true), access, 7)).status(),
                "disposition " + disposition + " against a persistent handle awaiting reclaim");
        }
        assertEquals(0, Access.implied(false, CreateRequest.OVERWRITE_IF), "creating a file truncates nothing");
        assertEquals(AccessMask.DELETE, Access.implied(true, CreateRequest.SUPERSEDE) & AccessMask.DELETE);
    }
}
