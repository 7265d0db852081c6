package dev.casmb.auth.ntlm;

/**
 * NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1). Only the flags matter to the server; the optional OEM
 * domain/workstation are decoded when their "supplied" flags are set.
 */
public record NegotiateMessage(int flags, String domain, String workstation) {

    static final int TYPE = 1;

    public static NegotiateMessage decode(byte[] msg) throws NtlmException {
        NtlmWire.checkHeader(msg, 16, TYPE);
        int flags = NtlmWire.u32(msg, 12);
        String domain = "";
        String ws = "";
        // Fields at 16 and 24 exist only in messages >= 32 bytes; very old clients send 16 bytes.
        if (msg.length >= 32) {
            if (NtlmFlags.has(flags, NtlmFlags.OEM_DOMAIN_SUPPLIED)) {
                domain = NtlmWire.string(NtlmWire.field(msg, 16, "DomainName"), false, "DomainName");
            }
            if (NtlmFlags.has(flags, NtlmFlags.OEM_WORKSTATION_SUPPLIED)) {
                ws = NtlmWire.string(NtlmWire.field(msg, 24, "Workstation"), false, "Workstation");
            }
        }
        return new NegotiateMessage(flags, domain, ws);
    }

    /** Encodes (client side; used by tests and tools). Includes an 8-byte Version when VERSION is set. */
    public byte[] encode() {
        boolean version = NtlmFlags.has(flags, NtlmFlags.VERSION);
        NtlmWire.Builder b = new NtlmWire.Builder(version ? 40 : 32, TYPE).u32(12, flags);
        b.field(16, NtlmWire.encode(domain, false)).field(24, NtlmWire.encode(workstation, false));
        if (version) {
            b.bytes(32, NtlmVersion.DEFAULT);
        }
        return b.build();
    }
}
