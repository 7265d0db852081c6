package dev.casmb.smb.info;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The SET_INFO input buffers of the file information classes the server sets (MS-FSCC 2.4), one record each:
 * {@code decode(byte[])} fails with STATUS_INFO_LENGTH_MISMATCH on a buffer shorter than the class's fixed part
 * (MS-FSA 2.1.5.14) and {@code encode()} writes it back.
 */
public final class SetFileInfo {
    private SetFileInfo() {}

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void need(byte[] in, int n) throws SmbException {
        if (in.length < n) throw new SmbException(NtStatus.INFO_LENGTH_MISMATCH);
    }

    /** FileBasicInformation (2.4.7): four FILETIMEs (0, -1, -2: leave unchanged) and FileAttributes (0: unchanged). */
    public record Basic(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime, int attributes) {
        public static final int SIZE = 40;

        public static Basic decode(byte[] in) throws SmbException {
            need(in, SIZE);
            ByteBuffer b = le(in);
            return new Basic(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), b.getInt(32));
        }

        public byte[] encode() {
            return le(SIZE).putLong(creationTime).putLong(lastAccessTime).putLong(lastWriteTime).putLong(changeTime)
                .putInt(attributes).array();
        }
    }

    /**
     * FileRenameInformation, SMB2 form (2.4.37.2): ReplaceIfExists, Reserved (7), RootDirectory (8, must be 0 over
     * SMB2), FileNameLength, FileName (UTF-16LE). A bad RootDirectory or name length is INVALID_PARAMETER.
     */
    public record Rename(boolean replaceIfExists, String fileName) {
        public static final int FIXED = 20;

        public static Rename decode(byte[] in) throws SmbException {
            need(in, FIXED);
            ByteBuffer b = le(in);
            long rootDirectory = b.getLong(8);
            long nameLen = b.getInt(16) & 0xFFFFFFFFL;
            if (rootDirectory != 0 || (nameLen & 1) != 0 || FIXED + nameLen > in.length || nameLen == 0) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad rename buffer");
            }
            return new Rename(in[0] != 0, new String(in, FIXED, (int) nameLen, StandardCharsets.UTF_16LE));
        }

        public byte[] encode() {
            byte[] n = fileName.getBytes(StandardCharsets.UTF_16LE);
            return le(FIXED + n.length).put((byte) (replaceIfExists ? 1 : 0)).put(new byte[7]).putLong(0).putInt(n.length)
                .put(n).array();
        }
    }

    /** FileDispositionInformation (2.4.11): DeletePending. */
    public record Disposition(boolean deletePending) {
        public static Disposition decode(byte[] in) throws SmbException {
            need(in, 1);
            return new Disposition(in[0] != 0);
        }

        public byte[] encode() { return new byte[] {(byte) (deletePending ? 1 : 0)}; }
    }

    /** FileDispositionInformationEx (2.4.11.2): Flags (DELETE, POSIX_SEMANTICS, ON_CLOSE, IGNORE_READONLY_ATTRIBUTE). */
    public record DispositionEx(int flags) {
        public static DispositionEx decode(byte[] in) throws SmbException {
            need(in, 4);
            return new DispositionEx(le(in).getInt(0));
        }

        public byte[] encode() { return le(4).putInt(flags).array(); }
    }

    /**
     * The classes whose buffer is one 64-bit value: FilePositionInformation (2.4.35, CurrentByteOffset),
     * FileEndOfFileInformation (2.4.14, EndOfFile), FileAllocationInformation (2.4.4, AllocationSize).
     */
    public record Int64(long value) {
        public static Int64 decode(byte[] in) throws SmbException {
            need(in, 8);
            return new Int64(le(in).getLong(0));
        }

        public byte[] encode() { return le(8).putLong(value).array(); }
    }

    /** FileModeInformation (2.4.26): Mode. */
    public record Mode(int mode) {
        public static Mode decode(byte[] in) throws SmbException {
            need(in, 4);
            return new Mode(le(in).getInt(0));
        }

        public byte[] encode() { return le(4).putInt(mode).array(); }
    }
}
