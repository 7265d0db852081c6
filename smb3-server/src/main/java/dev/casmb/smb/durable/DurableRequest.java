package dev.casmb.smb.durable;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.DurableContexts;
import java.util.Map;

/**
 * The durability create contexts of one CREATE (MS-SMB2 2.2.13.2.3/4/11/12, 2.2.13.2.13/15), parsed and
 * cross-checked (3.3.5.9.6/7/10/12): DHnQ, DHnC, DH2Q, DH2C, AppInstanceId, AppInstanceVersion, each decoded by its
 * record in {@link DurableContexts}.
 */
public record DurableRequest(Kind kind, int timeoutMs, boolean persistent, byte[] createGuid,
                             long fileIdPersistent, long fileIdVolatile,
                             byte[] appInstanceId, long appVersionHigh, long appVersionLow, boolean hasAppVersion) {
    public enum Kind { NONE, V1_REQUEST, V1_RECONNECT, V2_REQUEST, V2_RECONNECT }

    public static final int FLAG_PERSISTENT = DurableContexts.FLAG_PERSISTENT;
    public static final String APP_INSTANCE_ID = DurableContexts.APP_INSTANCE_ID;
    public static final String APP_INSTANCE_VERSION = DurableContexts.APP_INSTANCE_VERSION;

    public boolean isReconnect() { return kind == Kind.V1_RECONNECT || kind == Kind.V2_RECONNECT; }

    public static DurableRequest parse(Map<String, byte[]> ctx, boolean smb3) throws SmbException {
        byte[] dhnq = ctx.get("DHnQ");
        byte[] dhnc = ctx.get("DHnC");
        byte[] dh2q = smb3 ? ctx.get("DH2Q") : null;
        byte[] dh2c = smb3 ? ctx.get("DH2C") : null;
        byte[] app = smb3 ? ctx.get(APP_INSTANCE_ID) : null;
        byte[] ver = smb3 ? ctx.get(APP_INSTANCE_VERSION) : null;
        byte[] appId = app == null ? null : DurableContexts.AppInstanceId.decode(app).appInstanceId();
        DurableContexts.AppInstanceVersion v = ver == null ? null : DurableContexts.AppInstanceVersion.decode(ver);
        long vh = v == null ? 0 : v.high();
        long vl = v == null ? 0 : v.low();
        if (dh2q != null || dh2c != null) {
            // MS-SMB2 3.3.5.9.10/12: v2 contexts cannot be combined with v1 ones or with each other.
            if (dhnq != null || dhnc != null || (dh2q != null && dh2c != null)) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "conflicting durable contexts");
            }
            if (dh2q != null) {
                DurableContexts.DurableRequestV2 q = DurableContexts.DurableRequestV2.decode(dh2q);
                return new DurableRequest(Kind.V2_REQUEST, q.timeoutMs(), q.persistent(), q.createGuid(), 0, 0, appId, vh, vl,
                    ver != null);
            }
            DurableContexts.DurableReconnectV2 c = DurableContexts.DurableReconnectV2.decode(dh2c);
            return new DurableRequest(Kind.V2_RECONNECT, 0, c.persistent(), c.createGuid(), c.fileId().persistent(),
                c.fileId().volatileId(), appId, vh, vl, ver != null);
        }
        if (dhnc != null) {
            // MS-SMB2 3.3.5.9.7: a DHnQ alongside DHnC is ignored.
            DurableContexts.DurableReconnectV1 c = DurableContexts.DurableReconnectV1.decode(dhnc);
            return new DurableRequest(Kind.V1_RECONNECT, 0, false, null, c.fileId().persistent(), c.fileId().volatileId(),
                appId, vh, vl, ver != null);
        }
        if (dhnq != null) {
            DurableContexts.DurableRequestV1.decode(dhnq);
            return new DurableRequest(Kind.V1_REQUEST, 0, false, null, 0, 0, appId, vh, vl, ver != null);
        }
        return new DurableRequest(Kind.NONE, 0, false, null, 0, 0, appId, vh, vl, ver != null);
    }
}
