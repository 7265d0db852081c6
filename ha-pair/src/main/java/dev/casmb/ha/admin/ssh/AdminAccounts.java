package dev.casmb.ha.admin.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The admin accounts of the SSH shell; separate from SMB users. Each account may have a password
 * (stored as a PBKDF2 hash) and an authorized_keys file (OpenSSH format).
 *
 * <p>File format of {@link #load}/{@link #save}: one account per line,
 * {@code name<TAB>password-hash-or-"-"<TAB>authorized-keys-path-or-"-"}; '#' starts a comment.
 */
public final class AdminAccounts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}");

    /** One admin account. */
    public record Account(String name, String passwordHash, Path authorizedKeys) {}

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final int iterations;
    private final String dummyHash;

    public AdminAccounts() {
        this(PasswordHasher.DEFAULT_ITERATIONS);
    }

    /** @param iterations PBKDF2 iterations for passwords set through {@link #setPassword} */
    public AdminAccounts(int iterations) {
        this.iterations = iterations;
        this.dummyHash = PasswordHasher.hash("not-a-password".toCharArray(), iterations);
    }

    public AdminAccounts addUser(String name) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("invalid admin account name: " + name);
        accounts.putIfAbsent(name, new Account(name, null, null));
        return this;
    }

    public AdminAccounts setPassword(String name, char[] password) {
        return setPasswordHash(name, PasswordHasher.hash(password, iterations));
    }

    public AdminAccounts setPasswordHash(String name, String hash) {
        addUser(name);
        accounts.computeIfPresent(name, (k, a) -> new Account(k, hash, a.authorizedKeys()));
        return this;
    }

    public AdminAccounts setAuthorizedKeys(String name, Path authorizedKeys) {
        addUser(name);
        accounts.computeIfPresent(name, (k, a) -> new Account(k, a.passwordHash(), authorizedKeys));
        return this;
    }

    public AdminAccounts removeUser(String name) {
        accounts.remove(name);
        return this;
    }

    public Account account(String name) {
        return name == null ? null : accounts.get(name);
    }

    public Set<String> names() {
        return Set.copyOf(accounts.keySet());
    }

    /**
     * Checks a password. Takes about as long for an unknown account or an account without a password
     * as for a wrong password, so that timing does not tell which accounts exist.
     */
    public boolean verifyPassword(String name, char[] password) {
        Account a = account(name);
        if (a == null || a.passwordHash() == null) {
            PasswordHasher.verify(password, dummyHash);
            return false;
        }
        return PasswordHasher.verify(password, a.passwordHash());
    }

    public static AdminAccounts load(Path file) throws IOException {
        AdminAccounts a = new AdminAccounts();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = l.split("\t");
            if (f.length != 3) throw new IOException(file + ":" + lineNo + ": expected name<TAB>hash<TAB>authorized-keys");
            a.addUser(f[0]);
            if (!f[1].equals("-")) a.setPasswordHash(f[0], f[1]);
            if (!f[2].equals("-")) a.setAuthorizedKeys(f[0], Path.of(f[2]));
        }
        return a;
    }

    /** Writes the accounts file with 0600 permissions (atomically, via a temporary file). */
    public void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# casmb admin accounts: name<TAB>pbkdf2 hash<TAB>authorized_keys");
        accounts.values().stream().sorted((x, y) -> x.name().compareTo(y.name())).forEach(a -> lines.add(a.name() + "\t"
                + (a.passwordHash() == null ? "-" : a.passwordHash()) + "\t"
                + (a.authorizedKeys() == null ? "-" : a.authorizedKeys().toString())));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".accounts", ".tmp");
        try {
            SecureFiles.restrict(tmp);
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** POSIX permission helpers. */
    static final class SecureFiles {
        private SecureFiles() {}

        static void restrict(Path p) throws IOException {
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; nothing to do
            }
        }
    }
}
