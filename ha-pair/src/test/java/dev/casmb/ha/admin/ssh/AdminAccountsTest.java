package dev.casmb.ha.admin.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminAccountsTest {

    @Test
    void hashesVerifyAndAreSalted() {
        String h1 = PasswordHasher.hash("Admin-Pass1".toCharArray(), 1000);
        String h2 = PasswordHasher.hash("Admin-Pass1".toCharArray(), 1000);
        assertTrue(h1.startsWith("pbkdf2-sha256$1000$"));
        assertFalse(h1.equals(h2), "salted");
        assertFalse(h1.contains("Admin-Pass1"));
        assertTrue(PasswordHasher.verify("Admin-Pass1".toCharArray(), h1));
        assertFalse(PasswordHasher.verify("admin-pass1".toCharArray(), h1));
        assertFalse(PasswordHasher.verify("x".toCharArray(), "garbage"));
        assertFalse(PasswordHasher.verify("x".toCharArray(), "pbkdf2-sha256$abc$AAAA$AAAA"));
        assertFalse(PasswordHasher.verify("x".toCharArray(), null));
    }

    @Test
    void saveAndLoadKeepOnlyHashes(@TempDir Path dir) throws Exception {
        AdminAccounts a = new AdminAccounts(1000)
                .setPassword("admin", "Admin-Pass1".toCharArray())
                .setAuthorizedKeys("ops", dir.resolve("ops_keys"));
        assertTrue(a.verifyPassword("admin", "Admin-Pass1".toCharArray()));
        assertFalse(a.verifyPassword("admin", "nope".toCharArray()));
        assertFalse(a.verifyPassword("ops", "anything".toCharArray()), "no password set");
        assertFalse(a.verifyPassword("ghost", "Admin-Pass1".toCharArray()));
        Path f = dir.resolve("etc/admin-accounts");
        a.save(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertFalse(Files.readString(f).contains("Admin-Pass1"));
        AdminAccounts b = AdminAccounts.load(f);
        assertEquals(a.names(), b.names());
        assertTrue(b.verifyPassword("admin", "Admin-Pass1".toCharArray()));
        assertEquals(dir.resolve("ops_keys"), b.account("ops").authorizedKeys());
    }
}
