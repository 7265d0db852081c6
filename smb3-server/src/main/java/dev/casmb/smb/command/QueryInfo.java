package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.info.FileInfoClasses;
import dev.casmb.smb.info.FsInfoClasses;
import dev.casmb.smb.info.SecurityDescriptors;
import dev.casmb.smb.info.ShortNames;
import dev.casmb.smb.info.Sid;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.OutputBufferResponse;
import dev.casmb.smb.proto.message.ErrorResponse;
import dev.casmb.smb.proto.message.QueryInfoRequest;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import dev.casmb.smb.vfs.Share;
import dev.casmb.smb.vfs.Vfs;
import dev.casmb.smb.vfs.VfsErrors;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * SMB2 QUERY_INFO (MS-SMB2 3.3.5.20): file, file-system and security information. Buffer rules as
 * Windows: OutputBufferLength below the class's fixed size is STATUS_INFO_LENGTH_MISMATCH, a
 * variable-length result that does not fit is truncated with STATUS_BUFFER_OVERFLOW, and a security
 * descriptor that does not fit is STATUS_BUFFER_TOO_SMALL carrying the needed size.
 */
public final class QueryInfo implements CommandHandler {
    public static final int INFO_FILE = QueryInfoRequest.INFO_FILE, INFO_FILESYSTEM = QueryInfoRequest.INFO_FILESYSTEM,
        INFO_SECURITY = QueryInfoRequest.INFO_SECURITY, INFO_QUOTA = QueryInfoRequest.INFO_QUOTA;
    /** Largest OutputBufferLength / InputBufferLength accepted (our MaxTransactSize). */
    static final int MAX_BUFFER = dev.casmb.smb.config.ServerConfig.DEFAULT_MAX_IO;

    @Override public int structureSize() { return QueryInfoRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        QueryInfoRequest r = QueryInfoRequest.decode(req.body());
        int infoType = r.infoType();
        int cls = r.infoClass();
        int outLen = r.outputBufferLength();
        int inLen = r.inputBufferLength();
        int additional = r.additionalInformation();
        Open o = req.open(r.fileId());
        if (outLen < 0 || outLen > MAX_BUFFER || inLen < 0 || inLen > MAX_BUFFER) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "buffer too large");
        }
        return switch (infoType) {
            case INFO_FILE -> reply(req, fileInfo(req, o, cls, outLen), outLen);
            case INFO_FILESYSTEM -> reply(req, fsInfo(o, cls, outLen), outLen);
            case INFO_SECURITY -> security(req, o, additional, outLen);
            case INFO_QUOTA -> throw new SmbException(NtStatus.NOT_SUPPORTED, "quotas");
            default -> throw new SmbException(NtStatus.INVALID_PARAMETER, "bad InfoType");
        };
    }

    private static byte[] fileInfo(SmbRequest req, Open o, int cls, int outLen) throws SmbException {
        if (o.pipe != null) {
            if (cls != FileInfoClasses.STANDARD) throw new SmbException(NtStatus.NOT_SUPPORTED);
            checkFixed(FileInfoClasses.fixedSize(cls), outLen);
            // As Windows: a pipe reports 4 KiB allocation, delete pending, not a directory.
            return FileInfoClasses.standard(new FileMeta(0, 0, 0, 0, 0, 4096, FileMeta.ATTR_NORMAL, 0, 1, false), true);
        }
        int fixed = FileInfoClasses.fixedSize(cls);
        if (fixed < 0) throw new SmbException(NtStatus.INVALID_INFO_CLASS);
        switch (cls) {
            case FileInfoClasses.BASIC, FileInfoClasses.ALL, FileInfoClasses.NETWORK_OPEN,
                 FileInfoClasses.ATTRIBUTE_TAG -> requireAccess(o, AccessMask.FILE_READ_ATTRIBUTES);
            case FileInfoClasses.FULL_EA -> requireAccess(o, AccessMask.FILE_READ_EA);
            case FileInfoClasses.NORMALIZED_NAME -> {
                if (req.connection().dialect < Dialect.SMB_3_1_1) throw new SmbException(NtStatus.NOT_SUPPORTED);
            }
            default -> { }
        }
        checkFixed(fixed, outLen);
        FileMeta m = meta(o);
        boolean deletePending = o.node.deletePending;
        String rel = o.tree.share.vfs().relative(o.path());
        return switch (cls) {
            case FileInfoClasses.BASIC -> FileInfoClasses.basic(m);
            case FileInfoClasses.STANDARD -> FileInfoClasses.standard(m, deletePending);
            case FileInfoClasses.INTERNAL -> FileInfoClasses.internal(m.fileId());
            case FileInfoClasses.EA -> FileInfoClasses.ea(0);
            case FileInfoClasses.ACCESS -> FileInfoClasses.access(o.grantedAccess);
            case FileInfoClasses.NAME -> FileInfoClasses.name("\\" + rel);
            case FileInfoClasses.POSITION -> FileInfoClasses.position(o.position);
            case FileInfoClasses.MODE -> FileInfoClasses.mode(o.createOptions);
            case FileInfoClasses.ALIGNMENT -> FileInfoClasses.alignment();
            case FileInfoClasses.ALL -> FileInfoClasses.all(m, deletePending, o.grantedAccess, o.position,
                o.createOptions, "\\" + rel);
            case FileInfoClasses.ALTERNATE_NAME -> {
                if (rel.isEmpty()) throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND);
                yield FileInfoClasses.name(ShortNames.of(o.tree.share.vfs().name(o.path())));
            }
            case FileInfoClasses.STREAM -> FileInfoClasses.stream(m);
            case FileInfoClasses.COMPRESSION -> FileInfoClasses.compression(m);
            case FileInfoClasses.NETWORK_OPEN -> FileInfoClasses.networkOpen(m);
            case FileInfoClasses.ATTRIBUTE_TAG -> FileInfoClasses.attributeTag(m);
            case FileInfoClasses.NORMALIZED_NAME -> FileInfoClasses.name(rel);
            // No extended attributes are stored (MS-FSCC 2.4.15): as NTFS for a file without EAs.
            case FileInfoClasses.FULL_EA -> throw new SmbException(NtStatus.NO_EAS_ON_FILE);
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS);
        };
    }

    private static byte[] fsInfo(Open o, int cls, int outLen) throws SmbException {
        if (o.pipe != null || o.tree.share == null) throw new SmbException(NtStatus.NOT_SUPPORTED);
        int fixed = FsInfoClasses.fixedSize(cls);
        if (fixed < 0) throw new SmbException(NtStatus.INVALID_INFO_CLASS);
        checkFixed(fixed, outLen);
        Share share = o.tree.share;
        Path root = share.root();
        try {
            return switch (cls) {
                case FsInfoClasses.VOLUME -> FsInfoClasses.volume(share.vfs().stat(root).creationTime(),
                    volumeSerial(share), share.name());
                case FsInfoClasses.SIZE -> {
                    Vfs.Space fs = share.vfs().space();
                    yield FsInfoClasses.size(fs.total(), fs.usable());
                }
                case FsInfoClasses.FULL_SIZE -> {
                    Vfs.Space fs = share.vfs().space();
                    yield FsInfoClasses.fullSize(fs.total(), fs.usable(), fs.unallocated());
                }
                case FsInfoClasses.DEVICE -> FsInfoClasses.device();
                case FsInfoClasses.ATTRIBUTE -> FsInfoClasses.attribute();
                case FsInfoClasses.CONTROL -> FsInfoClasses.control();
                case FsInfoClasses.OBJECT_ID -> FsInfoClasses.objectId(volumeGuid(share));
                case FsInfoClasses.SECTOR_SIZE -> FsInfoClasses.sectorSize();
                default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS);
            };
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    private static SmbResponse security(SmbRequest req, Open o, int secInfo, int outLen) throws SmbException {
        if (o.pipe != null || o.tree.share == null) throw new SmbException(NtStatus.NOT_SUPPORTED);
        if ((secInfo & SecurityDescriptors.SACL_SECURITY_INFORMATION) != 0
            && !o.hasAccess(AccessMask.ACCESS_SYSTEM_SECURITY)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "SACL needs ACCESS_SYSTEM_SECURITY");
        }
        int needsReadControl = SecurityDescriptors.OWNER_SECURITY_INFORMATION
            | SecurityDescriptors.GROUP_SECURITY_INFORMATION | SecurityDescriptors.DACL_SECURITY_INFORMATION
            | SecurityDescriptors.LABEL_SECURITY_INFORMATION;
        if ((secInfo & needsReadControl) != 0) requireAccess(o, AccessMask.READ_CONTROL);
        FileMeta m = meta(o);
        byte[] sd = descriptor(req, o, m, secInfo);
        if (sd.length > outLen) return bufferTooSmall(req, sd.length);
        return SmbResponse.ok(body(req, sd, sd.length));
    }

    /** The SD we report for a file: see {@link SecurityDescriptors}. */
    static byte[] descriptor(SmbRequest req, Open o, FileMeta m, int secInfo) {
        Sid domain = Sid.machineDomain(req.server().config().netbiosName());
        Sid owner = domain.withRid(Sid.userRid(o.session.user));
        Sid group = domain.withRid(Sid.RID_DOMAIN_USERS);
        Share share = o.tree.share;
        int callerMask = req.server().shareAccess(share, o.session) & o.tree.maximalAccess;
        boolean fileReadOnly = (m.attributes() & FileMeta.ATTR_READONLY) != 0;
        return SecurityDescriptors.encode(secInfo, owner, group,
            SecurityDescriptors.dacl(owner, callerMask, share.acl(), share.readOnly(), fileReadOnly, m.directory(),
                u -> domain.withRid(Sid.userRid(u)), g -> domain.withRid(Sid.groupRid(g))));
    }

    /** MS-SMB2 2.2.2: STATUS_BUFFER_TOO_SMALL's ErrorData is the required length (4 bytes). */
    static SmbResponse bufferTooSmall(SmbRequest req, int needed) {
        ByteBuf b = req.alloc().buffer(12);
        byte[] data = {(byte) needed, (byte) (needed >>> 8), (byte) (needed >>> 16), (byte) (needed >>> 24)};
        new ErrorResponse(0, data).encode(b);
        return SmbResponse.of(NtStatus.BUFFER_TOO_SMALL, b);
    }

    private static SmbResponse reply(SmbRequest req, byte[] data, int outLen) {
        if (data.length > outLen) return SmbResponse.of(NtStatus.BUFFER_OVERFLOW, body(req, data, outLen));
        return SmbResponse.ok(body(req, data, data.length));
    }

    private static ByteBuf body(SmbRequest req, byte[] data, int n) {
        ByteBuf b = req.alloc().buffer(9 + n);
        new OutputBufferResponse(n == data.length ? data : java.util.Arrays.copyOf(data, n)).encode(b);
        return b;
    }

    private static void checkFixed(int fixed, int outLen) throws SmbException {
        if (outLen < fixed) throw new SmbException(NtStatus.INFO_LENGTH_MISMATCH);
    }

    static void requireAccess(Open o, int mask) throws SmbException {
        if ((o.grantedAccess & mask) != mask) throw new SmbException(NtStatus.ACCESS_DENIED);
    }

    /** The open's file's metadata, from its share's Vfs. */
    static FileMeta meta(Open o) throws SmbException {
        try {
            return o.tree.share.vfs().stat(o.path());
        } catch (IOException e) {
            throw VfsErrors.status(e);
        }
    }

    private static int volumeSerial(Share s) {
        return s.root().toString().hashCode() ^ s.name().toLowerCase(java.util.Locale.ROOT).hashCode();
    }

    private static byte[] volumeGuid(Share s) {
        java.util.UUID u = java.util.UUID.nameUUIDFromBytes(("casmb-volume:" + s.root()).getBytes(StandardCharsets.UTF_8));
        byte[] g = new byte[16];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            g[i] = (byte) (hi >>> (56 - 8 * i));
            g[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return g;
    }
}
