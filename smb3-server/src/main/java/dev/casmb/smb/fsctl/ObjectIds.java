package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.io.IOException;

/**
 * FSCTL_GET_REPARSE_POINT (no reparse points are exposed: STATUS_NOT_A_REPARSE_POINT) and
 * FSCTL_GET_OBJECT_ID / FSCTL_CREATE_OR_GET_OBJECT_ID (MS-FSCC 2.3.x): a FILE_OBJECTID_BUFFER whose
 * ObjectId is derived from the file id, so it is stable for the life of the file.
 */
final class ObjectIds implements FsctlHandler {
    static final int OBJECT_ID_BUFFER_SIZE = 64;

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.ctlCode() == Fsctls.GET_REPARSE_POINT) throw new SmbException(NtStatus.NOT_A_REPARSE_POINT);
        if (r.open().pipe != null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        if (r.maxOutput() < OBJECT_ID_BUFFER_SIZE) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
        long fileId;
        try {
            fileId = r.open().tree.share.vfs().stat(r.open().path()).fileId();
        } catch (IOException e) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
        }
        return FsctlResult.ok(objectIdBuffer(fileId, r.open().tree.share.root().hashCode()));
    }

    static byte[] objectIdBuffer(long fileId, int volume) {
        byte[] b = new byte[OBJECT_ID_BUFFER_SIZE];
        Le.put64(b, 0, fileId);
        Le.put32(b, 8, volume);
        Le.put32(b, 12, 0x63617362); // "casb": marks ids made by this server
        System.arraycopy(b, 0, b, 32, 16); // BirthObjectId = ObjectId
        Le.put32(b, 16, volume);          // BirthVolumeId
        return b;
    }
}
