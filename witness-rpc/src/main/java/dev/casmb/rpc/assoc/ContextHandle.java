package dev.casmb.rpc.assoc;

import dev.casmb.rpc.ndr.NdrReader;
import dev.casmb.rpc.ndr.NdrWriter;
import java.util.UUID;

/** ndr_context_handle (C706 14.3.9, [MS-RPCE] 2.2.5.1): u32 attributes + UUID, 20 bytes. */
public record ContextHandle(int attributes, UUID uuid) {
    public static final ContextHandle NULL = new ContextHandle(0, new UUID(0, 0));

    public static ContextHandle read(NdrReader r) {
        return new ContextHandle(r.u32(), r.uuid());
    }

    public void write(NdrWriter w) {
        w.u32(attributes).uuid(uuid);
    }

    public boolean isNull() {
        return attributes == 0 && uuid.getMostSignificantBits() == 0 && uuid.getLeastSignificantBits() == 0;
    }
}
