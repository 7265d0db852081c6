package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/** FSCTL_PIPE_TRANSCEIVE (MS-FSCC 2.3.49): write a request PDU to a named pipe and read the reply. */
final class PipeTransceive implements FsctlHandler {
    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        if (r.open().pipe == null) throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "not a pipe");
        byte[] out = r.open().pipe.transact(r.input(), r.maxOutput());
        if (out.length > r.maxOutput()) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
        return FsctlResult.ok(out);
    }
}
