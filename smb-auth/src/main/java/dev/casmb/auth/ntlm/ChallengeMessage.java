package dev.casmb.auth.ntlm;

import java.util.List;

/** CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2). {@code targetInfo} is the raw AV_PAIR list bytes. */
public record ChallengeMessage(int flags, String targetName, byte[] serverChallenge, byte[] targetInfo) {

    static final int TYPE = 2;
    static final int HEADER_LEN = 56;

    public ChallengeMessage {
        if (serverChallenge == null || serverChallenge.length != 8) {
            throw new IllegalArgumentException("server challenge must be 8 bytes");
        }
        serverChallenge = serverChallenge.clone();
        targetInfo = targetInfo == null ? new byte[0] : targetInfo.clone();
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }

    @Override
    public byte[] targetInfo() {
        return targetInfo.clone();
    }

    public List<AvPair> targetInfoPairs() throws NtlmException {
        return targetInfo.length == 0 ? List.of() : AvPair.decodeList(targetInfo, 0, targetInfo.length);
    }

    public static ChallengeMessage decode(byte[] msg) throws NtlmException {
        NtlmWire.checkHeader(msg, 32, TYPE);
        int flags = NtlmWire.u32(msg, 20);
        boolean unicode = NtlmFlags.has(flags, NtlmFlags.UNICODE);
        String target = NtlmWire.string(NtlmWire.field(msg, 12, "TargetName"), unicode, "TargetName");
        byte[] chal = NtlmWire.slice(msg, 24, 8);
        byte[] ti = new byte[0];
        if (msg.length >= 48 && NtlmFlags.has(flags, NtlmFlags.TARGET_INFO)) {
            ti = NtlmWire.field(msg, 40, "TargetInfo");
            if (ti.length > 0) {
                AvPair.decodeList(ti, 0, ti.length); // validate
            }
        }
        return new ChallengeMessage(flags, target, chal, ti);
    }

    public byte[] encode() {
        NtlmWire.Builder b = new NtlmWire.Builder(HEADER_LEN, TYPE);
        b.field(12, NtlmWire.encode(targetName, NtlmFlags.has(flags, NtlmFlags.UNICODE)));
        b.u32(20, flags).bytes(24, serverChallenge);
        // 32..40 Reserved (zero)
        b.field(40, targetInfo);
        if (NtlmFlags.has(flags, NtlmFlags.VERSION)) {
            b.bytes(48, NtlmVersion.DEFAULT);
        }
        return b.build();
    }
}
