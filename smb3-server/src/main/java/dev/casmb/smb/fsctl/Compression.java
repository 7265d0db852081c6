package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/**
 * FSCTL_GET_COMPRESSION / FSCTL_SET_COMPRESSION (MS-FSCC 2.3.20, 2.3.67) on a file system without
 * compression: files are never compressed; setting COMPRESSION_FORMAT_NONE succeeds, anything else is
 * STATUS_NOT_SUPPORTED (as Samba without a compression-capable VFS).
 */
final class Compression implements FsctlHandler {
    static final int FORMAT_NONE = 0;

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.open().pipe != null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        if (r.ctlCode() == Fsctls.GET_COMPRESSION) {
            if (r.maxOutput() < 2) throw new SmbException(NtStatus.INVALID_PARAMETER);
            return FsctlResult.ok(new byte[2]);
        }
        if (r.input().length < 2) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (Le.u16(r.input(), 0) != FORMAT_NONE) throw new SmbException(NtStatus.NOT_SUPPORTED);
        return FsctlResult.ok();
    }
}
