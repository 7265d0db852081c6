package dev.casmb.auth.users;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void ntHashKnownValue() {
        // MS-NLMP 4.2.2.1.2: NTOWFv1("Password")
        assertEquals("a4f49c406510bdcab6824ee7c30fd852", HexFormat.of().formatHex(UserDatabase.ntHashOf("Password")));
        assertEquals("31d6cfe0d16ae931b73c59d7e0c089c0", HexFormat.of().formatHex(UserDatabase.ntHashOf("")));
    }

    @Test
    void addLookupCaseInsensitiveSetRemove() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("Alice", "one");
        assertArrayEquals(UserDatabase.ntHashOf("one"), db.ntHash("ALICE").orElseThrow());
        assertArrayEquals(UserDatabase.ntHashOf("one"), db.lookup("alice").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> db.addUser("alice", "x"));
        db.setPassword("aLiCe", "two");
        assertArrayEquals(UserDatabase.ntHashOf("two"), db.ntHash("alice").orElseThrow());
        assertEquals(Set.of("Alice"), db.users());
        assertEquals("Alice", db.canonicalName("ALICE").orElseThrow());
        assertTrue(db.removeUser("ALICE"));
        assertFalse(db.removeUser("alice"));
        assertTrue(db.ntHash("alice").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> db.setPassword("nobody", "x"));
        assertThrows(IllegalArgumentException.class, () -> db.addUser("a:b", "x"));
        assertThrows(IllegalArgumentException.class, () -> db.addUser("", "x"));
    }

    @Test
    void returnedHashIsACopy() {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("bob", "pw");
        db.ntHash("bob").orElseThrow()[0] ^= 1;
        assertArrayEquals(UserDatabase.ntHashOf("pw"), db.ntHash("bob").orElseThrow());
    }

    @Test
    void saveLoadRoundTripWith0600() throws IOException {
        UserDatabase db = UserDatabase.inMemory();
        db.addUser("Alice", "one");
        db.addUser("bob", "two");
        Path f = dir.resolve("users.db");
        db.save(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        String text = Files.readString(f);
        assertFalse(text.contains("one"));
        assertTrue(text.contains("Alice:" + HexFormat.of().formatHex(UserDatabase.ntHashOf("one"))));
        UserDatabase loaded = UserDatabase.load(f);
        assertEquals(Set.of("Alice", "bob"), loaded.users());
        assertArrayEquals(UserDatabase.ntHashOf("two"), loaded.ntHash("BOB").orElseThrow());
        // overwrite keeps 0600
        loaded.removeUser("bob");
        loaded.save(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(Set.of("Alice"), UserDatabase.load(f).users());
    }

    @Test
    void loadIgnoresCommentsAndRejectsGarbage() throws IOException {
        Path f = dir.resolve("u");
        Files.writeString(f, "# comment\n\n  carol : " + "00".repeat(16) + "\n");
        assertEquals(Set.of("carol"), UserDatabase.load(f).users());
        Files.writeString(f, "dave:1234\n");
        assertThrows(IOException.class, () -> UserDatabase.load(f));
        Files.writeString(f, "dave:zz" + "00".repeat(15) + "\n");
        assertThrows(IOException.class, () -> UserDatabase.load(f));
        Files.writeString(f, "nocolon\n");
        assertThrows(IOException.class, () -> UserDatabase.load(f));
    }
}
