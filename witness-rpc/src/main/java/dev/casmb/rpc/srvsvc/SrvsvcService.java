package dev.casmb.rpc.srvsvc;

import dev.casmb.rpc.RpcCallContext;
import dev.casmb.rpc.RpcFault;
import dev.casmb.rpc.RpcInterface;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.SyntaxId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 ([MS-SRVS]): NetrShareEnum (opnum 15, "NetShareEnumAll")
 * and NetrShareGetInfo (opnum 16) at info levels 0, 1 and 2. Usually reached over {@code \PIPE\srvsvc}.
 */
public final class SrvsvcService implements RpcInterface {
    public static final SyntaxId SYNTAX =
            new SyntaxId(UUID.fromString("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0);
    public static final int OP_NETR_SHARE_ENUM = 15;
    public static final int OP_NETR_SHARE_GET_INFO = 16;
    public static final int ERROR_INVALID_LEVEL = 0x7C;
    public static final int NERR_NET_NAME_NOT_FOUND = 0x906;

    private final ShareCatalog catalog;

    public SrvsvcService(ShareCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public SyntaxId syntax() {
        return SYNTAX;
    }

    @Override
    public CompletableFuture<byte[]> invoke(int opnum, byte[] stub, RpcCallContext ctx) {
        return switch (opnum) {
            case OP_NETR_SHARE_ENUM -> CompletableFuture.completedFuture(shareEnum(new NdrReader(stub)));
            case OP_NETR_SHARE_GET_INFO -> CompletableFuture.completedFuture(shareGetInfo(new NdrReader(stub)));
            default -> throw new RpcFault(FaultStatus.NCA_S_OP_RNG_ERROR);
        };
    }

    /**
     * NetrShareEnum ([MS-SRVS] 3.1.4.8): in ServerName, InfoStruct {Level, union(ptr container)},
     * PreferedMaximumLength, ResumeHandle; out InfoStruct, TotalEntries, ResumeHandle, status.
     */
    byte[] shareEnum(NdrReader r) {
        r.uniqueWString(); // ServerName, ignored
        int level = r.u32();
        int arm = r.u32();
        if (arm != level) {
            throw new NdrException("union discriminant mismatch");
        }
        if (r.pointer() != 0) {
            r.u32(); // EntriesRead
            if (r.pointer() != 0) {
                throw new NdrException("input share buffer not supported");
            }
        }
        r.u32(); // PreferedMaximumLength: we always return everything
        boolean hasResume = r.pointer() != 0;
        if (hasResume) {
            r.u32();
        }
        NdrWriter w = new NdrWriter();
        List<ShareInfo> shares = catalog.shares();
        if (level != 0 && level != 1 && level != 2) {
            w.u32(level).u32(level).nullPointer();
            w.u32(0);
            writeResume(w, hasResume);
            return w.u32(ERROR_INVALID_LEVEL).toByteArray();
        }
        w.u32(level).u32(level);
        w.referent(); // container
        w.u32(shares.size());
        if (shares.isEmpty()) {
            w.nullPointer();
        } else {
            w.referent();
            w.u32(shares.size());
            for (ShareInfo s : shares) {
                writeFixed(w, level, s);
            }
            for (ShareInfo s : shares) {
                writeDeferred(w, level, s);
            }
        }
        w.u32(shares.size()); // TotalEntries
        writeResume(w, hasResume);
        return w.u32(0).toByteArray();
    }

    private static void writeResume(NdrWriter w, boolean hasResume) {
        if (hasResume) {
            w.referent();
            w.u32(0);
        } else {
            w.nullPointer();
        }
    }

    /** NetrShareGetInfo ([MS-SRVS] 3.1.4.10): ServerName, [ref, string] NetName, Level -> union + status. */
    byte[] shareGetInfo(NdrReader r) {
        r.uniqueWString();
        String name = r.wstring();
        int level = r.u32();
        NdrWriter w = new NdrWriter();
        if (level != 0 && level != 1 && level != 2) {
            return w.u32(level).nullPointer().u32(ERROR_INVALID_LEVEL).toByteArray();
        }
        ShareInfo found = null;
        for (ShareInfo s : catalog.shares()) {
            if (s.name().equalsIgnoreCase(name)) {
                found = s;
                break;
            }
        }
        if (found == null) {
            return w.u32(level).nullPointer().u32(NERR_NET_NAME_NOT_FOUND).toByteArray();
        }
        w.u32(level);
        w.referent();
        writeFixed(w, level, found);
        writeDeferred(w, level, found);
        return w.u32(0).toByteArray();
    }

    /** Fixed part of SHARE_INFO_0/1/2 (pointers are referents; strings follow in writeDeferred). */
    private static void writeFixed(NdrWriter w, int level, ShareInfo s) {
        w.referent();
        if (level >= 1) {
            w.u32(s.type());
            w.referent();
        }
        if (level == 2) {
            w.u32(0); // permissions
            w.u32(-1); // max_uses: unlimited
            w.u32(0); // current_uses
            w.referent(); // path
            w.nullPointer(); // passwd
        }
    }

    private static void writeDeferred(NdrWriter w, int level, ShareInfo s) {
        w.wstring(s.name());
        if (level >= 1) {
            w.wstring(s.comment() == null ? "" : s.comment());
        }
        if (level == 2) {
            w.wstring(s.path() == null ? "" : s.path());
        }
    }
}
