package dev.casmb.smb.response;

import io.netty.buffer.ByteBuf;

/**
 * What a command handler returns: a status and a response body (from StructureSize on). A null body
 * with an error status makes the dispatcher send the SMB2 ERROR response (MS-SMB2 2.2.2).
 */
public record SmbResponse(int status, ByteBuf body, boolean pending) {
    public static final SmbResponse PENDING = new SmbResponse(0x103, null, true);

    public static SmbResponse ok(ByteBuf body) { return new SmbResponse(0, body, false); }

    public static SmbResponse of(int status, ByteBuf body) { return new SmbResponse(status, body, false); }

    public static SmbResponse error(int status) { return new SmbResponse(status, null, false); }
}
