package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.fsctl.FsctlHandler;
import dev.casmb.smb.fsctl.FsctlRequest;
import dev.casmb.smb.fsctl.FsctlResult;
import dev.casmb.smb.fsctl.Fsctls;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.IoctlRequest;
import dev.casmb.smb.proto.message.IoctlResponse;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 IOCTL (MS-SMB2 2.2.31, 3.3.5.15): validates the request, then runs the FSCTL from
 * {@link Fsctls}. Only FSCTLs are supported (Flags must be SMB2_0_IOCTL_IS_FSCTL); unknown codes get
 * STATUS_INVALID_DEVICE_REQUEST on files and STATUS_FS_DRIVER_REQUIRED on IPC$, as Windows. The
 * CreditCharge check is the command table's ({@link Commands}).
 */
public final class Ioctl implements CommandHandler {
    public static final int FLAG_IS_FSCTL = IoctlRequest.FLAG_IS_FSCTL;
    /** Bound on MaxInputResponse/MaxOutputResponse and InputCount (MaxTransactSize). */
    static final int MAX_IO = ServerConfig.DEFAULT_MAX_IO;

    private final Fsctls fsctls = new Fsctls();

    @Override public int structureSize() { return IoctlRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        IoctlRequest r = IoctlRequest.decode(req.body());
        int ctlCode = r.ctlCode();
        int inputCount = r.input().readableBytes();
        int outputCount = r.output().readableBytes();
        int maxInput = r.maxInputResponse();
        int maxOutput = r.maxOutputResponse();
        if (r.flags() != FLAG_IS_FSCTL) throw new SmbException(NtStatus.NOT_SUPPORTED, "IOCTL without IS_FSCTL");
        if (inputCount > MAX_IO || maxOutput < 0 || maxOutput > MAX_IO
            || maxInput < 0 || maxInput > MAX_IO || outputCount > MAX_IO) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "IOCTL buffer too large");
        }
        byte[] input = new byte[inputCount];
        r.input().getBytes(r.input().readerIndex(), input);

        FsctlHandler h = fsctls.get(ctlCode);
        Open open = null;
        if (h == null || !h.noFile(ctlCode)) {
            open = req.open(r.fileId());
        } else if (!r.fileId().isRelated()) {
            // MS-SMB2 3.3.5.15: these FSCTLs are sent with an all-ones FileId.
            throw new SmbException(NtStatus.INVALID_PARAMETER, "FileId must be all ones");
        }
        if (h == null) {
            throw new SmbException(req.tree().isIpc() ? NtStatus.FS_DRIVER_REQUIRED : NtStatus.INVALID_DEVICE_REQUEST,
                String.format("FSCTL 0x%08X", ctlCode));
        }
        FsctlResult res = h.handle(new FsctlRequest(req, ctlCode, open, input, maxOutput));
        return SmbResponse.of(res.status(), body(req, r, res.output()));
    }

    /** The IOCTL response (MS-SMB2 2.2.32): no input echoed, the FileId as sent, output at 0x70. */
    static ByteBuf body(SmbRequest req, IoctlRequest r, byte[] output) {
        ByteBuf b = req.alloc().buffer(48 + Math.max(output.length, 1));
        new IoctlResponse(r.ctlCode(), r.fileId(), output).encode(b);
        return b;
    }
}
