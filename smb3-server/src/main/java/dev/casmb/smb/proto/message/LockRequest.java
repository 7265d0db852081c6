package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * SMB2 LOCK Request (MS-SMB2 2.2.26): StructureSize 48, LockCount, LockSequence (LockSequenceNumber in the low 4
 * bits, LockSequenceIndex in the high 28), FileId, then LockCount SMB2_LOCK_ELEMENTs (2.2.26.1: Offset, Length,
 * Flags, Reserved; 24 bytes each). LockCount must be 1..{@link #MAX_LOCK_COUNT} and the elements all present,
 * else STATUS_INVALID_PARAMETER.
 */
public record LockRequest(int lockSequence, FileId fileId, List<Element> locks) {
    public static final int STRUCTURE_SIZE = 48;
    /** Size of the fixed part before the elements. */
    public static final int FIXED_SIZE = 24;
    public static final int ELEMENT_SIZE = 24;
    /** Upper bound on LockCount; far above what clients send, it only bounds the work per request. */
    public static final int MAX_LOCK_COUNT = 4096;
    /** SMB2_LOCKFLAG_* (MS-SMB2 2.2.26.1). */
    public static final int SHARED = 0x1, EXCLUSIVE = 0x2, UNLOCK = 0x4, FAIL_IMMEDIATELY = 0x10;

    /** SMB2_LOCK_ELEMENT; {@code reserved} is kept so that a decoded element encodes back as it came. */
    public record Element(long offset, long length, int flags, int reserved) {
        public Element(long offset, long length, int flags) {
            this(offset, length, flags, 0);
        }
    }

    public LockRequest {
        locks = List.copyOf(locks);
    }

    /** LockSequenceNumber: the low 4 bits. */
    public int sequenceNumber() { return lockSequence & 0xF; }

    /** LockSequenceIndex: the high 28 bits. */
    public int sequenceIndex() { return lockSequence >>> 4; }

    public static LockRequest decode(Smb2Body b) throws SmbException {
        b.require(FIXED_SIZE);
        int count = b.u16(2);
        if (count == 0 || count > MAX_LOCK_COUNT) throw new SmbException(NtStatus.INVALID_PARAMETER, "bad LockCount");
        if (b.bodyLength() < FIXED_SIZE + (long) count * ELEMENT_SIZE) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "short lock array");
        }
        List<Element> els = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = FIXED_SIZE + i * ELEMENT_SIZE;
            els.add(new Element(b.u64(at), b.u64(at + 8), b.u32(at + 16), b.u32(at + 20)));
        }
        return new LockRequest(b.u32(4), b.fileId(8), els);
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);
        out.writeShortLE(locks.size());
        out.writeIntLE(lockSequence);
        fileId.encode(out);
        for (Element e : locks) {
            out.writeLongLE(e.offset());
            out.writeLongLE(e.length());
            out.writeIntLE(e.flags());
            out.writeIntLE(e.reserved());
        }
    }
}
