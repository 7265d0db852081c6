package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.state.SmbConnection;
import java.util.Arrays;

/**
 * FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 2.2.32.6, 3.3.5.15.12): the client repeats what it sent in
 * NEGOTIATE over a signed request, so that a downgrade by a man in the middle is detected. Any
 * mismatch terminates the connection.
 */
final class ValidateNegotiate implements FsctlHandler {
    static final int OUTPUT_SIZE = 24;

    @Override public boolean noFile(int ctlCode) { return true; }

    @Override
    public FsctlResult handle(FsctlRequest r) throws SmbException {
        byte[] in = r.input();
        SmbConnection c = r.smb().connection();
        if (in.length < 24) throw new SmbException(NtStatus.INVALID_PARAMETER);
        int dialectCount = Le.u16(in, 22);
        if (in.length < 24 + 2 * dialectCount) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (r.maxOutput() < OUTPUT_SIZE) throw new SmbException(NtStatus.BUFFER_TOO_SMALL);
        if (!r.smb().header.isSigned() && !r.smb().encrypted) {
            terminate(r, "unsigned VALIDATE_NEGOTIATE_INFO");
        }
        int caps = Le.u32(in, 0);
        byte[] guid = Arrays.copyOfRange(in, 4, 20);
        int securityMode = Le.u16(in, 20);
        int[] dialects = new int[dialectCount];
        for (int i = 0; i < dialectCount; i++) dialects[i] = Le.u16(in, 24 + 2 * i);
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
        byte[] out = new byte[OUTPUT_SIZE];
        Le.put32(out, 0, c.serverCapabilities);
        System.arraycopy(serverGuid, 0, out, 4, 16);
        Le.put16(out, 20, securityMode);
        Le.put16(out, 22, c.dialect);
        return out;
    }

    private static void terminate(FsctlRequest r, String why) throws SmbException {
        if (r.smb().connection().channel != null) r.smb().connection().channel.close();
        throw new SmbException(NtStatus.ACCESS_DENIED, why);
    }
}
