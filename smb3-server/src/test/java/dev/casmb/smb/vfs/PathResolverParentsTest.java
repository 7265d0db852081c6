package dev.casmb.smb.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving with reused parents (bulk handle reload) gives what the plain resolution gives. */
class PathResolverParentsTest {
    @TempDir
    Path root;

    @Test
    void sameResultsAsPlainResolution() throws Exception {
        Files.createDirectories(root.resolve("VMs/Disk"));
        Files.writeString(root.resolve("VMs/Disk/a.vhdx"), "x");
        Files.writeString(root.resolve("top.txt"), "x");
        PathResolver r = new PathResolver(root);
        Map<List<String>, Path> parents = new HashMap<>();
        for (String p : List.of("VMs\\Disk\\a.vhdx", "vms\\disk\\A.VHDX", "VMs\\Disk\\missing.vhdx", "top.txt", "VMs", "VMs\\Disk")) {
            assertEquals(r.resolve(p), r.resolve(p, parents), p);
            assertEquals(r.resolve(p), r.resolve(p, parents), p + " (parents cached)");
        }
    }

    @Test
    void missingParentAndEscapingSymlinkAreRefused() throws Exception {
        Files.createDirectories(root.resolve("d"));
        Path outside = Files.createTempDirectory("outside");
        Files.writeString(outside.resolve("secret"), "x");
        Files.createSymbolicLink(root.resolve("d/link"), outside.resolve("secret"));
        PathResolver r = new PathResolver(root);
        Map<List<String>, Path> parents = new HashMap<>();
        assertEquals(NtStatus.OBJECT_PATH_NOT_FOUND,
            assertThrows(SmbException.class, () -> r.resolve("nope\\f", parents)).status());
        assertEquals(NtStatus.ACCESS_DENIED, assertThrows(SmbException.class, () -> r.resolve("d\\link", parents)).status());
        assertEquals(NtStatus.ACCESS_DENIED, assertThrows(SmbException.class, () -> r.resolve("d\\link", parents)).status());
    }
}
