package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Map;

/**
 * SMB2 CREATE Response (MS-SMB2 2.2.14): StructureSize 89, OplockLevel, Flags, CreateAction, the network-open
 * fields, Reserved2, FileId, CreateContextsOffset/Length and the context chain (at offset 152 from the header).
 */
public record CreateResponse(int oplockLevel, int flags, int createAction, NetworkOpenInfo info, FileId fileId,
                             List<CreateContext> contexts) {
    public static final int STRUCTURE_SIZE = 89;
    /** CreateAction (MS-SMB2 2.2.14). */
    public static final int SUPERSEDED = 0, OPENED = 1, CREATED = 2, OVERWRITTEN = 3;
    private static final int FIXED = 88;

    public void encode(ByteBuf out) {
        ByteBuf c = CreateContexts.encode(out.alloc() == null ? ByteBufAllocator.DEFAULT : out.alloc(),
            contexts.stream().map(CreateContext::ctx).toList());
        try {
            out.writeShortLE(STRUCTURE_SIZE);
            out.writeByte(oplockLevel);
            out.writeByte(flags);
            out.writeIntLE(createAction);
            info.encode(out);
            out.writeIntLE(0);
            fileId.encode(out);
            if (c.readableBytes() > 0) {
                out.writeIntLE(64 + FIXED);
                out.writeIntLE(c.readableBytes());
                out.writeBytes(c);
            } else {
                out.writeIntLE(0);
                out.writeIntLE(0);
            }
        } finally {
            c.release();
        }
    }

    public static CreateResponse decode(Smb2Body b) throws SmbException {
        b.require(FIXED);
        NetworkOpenInfo info = NetworkOpenInfo.get(b.message(), 64 + 8);
        Map<String, byte[]> parsed = CreateContexts.parse(b.message(), b.u32(80), b.u32(84));
        List<CreateContext> ctxs = parsed.entrySet().stream().map(e -> new CreateContext(e.getKey(), e.getValue())).toList();
        return new CreateResponse(b.u8(2), b.u8(3), b.u32(4), info, b.fileId(64), ctxs);
    }
}
