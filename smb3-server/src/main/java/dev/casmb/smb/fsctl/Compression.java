package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CompressionState;

/**
 * FSCTL_GET_COMPRESSION / FSCTL_SET_COMPRESSION (MS-FSCC 2.3.20, 2.3.67) on a file system without
 * compression: files are never compressed; setting COMPRESSION_FORMAT_NONE succeeds, anything else is
 * STATUS_NOT_SUPPORTED (as Samba without a compression-capable VFS).
 */
final class Compression implements FsctlHandler {
    static final int FORMAT_NONE = CompressionState.FORMAT_NONE;

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.open().pipe != null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST);
        if (r.ctlCode() == Fsctls.GET_COMPRESSION) {
            if (r.maxOutput() < CompressionState.SIZE) throw new SmbException(NtStatus.INVALID_PARAMETER);
            return FsctlResult.ok(new CompressionState(FORMAT_NONE).toBytes());
        }
        if (CompressionState.decode(r.input()).format() != FORMAT_NONE) throw new SmbException(NtStatus.NOT_SUPPORTED);
        return FsctlResult.ok();
    }
}
