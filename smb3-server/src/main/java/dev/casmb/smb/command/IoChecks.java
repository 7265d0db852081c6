package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CreditCharge;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.proto.SmbException;

/**
 * The CreditCharge check for the handlers that still run it themselves (QUERY_DIRECTORY, QUERY_INFO,
 * SET_INFO, CHANGE_NOTIFY); READ, WRITE and IOCTL declare their payload in the command table instead.
 */
final class IoChecks {
    private IoChecks() {}

    /** MS-SMB2 3.3.5.2.5: CreditCharge must cover the payload, in 64 KiB units. */
    static void creditCharge(SmbRequest req, long payload) throws SmbException {
        CreditCharge.check(req, payload);
    }
}
