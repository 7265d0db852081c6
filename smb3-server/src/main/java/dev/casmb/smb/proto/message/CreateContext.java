package dev.casmb.smb.proto.message;

import dev.casmb.smb.proto.CreateContexts;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SMB2_CREATE_CONTEXT (MS-SMB2 2.2.13.2): its name (4 ASCII characters, or a 16-byte GUID for
 * SVHDX/AppInstance contexts, kept as ISO-8859-1 text) and its data. The typed contexts of this package
 * ({@link MaximalAccessRequest}, {@link DurableHandleRequest}, ...) decode and encode the data.
 */
public record CreateContext(String name, byte[] data) {
    public static final String DHNQ = "DHnQ", DHNC = "DHnC", DH2Q = "DH2Q", DH2C = "DH2C", RQLS = "RqLs",
        MXAC = "MxAc", QFID = "QFid", TWRP = "TWrp", SECD = "SecD", EXTA = "ExtA", ALSI = "AlSi";

    /** The chain as name → data (a later duplicate replaces an earlier one, as the server has always read it). */
    public static Map<String, byte[]> byName(List<CreateContext> chain) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (CreateContext c : chain) m.put(c.name, c.data);
        return m;
    }

    /** The legacy chain element this is. */
    public CreateContexts.Ctx ctx() { return new CreateContexts.Ctx(name, data); }

    public byte[] nameBytes() { return name.getBytes(StandardCharsets.ISO_8859_1); }
}
