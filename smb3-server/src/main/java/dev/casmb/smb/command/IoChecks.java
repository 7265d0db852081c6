package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/** Checks shared by READ, WRITE, IOCTL and QUERY_DIRECTORY. */
final class IoChecks {
    private IoChecks() {}

    /** MS-SMB2 3.3.5.2.5: CreditCharge must cover the payload, in 64 KiB units. */
    static void creditCharge(SmbRequest req, long payload) throws SmbException {
        if (!req.connection().supportsMultiCredit) {
            if (payload > 65536) throw new SmbException(NtStatus.INVALID_PARAMETER, "payload > 64 KiB without LARGE_MTU");
            return;
        }
        long needed = payload == 0 ? 1 : (payload - 1) / 65536 + 1;
        int charge = Math.max(1, req.header.creditCharge);
        if (charge < needed) throw new SmbException(NtStatus.INVALID_PARAMETER, "credit charge too small");
    }
}
