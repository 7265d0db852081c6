package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * SMB2 CREATE Request (MS-SMB2 2.2.13): StructureSize 57, SecurityFlags, RequestedOplockLevel, ImpersonationLevel,
 * SmbCreateFlags, Reserved, DesiredAccess, FileAttributes, ShareAccess, CreateDisposition, CreateOptions, NameOffset,
 * NameLength, CreateContextsOffset, CreateContextsLength; the name (UTF-16LE) and the 8-byte aligned context chain.
 * Encoded with the name right after the fixed part (offset 120 from the header) and the chain at the next 8-byte
 * boundary, as Windows and Samba clients lay it out.
 */
public record CreateRequest(int securityFlags, int oplockLevel, int impersonationLevel, long smbCreateFlags,
                            long reserved, int desiredAccess, int fileAttributes, int shareAccess, int disposition,
                            int createOptions, String name, List<CreateContext> contexts) {
    public static final int STRUCTURE_SIZE = 57;
    /** CreateDisposition (MS-SMB2 2.2.13). */
    public static final int SUPERSEDE = 0, OPEN = 1, CREATE = 2, OPEN_IF = 3, OVERWRITE = 4, OVERWRITE_IF = 5;
    /** CreateOptions bits the server acts on (MS-SMB2 2.2.13). */
    public static final int OPT_DIRECTORY_FILE = 0x1, OPT_WRITE_THROUGH = 0x2, OPT_NON_DIRECTORY_FILE = 0x40,
        OPT_DELETE_ON_CLOSE = 0x1000, OPT_OPEN_BY_FILE_ID = 0x2000, OPT_OPEN_REPARSE_POINT = 0x200000;
    /** ShareAccess bits. */
    public static final int SHARE_READ = 1, SHARE_WRITE = 2, SHARE_DELETE = 4;
    private static final int NAME_OFFSET = 64 + 56;

    public static CreateRequest decode(Smb2Body b) throws SmbException {
        b.require(STRUCTURE_SIZE - 1);
        String name = b.utf16(b.u16(44), b.u16(46));
        Map<String, byte[]> parsed = CreateContexts.parse(b.message(), b.u32(48), b.u32(52));
        List<CreateContext> ctxs = parsed.entrySet().stream().map(e -> new CreateContext(e.getKey(), e.getValue())).toList();
        return new CreateRequest(b.u8(2), b.u8(3), b.u32(4), b.u64(8), b.u64(16), b.u32(24), b.u32(28), b.u32(32),
            b.u32(36), b.u32(40), name, ctxs);
    }

    /** The contexts by name (what the durable and lease code look requests up by). */
    public Map<String, byte[]> contextMap() { return CreateContext.byName(contexts); }

    public boolean has(String context) {
        for (CreateContext c : contexts) if (c.name().equals(context)) return true;
        return false;
    }

    public void encode(ByteBuf out) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        ByteBuf chain = CreateContexts.encode(ByteBufAllocator.DEFAULT, contexts.stream().map(CreateContext::ctx).toList());
        try {
            int ctxOff = chain.readableBytes() == 0 ? 0 : (NAME_OFFSET + n.length + 7) & ~7;
            out.writeShortLE(STRUCTURE_SIZE);
            out.writeByte(securityFlags);
            out.writeByte(oplockLevel);
            out.writeIntLE(impersonationLevel);
            out.writeLongLE(smbCreateFlags);
            out.writeLongLE(reserved);
            out.writeIntLE(desiredAccess);
            out.writeIntLE(fileAttributes);
            out.writeIntLE(shareAccess);
            out.writeIntLE(disposition);
            out.writeIntLE(createOptions);
            out.writeShortLE(NAME_OFFSET);
            out.writeShortLE(n.length);
            out.writeIntLE(ctxOff);
            out.writeIntLE(chain.readableBytes());
            out.writeBytes(n);
            if (chain.readableBytes() > 0) {
                out.writeZero(ctxOff - NAME_OFFSET - n.length);
                out.writeBytes(chain);
            } else if (n.length == 0) {
                out.writeByte(0); // the Buffer is at least one byte
            }
        } finally {
            chain.release();
        }
    }
}
