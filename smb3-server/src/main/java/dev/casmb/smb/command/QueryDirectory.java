package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.info.DirectoryCursor;
import dev.casmb.smb.info.DirectoryEntries;
import dev.casmb.smb.info.LeWriter;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.OutputBufferResponse;
import dev.casmb.smb.proto.message.QueryDirectoryRequest;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import dev.casmb.smb.vfs.Vfs;
import dev.casmb.smb.vfs.VfsErrors;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMB2 QUERY_DIRECTORY (MS-SMB2 3.3.5.18): enumerates a directory open with a wildcard pattern,
 * filling up to OutputBufferLength with 8-byte aligned entries of the requested class.
 */
public final class QueryDirectory implements CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(QueryDirectory.class);
    public static final int RESTART_SCANS = QueryDirectoryRequest.RESTART_SCANS,
        RETURN_SINGLE_ENTRY = QueryDirectoryRequest.RETURN_SINGLE_ENTRY, INDEX_SPECIFIED = QueryDirectoryRequest.INDEX_SPECIFIED,
        REOPEN = QueryDirectoryRequest.REOPEN;

    @Override public int structureSize() { return QueryDirectoryRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        QueryDirectoryRequest r = QueryDirectoryRequest.decode(req.body());
        int cls = r.infoClass();
        int flags = r.flags();
        Open o = req.open(r.fileId());
        int outLen = r.outputBufferLength();
        if (o.pipe != null || !o.directory) throw new SmbException(NtStatus.INVALID_PARAMETER, "not a directory");
        if (!DirectoryEntries.supported(cls)) throw new SmbException(NtStatus.INVALID_INFO_CLASS);
        if (outLen < 0 || outLen > ServerConfig.DEFAULT_MAX_IO) throw new SmbException(NtStatus.INVALID_PARAMETER);
        if (!o.hasAccess(AccessMask.FILE_LIST_DIRECTORY)) throw new SmbException(NtStatus.ACCESS_DENIED);
        String pattern = r.pattern().isEmpty() ? "*" : r.pattern();
        if (pattern.indexOf('\\') >= 0 || pattern.indexOf('/') >= 0) throw new SmbException(NtStatus.OBJECT_NAME_INVALID);

        Path dir = o.path();
        Vfs vfs = o.tree.share.vfs();
        synchronized (o) {
            DirectoryCursor c = o.dirCursor instanceof DirectoryCursor dc ? dc : null;
            boolean fresh = c == null || (flags & (RESTART_SCANS | REOPEN)) != 0;
            // INDEX_SPECIFIED: FileIndex is ignored; NTFS-style file indexes are all 0, so continue.
            if (fresh) {
                try {
                    c = DirectoryCursor.open(vfs, dir, pattern);
                } catch (IOException e) {
                    throw VfsErrors.status(e);
                }
                if (c.truncated()) log.warn("{}: listing capped at {} entries", dir, DirectoryCursor.MAX_ENTRIES);
                o.dirCursor = c;
            }
            boolean single = (flags & RETURN_SINGLE_ENTRY) != 0;
            LeWriter w = new LeWriter(Math.min(outLen, 65536) + 16);
            int count = 0;
            int prevStart = -1;
            while (c.hasNext()) {
                String name = c.peek();
                FileMeta m = vfs.statEntry(dir, name);
                if (m == null) {
                    c.skip();
                    continue;
                }
                int start = (w.length() + 7) & ~7;
                if (start + DirectoryEntries.size(cls, name) > outLen) break;
                if (prevStart >= 0) {
                    w.align(8);
                    w.putU32(prevStart, start - prevStart);
                }
                DirectoryEntries.write(w, cls, name, m);
                prevStart = start;
                c.advance();
                count++;
                if (single) break;
            }
            if (count == 0) {
                if (c.hasNext()) throw new SmbException(NtStatus.INFO_LENGTH_MISMATCH, "entry does not fit");
                if (fresh && !c.returnedAny()) throw new SmbException(NtStatus.NO_SUCH_FILE);
                throw new SmbException(NtStatus.NO_MORE_FILES);
            }
            byte[] data = w.toBytes();
            ByteBuf b = req.alloc().buffer(8 + data.length);
            new OutputBufferResponse(data).encode(b);
            return SmbResponse.ok(b);
        }
    }
}
