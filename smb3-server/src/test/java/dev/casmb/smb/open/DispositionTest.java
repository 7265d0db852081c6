package dev.casmb.smb.open;

import static dev.casmb.smb.proto.message.CreateRequest.CREATE;
import static dev.casmb.smb.proto.message.CreateRequest.OPEN;
import static dev.casmb.smb.proto.message.CreateRequest.OPEN_IF;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_DIRECTORY_FILE;
import static dev.casmb.smb.proto.message.CreateRequest.OPT_NON_DIRECTORY_FILE;
import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE;
import static dev.casmb.smb.proto.message.CreateRequest.OVERWRITE_IF;
import static dev.casmb.smb.proto.message.CreateRequest.SUPERSEDE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's rules without a file system: dispositions and options (MS-FSA 2.1.5.1), parameters and access. */
class DispositionTest {
    private static int status(ThrowingRunnable r) {
        try {
            r.run();
            return NtStatus.SUCCESS;
        } catch (SmbException e) {
            return e.status();
        }
    }

    interface ThrowingRunnable {
        void run() throws SmbException;
    }

    @Test
    void existingFile() {
        assertEquals(NtStatus.SUCCESS, status(() -> OpenEngine.checkDisposition(true, false, false, 0, OPEN, false)));
        assertEquals(NtStatus.SUCCESS, status(() -> OpenEngine.checkDisposition(true, false, false, 0, OVERWRITE_IF, false)));
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, status(() -> OpenEngine.checkDisposition(true, false, false, 0, CREATE, false)));
        assertEquals(NtStatus.NOT_A_DIRECTORY, status(() -> OpenEngine.checkDisposition(true, false, true, OPT_DIRECTORY_FILE, OPEN, false)));
        assertEquals(NtStatus.FILE_IS_A_DIRECTORY,
            status(() -> OpenEngine.checkDisposition(true, true, false, OPT_NON_DIRECTORY_FILE, OPEN, false)));
        for (int d : new int[] {OVERWRITE, OVERWRITE_IF, SUPERSEDE}) {
            assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkDisposition(true, true, false, 0, d, false)),
                "a directory cannot be overwritten");
        }
    }

    @Test
    void missingFile() {
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, status(() -> OpenEngine.checkDisposition(false, false, false, 0, OPEN, false)));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, status(() -> OpenEngine.checkDisposition(false, false, false, 0, OVERWRITE, false)));
        assertEquals(NtStatus.SUCCESS, status(() -> OpenEngine.checkDisposition(false, false, false, 0, SUPERSEDE, false)));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, status(() -> OpenEngine.checkDisposition(false, false, false, 0, CREATE, true)));
        assertEquals(NtStatus.SUCCESS, status(() -> OpenEngine.checkDisposition(false, false, true, OPT_DIRECTORY_FILE, OPEN_IF, false)));
        assertEquals(NtStatus.INVALID_PARAMETER,
            status(() -> OpenEngine.checkDisposition(false, false, true, OPT_DIRECTORY_FILE, OVERWRITE_IF, false)));
    }

    private static CreateRequest req(int impersonation, int access, int attrs, int share, int disposition, int options, int oplock) {
        return new CreateRequest(0, oplock, impersonation, 0, 0, access, attrs, share, disposition, options, "x", List.of());
    }

    @Test
    void parameters() {
        assertDoesNotThrow(() -> OpenEngine.checkParameters(req(2, 1, 0x80, 7, OPEN, 0, 0)));
        assertEquals(NtStatus.BAD_IMPERSONATION_LEVEL, status(() -> OpenEngine.checkParameters(req(4, 1, 0, 7, OPEN, 0, 0))));
        assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkParameters(req(2, 1, 0, 7, 6, 0, 0))));
        assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkParameters(req(2, 1, 0, 7, OPEN, 0x01000000, 0))));
        assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkParameters(req(2, 1, 0, 7, OPEN,
            OPT_DIRECTORY_FILE | OPT_NON_DIRECTORY_FILE, 0))));
        assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkParameters(req(2, 1, 0, 8, OPEN, 0, 0))));
        assertEquals(NtStatus.ACCESS_DENIED, status(() -> OpenEngine.checkParameters(req(2, 0, 0, 7, OPEN, 0, 0))));
        assertEquals(NtStatus.INVALID_PARAMETER, status(() -> OpenEngine.checkParameters(req(2, 1, 0, 7, OPEN, 0, 2))));
    }

    @Test
    void access() throws SmbException {
        int all = AccessMask.FILE_ALL_ACCESS;
        assertEquals(all, Access.granted(all, AccessMask.MAXIMUM_ALLOWED, true, OPEN));
        assertEquals(NtStatus.ACCESS_DENIED, status(() -> Access.granted(AccessMask.READ_ONLY_ACCESS, AccessMask.FILE_READ_DATA,
            true, OVERWRITE)), "an overwrite on a read-only share writes");
        assertEquals(NtStatus.ACCESS_DENIED, status(() -> Access.granted(AccessMask.READ_ONLY_ACCESS, AccessMask.FILE_READ_DATA,
            false, OPEN_IF)), "a create on a read-only share writes");
        assertEquals(AccessMask.FILE_READ_DATA, Access.granted(AccessMask.READ_ONLY_ACCESS, AccessMask.FILE_READ_DATA, true, OPEN));
        assertEquals(NtStatus.PRIVILEGE_NOT_HELD, status(() -> Access.granted(all, AccessMask.ACCESS_SYSTEM_SECURITY, true, OPEN)));
    }
}
