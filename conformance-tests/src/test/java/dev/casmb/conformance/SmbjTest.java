package dev.casmb.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.fileinformation.FileIdBothDirectoryInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Java SMB client (smbj) against a real server: write, read, list, rename, delete on both shares. */
class SmbjTest {
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start("smbj");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void writeReadListRenameDeleteOnPublic() throws Exception {
        roundTrip("public");
    }

    @Test
    void writeReadListRenameDeleteOnContinuouslyAvailableShare() throws Exception {
        roundTrip("vmstore");
    }

    private void roundTrip(String shareName) throws Exception {
        SmbConfig cfg = SmbConfig.builder().withSigningRequired(true)
            .withTimeout(30, TimeUnit.SECONDS).withSoTimeout(60, TimeUnit.SECONDS).build();
        byte[] data = new byte[2 * 1024 * 1024 + 77];
        new Random(7).nextBytes(data);
        try (SMBClient client = new SMBClient(cfg);
             Connection conn = client.connect(server.host(), server.port())) {
            Session session = conn.authenticate(
                new AuthenticationContext(ServerProcess.USER, ServerProcess.PASSWORD.toCharArray(), ""));
            try (DiskShare share = (DiskShare) session.connectShare(shareName)) {
                share.mkdir("smbj");
                try (File f = share.openFile("smbj\\hello.bin",
                        EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null)) {
                    f.write(data, 0);
                }
                assertArrayEquals(data, Files.readAllBytes(server.shareDir(shareName).resolve("smbj/hello.bin")));

                try (File f = share.openFile("smbj\\hello.bin", EnumSet.of(AccessMask.GENERIC_READ), null,
                        SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
                    byte[] back = new byte[data.length];
                    int off = 0;
                    while (off < back.length) {
                        int n = f.read(back, off, off, back.length - off);
                        assertTrue(n > 0, "short read at " + off);
                        off += n;
                    }
                    assertArrayEquals(data, back);
                }

                List<String> names = share.list("smbj").stream().map(FileIdBothDirectoryInformation::getFileName).toList();
                assertTrue(names.contains("hello.bin"), "listing: " + names);

                try (File f = share.openFile("smbj\\hello.bin", EnumSet.of(AccessMask.DELETE, AccessMask.GENERIC_READ),
                        null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)) {
                    f.rename("smbj\\renamed.bin");
                }
                assertFalse(share.fileExists("smbj\\hello.bin"));
                assertTrue(share.fileExists("smbj\\renamed.bin"));
                assertEquals(data.length, share.getFileInformation("smbj\\renamed.bin").getStandardInformation().getEndOfFile());

                share.rm("smbj\\renamed.bin");
                share.rmdir("smbj", false);
                assertFalse(share.folderExists("smbj"));
                assertFalse(Files.exists(server.shareDir(shareName).resolve("smbj")));
            }
        }
    }
}
