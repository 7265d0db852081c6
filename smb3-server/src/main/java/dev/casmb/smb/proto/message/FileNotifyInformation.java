package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FILE_NOTIFY_INFORMATION (MS-FSCC 2.7.1): NextEntryOffset, Action, FileNameLength, FileName (UTF-16LE, relative to
 * the watched directory, '\' separated). In a list every entry but the last is padded to 4 bytes and its
 * NextEntryOffset is its padded length; the last has NextEntryOffset 0 and no padding.
 */
public record FileNotifyInformation(int action, String fileName) {
    /** FILE_ACTION_* (MS-FSCC 2.7.1). */
    public static final int ADDED = 1, REMOVED = 2, MODIFIED = 3, RENAMED_OLD_NAME = 4, RENAMED_NEW_NAME = 5;
    private static final int FIXED = 12;

    private int length() { return FIXED + fileName.length() * 2; }

    /** Bytes the list takes encoded. */
    public static int encodedLength(List<FileNotifyInformation> list) {
        int total = 0;
        for (int i = 0; i < list.size(); i++) {
            int len = list.get(i).length();
            total += i == list.size() - 1 ? len : (len + 3) & ~3;
        }
        return total;
    }

    public static void encodeAll(List<FileNotifyInformation> list, ByteBuf out) {
        for (int i = 0; i < list.size(); i++) {
            FileNotifyInformation e = list.get(i);
            byte[] name = e.fileName.getBytes(StandardCharsets.UTF_16LE);
            boolean last = i == list.size() - 1;
            int len = FIXED + name.length;
            int padded = last ? len : (len + 3) & ~3;
            out.writeIntLE(last ? 0 : padded);
            out.writeIntLE(e.action);
            out.writeIntLE(name.length);
            out.writeBytes(name);
            out.writeZero(padded - len);
        }
    }

    /** The list in {@code buf} (its readable bytes); a record running past the end is STATUS_INVALID_PARAMETER. */
    public static List<FileNotifyInformation> decodeAll(ByteBuf buf) throws SmbException {
        List<FileNotifyInformation> out = new ArrayList<>();
        int at = buf.readerIndex();
        int end = buf.writerIndex();
        while (true) {
            if (end - at < FIXED) throw new SmbException(NtStatus.INVALID_PARAMETER, "short FILE_NOTIFY_INFORMATION");
            int next = buf.getIntLE(at);
            int nameLen = buf.getIntLE(at + 8);
            if (nameLen < 0 || (nameLen & 1) != 0 || nameLen > end - at - FIXED) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad FileNameLength");
            }
            out.add(new FileNotifyInformation(buf.getIntLE(at + 4),
                buf.toString(at + FIXED, nameLen, StandardCharsets.UTF_16LE)));
            if (next == 0) return out;
            if (next < FIXED + nameLen || next > end - at) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "bad NextEntryOffset");
            }
            at += next;
        }
    }
}
