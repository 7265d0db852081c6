package dev.casmb.auth.users;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * Local user accounts, stored only as NT hashes (MD4 of the UTF-16LE password, MS-NLMP 3.3.1 NTOWFv1).
 * Plaintext passwords are never kept. User names are matched case-insensitively (like Windows SAM),
 * but the spelling given at creation is preserved for display.
 *
 * <p>File format: one {@code name:NTHASHHEX} per line; blank lines and lines starting with {@code #}
 * are ignored. The file is written with POSIX mode 0600 (set on the file before any content is written).
 *
 * <p>Thread-safe: all access is synchronized on the instance.
 */
public final class UserDatabase {

    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    /** key: lower-cased user name; value: entry with original spelling and hash. */
    private final Map<String, Entry> users = new LinkedHashMap<>();

    private record Entry(String name, byte[] ntHash) {}

    private UserDatabase() {}

    /** An empty database that lives only in memory (until {@link #save(Path)}). */
    public static UserDatabase inMemory() {
        return new UserDatabase();
    }

    /** NT hash (NTOWFv1, MS-NLMP 3.3.1) = MD4(UTF-16LE(password)). */
    public static byte[] ntHashOf(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password is null");
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_16LE);
        MD4Digest md4 = new MD4Digest();
        md4.update(pw, 0, pw.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        java.util.Arrays.fill(pw, (byte) 0);
        return out;
    }

    /** Loads a database file (see class comment for format). */
    public static UserDatabase load(Path file) throws IOException {
        UserDatabase db = new UserDatabase();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            if (colon <= 0) {
                throw new IOException(file + ":" + lineNo + ": expected name:NTHASHHEX");
            }
            String name = line.substring(0, colon).strip();
            String hex = line.substring(colon + 1).strip();
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + lineNo + ": bad hex NT hash", e);
            }
            if (hash.length != 16) {
                throw new IOException(file + ":" + lineNo + ": NT hash must be 16 bytes");
            }
            validateName(name);
            db.users.put(key(name), new Entry(name, hash));
        }
        return db;
    }

    /**
     * Writes the database atomically: a temp file in the same directory is created with mode 0600
     * before content is written, then moved over the target.
     */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# casmb users: name:NT-hash (MD4 of UTF-16LE password)\n");
        synchronized (this) {
            for (Entry e : users.values()) {
                sb.append(e.name()).append(':').append(HexFormat.of().formatHex(e.ntHash())).append('\n');
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_RW));
                Files.setPosixFilePermissions(tmp, OWNER_RW); // umask can't widen, but be explicit
            } else {
                Files.createFile(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("concurrent save to " + file, e);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(sb.toString());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds a new user; fails if the (case-insensitive) name exists. */
    public synchronized void addUser(String name, String password) {
        validateName(name);
        if (users.containsKey(key(name))) {
            throw new IllegalArgumentException("user exists: " + name);
        }
        users.put(key(name), new Entry(name, ntHashOf(password)));
    }

    /** Changes the password of an existing user. */
    public synchronized void setPassword(String name, String password) {
        Entry e = users.get(key(name));
        if (e == null) {
            throw new IllegalArgumentException("no such user: " + name);
        }
        users.put(key(name), new Entry(e.name(), ntHashOf(password)));
    }

    public synchronized boolean removeUser(String name) {
        return users.remove(key(name)) != null;
    }

    /** A copy of the user's NT hash, if the user exists (case-insensitive lookup). */
    public synchronized Optional<byte[]> ntHash(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Entry e = users.get(key(name));
        return e == null ? Optional.empty() : Optional.of(e.ntHash().clone());
    }

    /** Alias of {@link #ntHash(String)}. */
    public Optional<byte[]> lookup(String name) {
        return ntHash(name);
    }

    /** The canonical spelling of a user name, if it exists. */
    public synchronized Optional<String> canonicalName(String name) {
        Entry e = name == null ? null : users.get(key(name));
        return e == null ? Optional.empty() : Optional.of(e.name());
    }

    /** User names (original spelling), sorted case-insensitively. */
    public synchronized Set<String> users() {
        Set<String> s = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Entry e : users.values()) {
            s.add(e.name());
        }
        return Collections.unmodifiableSet(s);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("bad user name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ':' || c == '\n' || c == '\r' || c == '#' && i == 0 || Character.isISOControl(c)) {
                throw new IllegalArgumentException("illegal character in user name: " + name);
            }
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("user name has leading/trailing whitespace");
        }
    }
}
