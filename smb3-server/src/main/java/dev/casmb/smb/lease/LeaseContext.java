package dev.casmb.smb.lease;

import dev.casmb.smb.proto.LeaseState;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The RqLs create context: request (MS-SMB2 2.2.13.2.8 v1, 32 bytes; 2.2.13.2.10 v2, 52 bytes) and
 * response (2.2.14.2.10 v1, 2.2.14.2.11 v2), all the same layout:
 * LeaseKey(16) LeaseState(4) LeaseFlags(4) LeaseDuration(8) [ParentLeaseKey(16) Epoch(2) Reserved(2)].
 */
public record LeaseContext(int version, byte[] key, int state, int flags, byte[] parentKey, int epoch) {
    public static final String TAG = "RqLs";
    public static final int V1_SIZE = 32, V2_SIZE = 52;
    /** Response flag: a break of this lease is in progress. */
    public static final int FLAG_BREAK_IN_PROGRESS = 0x2;
    /** Request/response flag: ParentLeaseKey is set (v2 only). */
    public static final int FLAG_PARENT_LEASE_KEY_SET = 0x4;

    /**
     * Parses a request context. A 52-byte (v2) context is read as v1 when the connection is not SMB 3.x
     * (the v2 fields exist only in the 3.x family).
     */
    public static LeaseContext parse(byte[] d, boolean smb3) throws SmbException {
        if (d == null) return null;
        if (d.length != V1_SIZE && d.length != V2_SIZE) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "bad lease context length " + d.length);
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        byte[] key = Arrays.copyOfRange(d, 0, 16);
        int state = b.getInt(16);
        int flags = b.getInt(20);
        if (d.length == V2_SIZE && smb3) {
            byte[] parent = (flags & FLAG_PARENT_LEASE_KEY_SET) != 0 ? Arrays.copyOfRange(d, 32, 48) : null;
            return new LeaseContext(2, key, state, flags & FLAG_PARENT_LEASE_KEY_SET, parent, b.getShort(48) & 0xFFFF);
        }
        return new LeaseContext(1, key, state, 0, null, 0);
    }

    /** The response context body for this version. */
    public byte[] encode() {
        byte[] d = new byte[version == 2 ? V2_SIZE : V1_SIZE];
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, key, 0, 16);
        b.putInt(16, state);
        b.putInt(20, flags);
        if (version == 2) {
            if (parentKey != null) b.put(32, parentKey, 0, 16);
            b.putShort(48, (short) epoch);
        }
        return d;
    }
}
