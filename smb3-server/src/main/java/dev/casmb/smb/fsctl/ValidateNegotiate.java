package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.ValidateNegotiateInfoRequest;
import dev.casmb.smb.proto.message.ValidateNegotiateInfoResponse;
import dev.casmb.smb.state.SmbConnection;
import java.util.Arrays;

/**
 * FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.32.6, 3.3.5.15.12): the client repeats what it sent in
 * NEGOTIATE over a signed request, so that a downgrade by a man in the middle is detected. Any
 * mismatch terminates the connection.
 */
final class ValidateNegotiate implements FsctlHandler {
    static final int OUTPUT_SIZE = ValidateNegotiateInfoResponse.SIZE;

    @Override public boolean noFile(int ctlCode) { return true; }

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        SmbConnection c = r.smb().connection();
        ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(r.input());
        if (r.maxOutput() < OUTPUT_SIZE) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
        if (!r.smb().header.isSigned() && !r.smb().encrypted) {
            terminate(r, "unsigned VALIDATE_NEGOTIATE_INFO");
        }
        int caps = v.capabilities();
        byte[] guid = v.guid();
        int securityMode = v.securityMode();
        int[] dialects = v.dialects();
        if (!matches(c, caps, guid, securityMode, dialects)) {
            terminate(r, String.format("VALIDATE_NEGOTIATE_INFO mismatch: caps %x/%x mode %x/%x dialects %s/%s",
                caps, c.clientCapabilities, securityMode, c.clientSecurityMode, Arrays.toString(dialects),
                Arrays.toString(c.clientDialects)));
        }
        // NEGOTIATE does not record its SecurityMode on the connection; it is derived from the config.
        int mode = c.serverSecurityMode != 0 ? c.serverSecurityMode
            : SIGNING_ENABLED | (r.smb().server().config().signingRequired() ? SIGNING_REQUIRED : 0);
        return FsctlResult.ok(response(c, r.smb().server().serverGuid(), mode));
    }

    static boolean matches(SmbConnection c, int caps, byte[] guid, int securityMode, int[] dialects) {
        if (caps != c.clientCapabilities || securityMode != c.clientSecurityMode) return false;
        if (!Arrays.equals(guid, c.clientGuid)) return false;
        int[] a = dialects.clone();
        int[] b = c.clientDialects.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return Arrays.equals(a, b);
    }

    static final int SIGNING_ENABLED = 1, SIGNING_REQUIRED = 2;

    static byte[] response(SmbConnection c, byte[] serverGuid, int securityMode) {
        return new ValidateNegotiateInfoResponse(c.serverCapabilities, serverGuid, securityMode, c.dialect).toBytes();
    }

    private static void terminate(FsctlRequest r, String why) throws SmbException {
        if (r.smb().connection().channel != null) r.smb().connection().channel.close();
        throw new SmbException(NtStatus.ACCESS_DENIED, why);
    }
}
