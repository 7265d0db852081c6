package dev.casmb.auth.ntlm;

/**
 * AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3).
 *
 * <p>{@code mic} holds the 16 bytes at offset 72 when the fixed header is long enough to contain a
 * MIC (i.e. every payload field starts at or after 88), otherwise {@code null}. Whether those bytes
 * really are a MIC is only known from MsvAvFlags inside the NTLMv2 response (MS-NLMP 3.2.5.1.2).
 */
public record AuthenticateMessage(byte[] lmResponse, byte[] ntResponse, String domain, String user,
                                  String workstation, byte[] encryptedRandomSessionKey, int flags, byte[] mic) {

    static final int TYPE = 3;
    static final int MIC_OFFSET = 72;
    static final int MIC_END = 88;
    /** Descriptor offsets of the six payload fields. */
    private static final int[] FIELDS = {12, 20, 28, 36, 44, 52};

    public static AuthenticateMessage decode(byte[] msg) throws NtlmException {
        NtlmWire.checkHeader(msg, 64, TYPE);
        int flags = NtlmWire.u32(msg, 60);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.UNICODE);
        long payloadStart = msg.length;
        for (int d : FIELDS) {
            long off = NtlmWire.fieldOffset(msg, d);
            if (off != Long.MAX_VALUE && off < 64) {
                throw NtlmException.malformed("payload field at " + off + " overlaps fixed header");
            }
            payloadStart = Math.min(payloadStart, off);
        }
        byte[] lm = NtlmWire.field(msg, 12, "LmChallengeResponse");
        byte[] nt = NtlmWire.field(msg, 20, "NtChallengeResponse");
        byte[] domRaw = NtlmWire.field(msg, 28, "DomainName");
        byte[] userRaw = NtlmWire.field(msg, 36, "UserName");
        byte[] wsRaw = NtlmWire.field(msg, 44, "Workstation");
        byte[] key = NtlmWire.field(msg, 52, "EncryptedRandomSessionKey");
        if (domRaw.length > 512 || userRaw.length > 512 || wsRaw.length > 512) {
            throw NtlmException.malformed("name field too long");
        }
        byte[] mic = payloadStart >= MIC_END && msg.length >= MIC_END ? NtlmWire.slice(msg, MIC_OFFSET, 16) : null;
        return new AuthenticateMessage(lm, nt,
                NtlmWire.string(domRaw, unicode, "DomainName"),
                NtlmWire.string(userRaw, unicode, "UserName"),
                NtlmWire.string(wsRaw, unicode, "Workstation"),
                key, flags, mic);
    }

    /**
     * Encodes (client side; tests and tools). With {@code withMic} the header is 88 bytes and the MIC
     * field holds {@code mic} (or zeros if null) so the caller can compute and patch it at offset 72.
     */
    public byte[] encode(boolean withMic) {
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.UNICODE);
        NtlmWire.Builder b = new NtlmWire.Builder(withMic ? MIC_END : 72, TYPE);
        b.field(12, lmResponse == null ? new byte[0] : lmResponse)
                .field(20, ntResponse == null ? new byte[0] : ntResponse)
                .field(28, NtlmWire.encode(domain, unicode))
                .field(36, NtlmWire.encode(user, unicode))
                .field(44, NtlmWire.encode(workstation, unicode))
                .field(52, encryptedRandomSessionKey == null ? new byte[0] : encryptedRandomSessionKey)
                .u32(60, flags)
                .bytes(64, NtlmVersion.DEFAULT);
        if (withMic && mic != null) {
            b.bytes(MIC_OFFSET, mic);
        }
        return b.build();
    }
}
