package dev.casmb.smb.durable;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The durability create contexts of one CREATE (MS-SMB2 2.2.13.2.3/4/11/12, 2.2.13.2.13/15), parsed and
 * cross-checked (3.3.5.9.6/7/10/12): DHnQ, DHnC, DH2Q, DH2C, AppInstanceId, AppInstanceVersion.
 */
public record DurableRequest(Kind kind, int timeoutMs, boolean persistent, byte[] createGuid,
                             long fileIdPersistent, long fileIdVolatile,
                             byte[] appInstanceId, long appVersionHigh, long appVersionLow, boolean hasAppVersion) {
    public enum Kind { NONE, V1_REQUEST, V1_RECONNECT, V2_REQUEST, V2_RECONNECT }

    public static final int FLAG_PERSISTENT = 0x2;
    /** {45BCA66A-EFA7-F74A-9008-FA462E144D74} as it appears on the wire. */
    public static final String APP_INSTANCE_ID = tag(0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A, 0x90, 0x08, 0xFA, 0x46,
        0x2E, 0x14, 0x4D, 0x74);
    /** {B7D082B9-563B-4F07-A07B-524A8116A010} as it appears on the wire. */
    public static final String APP_INSTANCE_VERSION = tag(0xB9, 0x82, 0xD0, 0xB7, 0x3B, 0x56, 0x07, 0x4F, 0xA0, 0x7B, 0x52,
        0x4A, 0x81, 0x16, 0xA0, 0x10);

    private static String tag(int... b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) c[i] = (char) b[i];
        return new String(c);
    }

    public boolean isReconnect() { return kind == Kind.V1_RECONNECT || kind == Kind.V2_RECONNECT; }

    public static DurableRequest parse(Map<String, byte[]> ctx, boolean smb3) throws SmbException {
        byte[] dhnq = ctx.get("DHnQ");
        byte[] dhnc = ctx.get("DHnC");
        byte[] dh2q = smb3 ? ctx.get("DH2Q") : null;
        byte[] dh2c = smb3 ? ctx.get("DH2C") : null;
        byte[] app = smb3 ? ctx.get(APP_INSTANCE_ID) : null;
        byte[] ver = smb3 ? ctx.get(APP_INSTANCE_VERSION) : null;
        byte[] appId = null;
        long vh = 0, vl = 0;
        if (app != null) {
            if (app.length != 20 || le(app).getShort(0) != 20) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad AppInstanceId");
            appId = java.util.Arrays.copyOfRange(app, 4, 20);
        }
        if (ver != null) {
            if (ver.length != 24 || le(ver).getShort(0) != 24) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad AppInstanceVersion");
            vh = le(ver).getLong(8);
            vl = le(ver).getLong(16);
        }
        if (dh2q != null || dh2c != null) {
            // MS-SMB2 3.3.5.9.10/12: v2 contexts cannot be combined with v1 ones or with each other.
            if (dhnq != null || dhnc != null || (dh2q != null && dh2c != null)) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "conflicting durable contexts");
            }
            if (dh2q != null) {
                if (dh2q.length != 32) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad DH2Q length");
                ByteBuffer b = le(dh2q);
                return new DurableRequest(Kind.V2_REQUEST, b.getInt(0), (b.getInt(4) & FLAG_PERSISTENT) != 0,
                    java.util.Arrays.copyOfRange(dh2q, 16, 32), 0, 0, appId, vh, vl, ver != null);
            }
            if (dh2c.length != 36) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad DH2C length");
            ByteBuffer b = le(dh2c);
            return new DurableRequest(Kind.V2_RECONNECT, 0, (b.getInt(32) & FLAG_PERSISTENT) != 0,
                java.util.Arrays.copyOfRange(dh2c, 16, 32), b.getLong(0), b.getLong(8), appId, vh, vl, ver != null);
        }
        if (dhnc != null) {
            // MS-SMB2 3.3.5.9.7: a DHnQ alongside DHnC is ignored.
            if (dhnc.length != 16) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad DHnC length");
            ByteBuffer b = le(dhnc);
            return new DurableRequest(Kind.V1_RECONNECT, 0, false, null, b.getLong(0), b.getLong(8), appId, vh, vl, ver != null);
        }
        if (dhnq != null) {
            if (dhnq.length != 16) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad DHnQ length");
            return new DurableRequest(Kind.V1_REQUEST, 0, false, null, 0, 0, appId, vh, vl, ver != null);
        }
        return new DurableRequest(Kind.NONE, 0, false, null, 0, 0, appId, vh, vl, ver != null);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
