package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;

/**
 * MS-SMB2 3.3.5.2.5 Verifying the CreditCharge: on a connection with multi-credit support (2.1 and
 * later) CreditCharge must cover the payload in 64 KiB units (0 counts as 1); without it the payload may
 * not exceed 64 KiB. The dispatcher applies it to the commands whose table entry names their payload
 * ({@link CommandTable.CreditPayload}); every command with a payload has one.
 */
public final class CreditCharge {
    public static final int UNIT = 65536;

    private CreditCharge() {}

    public static void check(boolean multiCredit, int headerCharge, long payload) throws SmbException {
        if (!multiCredit) {
            if (payload > UNIT) throw new SmbException(NtStatus.INVALID_PARAMETER, "payload > 64 KiB without LARGE_MTU");
            return;
        }
        long needed = payload == 0 ? 1 : (payload - 1) / UNIT + 1;
        int charge = Math.max(1, headerCharge);
        if (charge < needed) throw new SmbException(NtStatus.INVALID_PARAMETER, "credit charge too small");
    }

    /** The check for a request being handled. */
    public static void check(SmbRequest req, long payload) throws SmbException {
        check(req.connection().supportsMultiCredit, req.header.creditCharge, payload);
    }
}
