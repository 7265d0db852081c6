package dev.casmb.auth.ntlm;

/**
 * Successful NTLM authentication (failures are {@link NtlmException}s).
 *
 * @param user            user name (canonical spelling from the user database; empty when anonymous)
 * @param domain          domain name the client sent
 * @param anonymous       true for an anonymous (null session) logon
 * @param sessionKey      16-byte ExportedSessionKey (MS-NLMP 3.2.5.1.2); SMB 3 derives its keys from it
 * @param negotiatedFlags NegotiateFlags in effect (client AUTHENTICATE flags intersected with ours)
 */
public record NtlmAuthResult(String user, String domain, boolean anonymous, byte[] sessionKey, int negotiatedFlags) {

    public NtlmAuthResult {
        sessionKey = sessionKey.clone();
    }

    @Override
    public byte[] sessionKey() {
        return sessionKey.clone();
    }

    @Override
    public String toString() {
        return "NtlmAuthResult[user=" + user + ", domain=" + domain + ", anonymous=" + anonymous
                + ", flags=0x" + Integer.toHexString(negotiatedFlags) + "]";
    }
}
