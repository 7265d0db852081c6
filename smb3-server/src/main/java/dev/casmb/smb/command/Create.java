package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.open.DurableCreate;
import dev.casmb.smb.open.OpenEngine;
import dev.casmb.smb.open.OpenResult;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.CreateRequest;
import dev.casmb.smb.proto.message.CreateResponse;
import dev.casmb.smb.response.SmbResponse;
import io.netty.buffer.ByteBuf;

/**
 * SMB2 CREATE (MS-SMB2 3.3.5.9): decodes the request ({@link CreateRequest}), lets the open engine
 * ({@link OpenEngine}: dispositions, options, share modes, access checks, breaks) open the file, and encodes the
 * response ({@link CreateResponse}). A CREATE that waits for breaks is answered later by the engine's retry.
 */
public final class Create implements CommandHandler {
    /** Share access bits (MS-SMB2 2.2.13), as other commands use them. */
    public static final int SHARE_READ = CreateRequest.SHARE_READ, SHARE_WRITE = CreateRequest.SHARE_WRITE,
        SHARE_DELETE = CreateRequest.SHARE_DELETE;

    private final OpenEngine engine = new OpenEngine(this);

    @Override public int structureSize() { return CreateRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        SmbResponse r;
        try {
            r = run(req);
        } catch (SmbException | RuntimeException e) {
            DurableCreate.end(req, null);
            throw e;
        }
        if (!r.pending()) DurableCreate.end(req, r.status() == NtStatus.SUCCESS ? req.compoundOpen() : null);
        return r;
    }

    private SmbResponse run(SmbRequest req) throws SmbException {
        CreateRequest c = CreateRequest.decode(req.body());
        OpenResult o = engine.open(req, c);
        if (o.pending()) return SmbResponse.PENDING;
        if (o.restart()) return handle(req);
        CreateResponse resp = new CreateResponse(o.oplockLevel(), 0, o.action(), o.meta().networkOpenInfo(),
            new FileId(o.open().persistentId, o.open().volatileId), o.contexts());
        ByteBuf b = req.alloc().buffer(88 + 64);
        resp.encode(b);
        return SmbResponse.ok(b);
    }
}
