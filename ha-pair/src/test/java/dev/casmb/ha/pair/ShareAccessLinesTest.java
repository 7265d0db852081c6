package dev.casmb.ha.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.casmb.ha.admin.AdminBackend.ShareAccessInfo;
import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.config.ShareConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code vserver cifs share access-control show} lists for configured share ACLs. */
class ShareAccessLinesTest {
    @Test
    void linesFollowTheConfiguredLists() {
        List<ShareConfig> shares = List.of(
            new ShareConfig("public", Path.of("/p"), false, false, false, ""),
            new ShareConfig("ro", Path.of("/r"), true, false, false, ""),
            new ShareConfig("team", Path.of("/t"), false, false, false, "",
                new ShareAcl(List.of("alice"), List.of("staff"), List.of("bob"), List.of("auditors"))));
        assertEquals(List.of(
            new ShareAccessInfo("SVM1", "public", "Authenticated Users", "group", "Full_Control"),
            new ShareAccessInfo("SVM1", "ro", "Authenticated Users", "group", "Read"),
            new ShareAccessInfo("SVM1", "team", "alice", "user", "Full_Control"),
            new ShareAccessInfo("SVM1", "team", "staff", "group", "Full_Control"),
            new ShareAccessInfo("SVM1", "team", "bob", "user", "Read (restricts)"),
            new ShareAccessInfo("SVM1", "team", "auditors", "group", "Read (restricts)")),
            PairAdminBackend.shareAccess("SVM1", shares));
    }
}
