package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The durability and application-instance create contexts (MS-SMB2 2.2.13.2.3/4/11/12/13/15, 2.2.14.2.3/4/12), one
 * record each with {@code decode(byte[])} of the context data (a wrong length is INVALID_PARAMETER, MS-SMB2 3.3.5.9)
 * and {@code encode()} of it. Context names: {@link CreateContext#DHNQ} and the others; the AppInstance contexts are
 * named by GUIDs ({@link #APP_INSTANCE_ID}, {@link #APP_INSTANCE_VERSION}).
 */
public final class DurableContexts {
    /** {45BCA66A-EFA7-F74A-9008-FA462E144D74} as it appears on the wire. */
    public static final String APP_INSTANCE_ID = tag(0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A, 0x90, 0x08, 0xFA, 0x46,
        0x2E, 0x14, 0x4D, 0x74);
    /** {B7D082B9-563B-4F07-A07B-524A8116A010} as it appears on the wire. */
    public static final String APP_INSTANCE_VERSION = tag(0xB9, 0x82, 0xD0, 0xB7, 0x3B, 0x56, 0x07, 0x4F, 0xA0, 0x7B, 0x52,
        0x4A, 0x81, 0x16, 0xA0, 0x10);
    /** SMB2_DHANDLE_FLAG_PERSISTENT (DH2Q/DH2C Flags). */
    public static final int FLAG_PERSISTENT = 0x2;

    private DurableContexts() {}

    private static String tag(int... b) {
        char[] c = new char[b.length];
        for (int i = 0; i < b.length; i++) c[i] = (char) b[i];
        return new String(c);
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void length(byte[] d, int n, String what) throws SmbException {
        if (d.length != n) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad " + what + " length");
    }

    /** DHnQ request (2.2.13.2.3): 16 reserved bytes. */
    public record DurableRequestV1() {
        public static DurableRequestV1 decode(byte[] d) throws SmbException {
            length(d, 16, "DHnQ");
            return new DurableRequestV1();
        }

        public byte[] encode() { return new byte[16]; }
    }

    /** DHnC request (2.2.13.2.4): the FileId of the open to reconnect. */
    public record DurableReconnectV1(FileId fileId) {
        public static DurableReconnectV1 decode(byte[] d) throws SmbException {
            length(d, 16, "DHnC");
            ByteBuffer b = le(d);
            return new DurableReconnectV1(new FileId(b.getLong(0), b.getLong(8)));
        }

        public byte[] encode() { return le(16).putLong(fileId.persistent()).putLong(fileId.volatileId()).array(); }
    }

    /** DH2Q request (2.2.13.2.11): Timeout, Flags, Reserved (8), CreateGuid. */
    public record DurableRequestV2(int timeoutMs, int flags, byte[] createGuid) {
        public boolean persistent() { return (flags & FLAG_PERSISTENT) != 0; }

        public static DurableRequestV2 decode(byte[] d) throws SmbException {
            length(d, 32, "DH2Q");
            ByteBuffer b = le(d);
            return new DurableRequestV2(b.getInt(0), b.getInt(4), Arrays.copyOfRange(d, 16, 32));
        }

        public byte[] encode() { return le(32).putInt(timeoutMs).putInt(flags).putLong(0).put(createGuid).array(); }
    }

    /** DH2C request (2.2.13.2.12): FileId, CreateGuid, Flags. */
    public record DurableReconnectV2(FileId fileId, byte[] createGuid, int flags) {
        public boolean persistent() { return (flags & FLAG_PERSISTENT) != 0; }

        public static DurableReconnectV2 decode(byte[] d) throws SmbException {
            length(d, 36, "DH2C");
            ByteBuffer b = le(d);
            return new DurableReconnectV2(new FileId(b.getLong(0), b.getLong(8)), Arrays.copyOfRange(d, 16, 32), b.getInt(32));
        }

        public byte[] encode() {
            return le(36).putLong(fileId.persistent()).putLong(fileId.volatileId()).put(createGuid).putInt(flags).array();
        }
    }

    /** DHnQ response (2.2.14.2.3): 8 reserved bytes. */
    public record DurableResponseV1() {
        public CreateContext context() { return new CreateContext(CreateContext.DHNQ, new byte[8]); }
    }

    /** DH2Q response (2.2.14.2.12): Timeout, Flags. */
    public record DurableResponseV2(int timeoutMs, int flags) {
        public byte[] encode() { return le(8).putInt(timeoutMs).putInt(flags).array(); }

        public CreateContext context() { return new CreateContext(CreateContext.DH2Q, encode()); }

        public static DurableResponseV2 decode(byte[] d) throws SmbException {
            length(d, 8, "DH2Q response");
            ByteBuffer b = le(d);
            return new DurableResponseV2(b.getInt(0), b.getInt(4));
        }
    }

    /** SMB2_CREATE_APP_INSTANCE_ID (2.2.13.2.13): StructureSize 20, Reserved, AppInstanceId. */
    public record AppInstanceId(byte[] appInstanceId) {
        public static AppInstanceId decode(byte[] d) throws SmbException {
            if (d.length != 20 || le(d).getShort(0) != 20) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad AppInstanceId");
            return new AppInstanceId(Arrays.copyOfRange(d, 4, 20));
        }

        public byte[] encode() { return le(20).putShort((short) 20).putShort((short) 0).put(appInstanceId).array(); }
    }

    /** SMB2_CREATE_APP_INSTANCE_VERSION (2.2.13.2.15): StructureSize 24, Reserved, Padding, VersionHigh, VersionLow. */
    public record AppInstanceVersion(long high, long low) {
        public static AppInstanceVersion decode(byte[] d) throws SmbException {
            if (d.length != 24 || le(d).getShort(0) != 24) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad AppInstanceVersion");
            }
            ByteBuffer b = le(d);
            return new AppInstanceVersion(b.getLong(8), b.getLong(16));
        }

        public byte[] encode() { return le(24).putShort((short) 24).putShort((short) 0).putInt(0).putLong(high).putLong(low).array(); }
    }

    /** SMB2_CREATE_TIMEWARP_TOKEN (2.2.13.2.7, "TWrp"): the snapshot's Timestamp (FILETIME). Not served yet. */
    public record TimewarpToken(long timestamp) {
        public static TimewarpToken decode(byte[] d) throws SmbException {
            length(d, 8, "TWrp");
            return new TimewarpToken(le(d).getLong(0));
        }

        public byte[] encode() { return le(8).putLong(timestamp).array(); }
    }
}
