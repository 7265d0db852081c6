package dev.casmb.smb.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The server's own local files, which are no share's: the configuration, the user database, the local handle
 * store's log. Kept apart from {@link dev.casmb.smb.vfs.Vfs} (which only ever names a share's files) so that the
 * protocol code has no other way to the file system; these are never reached from a client request.
 */
public final class ServerFiles {
    private ServerFiles() {}

    /** A channel on one of the server's own files (the handle-store log, its directory for an fsync). */
    public static FileChannel channel(Path p, OpenOption... options) throws IOException { return FileChannel.open(p, options); }

    public static boolean exists(Path p) { return Files.exists(p); }

    public static BufferedReader reader(Path p) throws IOException { return Files.newBufferedReader(p); }

    public static void createDirectories(Path dir) throws IOException { Files.createDirectories(dir); }

    /** Replaces {@code dst} by {@code src} atomically (a rewritten log or snapshot). */
    public static void replaceAtomically(Path src, Path dst) throws IOException {
        Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
