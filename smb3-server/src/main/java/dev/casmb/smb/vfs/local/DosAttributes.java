package dev.casmb.smb.vfs.local;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/**
 * DOS attributes (hidden, system, archive, ...) that POSIX has no bit for are kept in the
 * {@code user.casmb.dosattrib} extended attribute, where the file system supports it.
 */
final class DosAttributes {
    private static final String NAME = "casmb.dosattrib";

    private DosAttributes() {}

    static Integer read(Path p) {
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            if (v == null) return null;
            // Most files have no such attribute: listing first avoids two exceptions per CREATE.
            if (!v.list().contains(NAME)) return null;
            ByteBuffer b = ByteBuffer.allocate(4);
            if (v.read(NAME, b) != 4) return null;
            b.flip();
            return Integer.reverseBytes(b.getInt());
        } catch (Exception e) {
            return null;
        }
    }

    /** Returns false if the file system has no user xattrs. */
    static boolean write(Path p, int attrs) {
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            if (v == null) return false;
            ByteBuffer b = ByteBuffer.allocate(4);
            b.putInt(Integer.reverseBytes(attrs));
            b.flip();
            v.write(NAME, b);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
