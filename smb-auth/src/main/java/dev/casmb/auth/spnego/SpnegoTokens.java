package dev.casmb.auth.spnego;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.casmb.auth.spnego.Der.DerException;
import dev.casmb.auth.spnego.Der.Element;

/**
 * SPNEGO token codecs (RFC 4178 section 4.2, MS-SPNG 2.2). OIDs are handled as their complete DER
 * encodings (tag 06 included) so comparisons are byte-exact.
 *
 * <pre>
 * InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE { thisMech OID(1.3.6.1.5.5.2), innerToken }
 * NegotiationToken ::= CHOICE { negTokenInit [0] NegTokenInit, negTokenResp [1] NegTokenResp }
 * NegTokenInit  ::= SEQUENCE { mechTypes [0] MechTypeList, reqFlags [1] OPTIONAL, mechToken [2] OCTET STRING OPTIONAL,
 *                              mechListMIC [3] OCTET STRING OPTIONAL }
 * NegTokenInit2 ::= SEQUENCE { mechTypes [0], reqFlags [1], mechToken [2], negHints [3] NegHints, mechListMIC [4] }
 * NegTokenResp  ::= SEQUENCE { negState [0] ENUMERATED OPTIONAL, supportedMech [1] OID OPTIONAL,
 *                              responseToken [2] OCTET STRING OPTIONAL, mechListMIC [3] OCTET STRING OPTIONAL }
 * </pre>
 */
public final class SpnegoTokens {
    private SpnegoTokens() {}

    /** Largest token accepted (SMB2 security buffers from real clients are a few KiB). */
    public static final int MAX_TOKEN = 64 * 1024;

    public static final byte[] OID_SPNEGO = Der.oid("1.3.6.1.5.5.2");
    public static final byte[] OID_NTLMSSP = Der.oid("1.3.6.1.4.1.311.2.2.10");
    public static final byte[] OID_KRB5 = Der.oid("1.2.840.113554.1.2.2");
    public static final byte[] OID_MS_KRB5 = Der.oid("1.2.840.48018.1.2.2");

    public static final int ACCEPT_COMPLETED = 0;
    public static final int ACCEPT_INCOMPLETE = 1;
    public static final int REJECT = 2;
    public static final int REQUEST_MIC = 3;

    /** Decoded NegTokenInit; {@code mechTypesDer} is the exact MechTypeList encoding the client sent (MIC input). */
    public record NegTokenInit(List<byte[]> mechTypes, byte[] mechTypesDer, byte[] mechToken, byte[] mechListMic) {}

    /** Decoded NegTokenResp; absent fields are null ({@code negState} -1 when absent). */
    public record NegTokenResp(int negState, byte[] supportedMech, byte[] responseToken, byte[] mechListMic) {}

    static void checkSize(byte[] token) throws SpnegoException {
        if (token == null || token.length == 0) {
            throw new SpnegoException("empty token");
        }
        if (token.length > MAX_TOKEN) {
            throw new SpnegoException("token larger than " + MAX_TOKEN + " bytes");
        }
    }

    /** Decodes a GSS InitialContextToken wrapping a NegTokenInit (client's first SPNEGO token). */
    public static NegTokenInit decodeInit(byte[] token) throws SpnegoException {
        checkSize(token);
        try {
            Element app = Der.parseOne(token).expect(Der.TAG_APPLICATION_0);
            List<Element> parts = app.children();
            if (parts.size() != 2 || !Arrays.equals(parts.get(0).encoded(), OID_SPNEGO)) {
                throw new SpnegoException("InitialContextToken is not SPNEGO");
            }
            Element seq = parts.get(1).expect(Der.context(0)).single().expect(Der.TAG_SEQUENCE);
            List<byte[]> mechs = new ArrayList<>();
            byte[] mechTypesDer = null;
            byte[] mechToken = null;
            byte[] mic = null;
            int lastTag = -1;
            for (Element f : seq.children()) {
                if (f.tag() <= lastTag) {
                    throw new SpnegoException("NegTokenInit fields out of order");
                }
                lastTag = f.tag();
                switch (f.tag()) {
                    case 0xa0 -> {
                        Element list = f.single().expect(Der.TAG_SEQUENCE);
                        mechTypesDer = list.encoded();
                        for (Element m : list.children()) {
                            mechs.add(m.expect(Der.TAG_OID).encoded());
                        }
                    }
                    case 0xa1 -> f.single().expect(Der.TAG_BIT_STRING); // reqFlags: ignored (RFC 4178 4.2.1)
                    case 0xa2 -> mechToken = f.single().expect(Der.TAG_OCTET_STRING).value();
                    case 0xa3 -> { // mechListMIC, or negHints if a peer sent the NegTokenInit2 layout
                        Element v = f.single();
                        if (v.tag() == Der.TAG_OCTET_STRING) {
                            mic = v.value();
                        } else {
                            v.expect(Der.TAG_SEQUENCE);
                        }
                    }
                    case 0xa4 -> mic = f.single().expect(Der.TAG_OCTET_STRING).value(); // NegTokenInit2 mechListMIC
                    default -> throw new SpnegoException("unexpected NegTokenInit field 0x" + Integer.toHexString(f.tag()));
                }
            }
            if (mechTypesDer == null || mechs.isEmpty()) {
                throw new SpnegoException("NegTokenInit without mechTypes");
            }
            return new NegTokenInit(mechs, mechTypesDer, mechToken, mic);
        } catch (DerException e) {
            throw new SpnegoException("bad NegTokenInit: " + e.getMessage(), e);
        }
    }

    /** Decodes a NegTokenResp ([1] NegTokenResp, no application wrapper). */
    public static NegTokenResp decodeResp(byte[] token) throws SpnegoException {
        checkSize(token);
        try {
            Element seq = Der.parseOne(token).expect(Der.context(1)).single().expect(Der.TAG_SEQUENCE);
            int state = -1;
            byte[] mech = null;
            byte[] resp = null;
            byte[] mic = null;
            int lastTag = -1;
            for (Element f : seq.children()) {
                if (f.tag() <= lastTag) {
                    throw new SpnegoException("NegTokenResp fields out of order");
                }
                lastTag = f.tag();
                switch (f.tag()) {
                    case 0xa0 -> {
                        byte[] v = f.single().expect(Der.TAG_ENUMERATED).value();
                        if (v.length != 1 || v[0] < 0 || v[0] > 3) {
                            throw new SpnegoException("bad negState");
                        }
                        state = v[0];
                    }
                    case 0xa1 -> mech = f.single().expect(Der.TAG_OID).encoded();
                    case 0xa2 -> resp = f.single().expect(Der.TAG_OCTET_STRING).value();
                    case 0xa3 -> mic = f.single().expect(Der.TAG_OCTET_STRING).value();
                    default -> throw new SpnegoException("unexpected NegTokenResp field 0x" + Integer.toHexString(f.tag()));
                }
            }
            return new NegTokenResp(state, mech, resp, mic);
        } catch (DerException e) {
            throw new SpnegoException("bad NegTokenResp: " + e.getMessage(), e);
        }
    }

    /** MechTypeList DER (SEQUENCE OF OID): the input of mechListMIC. */
    public static byte[] mechTypesDer(List<byte[]> oids) {
        return Der.tlv(Der.TAG_SEQUENCE, oids.toArray(new byte[0][]));
    }

    /** Client-side NegTokenInit in an InitialContextToken (for tests and outbound clients). */
    public static byte[] encodeInit(List<byte[]> mechOids, byte[] mechToken, byte[] mechListMic) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(Der.tlv(Der.context(0), mechTypesDer(mechOids)));
        if (mechToken != null) {
            fields.add(Der.tlv(Der.context(2), Der.tlv(Der.TAG_OCTET_STRING, mechToken)));
        }
        if (mechListMic != null) {
            fields.add(Der.tlv(Der.context(3), Der.tlv(Der.TAG_OCTET_STRING, mechListMic)));
        }
        byte[] init = Der.tlv(Der.context(0), Der.tlv(Der.TAG_SEQUENCE, fields.toArray(new byte[0][])));
        return Der.tlv(Der.TAG_APPLICATION_0, OID_SPNEGO, init);
    }

    /**
     * NegTokenInit2 (MS-SPNG 2.2.1) as sent by servers in the SMB2 NEGOTIATE response: mechTypes
     * {NTLMSSP} and negHints.hintName "not_defined_in_RFC4178@please_ignore".
     */
    public static byte[] encodeInit2(List<byte[]> mechOids) {
        byte[] hintName = Der.tlv(Der.TAG_GENERAL_STRING,
                "not_defined_in_RFC4178@please_ignore".getBytes(StandardCharsets.US_ASCII));
        byte[] negHints = Der.tlv(Der.TAG_SEQUENCE, Der.tlv(Der.context(0), hintName));
        byte[] seq = Der.tlv(Der.TAG_SEQUENCE,
                Der.tlv(Der.context(0), mechTypesDer(mechOids)),
                Der.tlv(Der.context(3), negHints));
        return Der.tlv(Der.TAG_APPLICATION_0, OID_SPNEGO, Der.tlv(Der.context(0), seq));
    }

    /** NegTokenResp; negState < 0 and null arrays are omitted. */
    public static byte[] encodeResp(int negState, byte[] supportedMech, byte[] responseToken, byte[] mechListMic) {
        List<byte[]> fields = new ArrayList<>();
        if (negState >= 0) {
            fields.add(Der.tlv(Der.context(0), Der.tlv(Der.TAG_ENUMERATED, new byte[] {(byte) negState})));
        }
        if (supportedMech != null) {
            fields.add(Der.tlv(Der.context(1), supportedMech));
        }
        if (responseToken != null) {
            fields.add(Der.tlv(Der.context(2), Der.tlv(Der.TAG_OCTET_STRING, responseToken)));
        }
        if (mechListMic != null) {
            fields.add(Der.tlv(Der.context(3), Der.tlv(Der.TAG_OCTET_STRING, mechListMic)));
        }
        return Der.tlv(Der.context(1), Der.tlv(Der.TAG_SEQUENCE, fields.toArray(new byte[0][])));
    }
}
