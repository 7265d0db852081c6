package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.dispatch.SmbResponse;
import dev.casmb.smb.fsctl.FsctlHandler;
import dev.casmb.smb.fsctl.FsctlRequest;
import dev.casmb.smb.fsctl.FsctlResult;
import dev.casmb.smb.fsctl.Fsctls;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.Open;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 IOCTL (MS-SMB2 2.2.31, 3.3.5.15): validates the request, then runs the FSCTL from
 * {@link Fsctls}. Only FSCTLs are supported (Flags must be SMB2_0_IOCTL_IS_FSCTL); unknown codes get
 * STATUS_INVALID_DEVICE_REQUEST on files and STATUS_FS_DRIVER_REQUIRED on IPC$, as Windows.
 */
public final class Ioctl implements CommandHandler {
    public static final int FLAG_IS_FSCTL = 0x1;
    static final int BUFFER_OFFSET = 64 + 48;
    /** Bound on MaxInputResponse/MaxOutputResponse and InputCount (MaxTransactSize). */
    static final int MAX_IO = ServerConfig.DEFAULT_MAX_IO;

    private final Fsctls fsctls = new Fsctls();

    @Override public int structureSize() { return 57; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        int ctlCode = req.u32(4);
        int inputOffset = req.u32(24);
        int inputCount = req.u32(28);
        int maxInput = req.u32(32);
        int outputCount = req.u32(40);
        int maxOutput = req.u32(44);
        int flags = req.u32(48);
        if (flags != FLAG_IS_FSCTL) throw new SmbException(NtStatus.NOT_SUPPORTED, "IOCTL without IS_FSCTL");
        if (inputCount < 0 || inputCount > MAX_IO || maxOutput < 0 || maxOutput > MAX_IO
            || maxInput < 0 || maxInput > MAX_IO || outputCount < 0 || outputCount > MAX_IO) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "IOCTL buffer too large");
        }
        // MS-SMB2 3.3.5.2.5: CreditCharge covers max(InputCount + OutputCount, MaxInput + MaxOutput).
        IoChecks.creditCharge(req, Math.max((long) inputCount + outputCount, (long) maxInput + maxOutput));
        byte[] input = new byte[inputCount];
        if (inputCount > 0) req.buffer(inputOffset, inputCount).getBytes(0, input);

        FsctlHandler h = fsctls.get(ctlCode);
        Open open = null;
        if (h == null || !h.noFile(ctlCode)) {
            open = req.open(8);
        } else if (req.u64(8) != -1L || req.u64(16) != -1L) {
            // MS-SMB2 3.3.5.15: these FSCTLs are sent with an all-ones FileId.
            throw new SmbException(NtStatus.INVALID_PARAMETER, "FileId must be all ones");
        }
        if (h == null) {
            throw new SmbException(req.tree().isIpc() ? NtStatus.FS_DRIVER_REQUIRED : NtStatus.INVALID_DEVICE_REQUEST,
                String.format("FSCTL 0x%08X", ctlCode));
        }
        FsctlResult r = h.handle(new FsctlRequest(req, ctlCode, open, input, maxOutput));
        return SmbResponse.of(r.status(), body(req, ctlCode, r.output()));
    }

    /** The IOCTL response (2.2.32): no input echoed, output at offset 112 from the header. */
    static ByteBuf body(SmbRequest req, int ctlCode, byte[] output) {
        ByteBuf b = req.alloc().buffer(48 + Math.max(output.length, 1));
        b.writeShortLE(49);
        b.writeShortLE(0);
        b.writeIntLE(ctlCode);
        b.writeBytes(req.msg(), 64 + 8, 16); // FileId as sent
        b.writeIntLE(BUFFER_OFFSET);
        b.writeIntLE(0);
        b.writeIntLE(BUFFER_OFFSET);
        b.writeIntLE(output.length);
        b.writeIntLE(0);
        b.writeIntLE(0);
        b.writeBytes(output);
        if (output.length == 0) b.writeByte(0);
        return b;
    }
}
