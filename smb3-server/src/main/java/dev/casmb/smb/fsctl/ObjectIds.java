package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.FileObjectIdBuffer;
import java.io.IOException;

/**
 * FSCTL_GET_REPARSE_POINT (no reparse points are exposed: STATUS_NOT_A_REPARSE_POINT) and
 * FSCTL_GET_OBJECT_ID / FSCTL_CREATE_OR_GET_OBJECT_ID (MS-FSCC 2.3.x): a FILE_OBJECTID_BUFFER whose
 * ObjectId is derived from the file id, so it is stable for the life of the file.
 */
final class ObjectIds implements FsctlHandler {
    static final int OBJECT_ID_BUFFER_SIZE = FileObjectIdBuffer.SIZE;

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
        byte[] objectId = new byte[16];
        Le.put64(objectId, 0, fileId);
        Le.put32(objectId, 8, volume);
        Le.put32(objectId, 12, 0x63617362); // "casb": marks ids made by this server
        byte[] birthVolumeId = new byte[16];
        Le.put32(birthVolumeId, 0, volume);
        // BirthObjectId = ObjectId; no DomainId
        return new FileObjectIdBuffer(objectId, birthVolumeId, objectId, new byte[16]).toBytes();
    }
}
