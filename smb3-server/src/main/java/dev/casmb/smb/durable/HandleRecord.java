package dev.casmb.smb.durable;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The persisted state of one persistent handle: everything needed to rebuild the open after a server
 * restart or on the partner node, and to check a DH2C reclaim (MS-SMB2 3.3.5.9.12). Small and explicit,
 * like illumos' per-handle nvlist. Encoded with a version byte; decoding rejects anything malformed.
 */
public record HandleRecord(
    long persistentId,
    byte[] createGuid,
    byte[] clientGuid,
    String owner,
    String share,
    String path,
    int grantedAccess,
    int shareAccess,
    int createOptions,
    boolean directory,
    int timeoutMs,
    byte[] appInstanceId,
    long appInstanceVersionHigh,
    long appInstanceVersionLow,
    byte[] leaseKey,
    int leaseState,
    int leaseEpoch,
    int leaseVersion,
    List<LockRange> locks,
    byte[] lockSequences,
    long ownershipEpoch) {

    public static final int VERSION = 1;
    public static final int MAX_LOCKS = 10_000;
    public static final int MAX_STRING = 32 * 1024;

    /** One byte-range lock held by the handle. */
    public record LockRange(long offset, long length, boolean exclusive) {}

    public byte[] encode() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bos);
            out.writeByte(VERSION);
            out.writeLong(persistentId);
            writeBytes(out, createGuid);
            writeBytes(out, clientGuid);
            out.writeUTF(owner);
            out.writeUTF(share);
            out.writeUTF(path);
            out.writeInt(grantedAccess);
            out.writeInt(shareAccess);
            out.writeInt(createOptions);
            out.writeBoolean(directory);
            out.writeInt(timeoutMs);
            writeBytes(out, appInstanceId);
            out.writeLong(appInstanceVersionHigh);
            out.writeLong(appInstanceVersionLow);
            writeBytes(out, leaseKey);
            out.writeInt(leaseState);
            out.writeInt(leaseEpoch);
            out.writeInt(leaseVersion);
            out.writeInt(locks.size());
            for (LockRange l : locks) {
                out.writeLong(l.offset());
                out.writeLong(l.length());
                out.writeBoolean(l.exclusive());
            }
            writeBytes(out, lockSequences);
            out.writeLong(ownershipEpoch);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a record; throws CorruptRecordException on any inconsistency. */
    public static HandleRecord decode(byte[] b) throws CorruptRecordException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            int v = in.readUnsignedByte();
            if (v != VERSION) throw new CorruptRecordException("unknown handle record version " + v);
            long pid = in.readLong();
            byte[] cg = readBytes(in, 16);
            byte[] clg = readBytes(in, 16);
            String owner = in.readUTF();
            String share = in.readUTF();
            String path = in.readUTF();
            int access = in.readInt();
            int shareAccess = in.readInt();
            int options = in.readInt();
            boolean dir = in.readBoolean();
            int timeout = in.readInt();
            byte[] app = readBytes(in, 16);
            long avh = in.readLong();
            long avl = in.readLong();
            byte[] lk = readBytes(in, 16);
            int ls = in.readInt();
            int le = in.readInt();
            int lv = in.readInt();
            int n = in.readInt();
            if (n < 0 || n > MAX_LOCKS) throw new CorruptRecordException("bad lock count " + n);
            List<LockRange> locks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) locks.add(new LockRange(in.readLong(), in.readLong(), in.readBoolean()));
            byte[] seq = readBytes(in, 64);
            long epoch = in.readLong();
            if (in.available() != 0) throw new CorruptRecordException("trailing bytes in handle record");
            if (timeout < 0) throw new CorruptRecordException("negative timeout");
            return new HandleRecord(pid, cg, clg, owner, share, path, access, shareAccess, options, dir, timeout,
                app, avh, avl, lk, ls, le, lv, List.copyOf(locks), seq, epoch);
        } catch (IOException e) {
            throw new CorruptRecordException("truncated handle record: " + e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeByte(0);
        } else {
            out.writeByte(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in, int max) throws IOException, CorruptRecordException {
        int n = in.readUnsignedByte();
        if (n == 0) return null;
        if (n > max) throw new CorruptRecordException("field of " + n + " bytes exceeds " + max);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandleRecord r && Arrays.equals(encode(), r.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "HandleRecord[" + persistentId + " " + share + ":" + path + " owner=" + owner + " locks=" + locks.size() + "]";
    }
}
