package dev.casmb.smb.vfs;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The one place that maps a file-system failure to an NTSTATUS (MS-ERREF 2.3; the mapping Windows' I/O manager
 * and Samba's map_nt_error_from_unix make): by the java.nio exception kind, then by the errno text of a plain
 * {@link FileSystemException}.
 */
public final class VfsErrors {
    private VfsErrors() {}

    public static SmbException status(IOException e) {
        if (e instanceof NoSuchFileException) return new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
        if (e instanceof AccessDeniedException) return new SmbException(NtStatus.ACCESS_DENIED);
        if (e instanceof FileAlreadyExistsException) return new SmbException(NtStatus.OBJECT_NAME_COLLISION);
        if (e instanceof DirectoryNotEmptyException) return new SmbException(NtStatus.DIRECTORY_NOT_EMPTY);
        String m = String.valueOf(e.getMessage());
        // ENOSPC, and EDQUOT as Samba's map_nt_error_from_unix
        if (m.contains("No space left") || m.contains("Disk quota exceeded")) return new SmbException(NtStatus.DISK_FULL);
        return new SmbException(NtStatus.UNSUCCESSFUL, e.toString());
    }

    /** For a create's or rename's target: a missing parent is OBJECT_PATH_NOT_FOUND (MS-FSA 2.1.5.1). */
    public static SmbException pathStatus(IOException e) {
        if (e instanceof NoSuchFileException) return new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND);
        return status(e);
    }
}
