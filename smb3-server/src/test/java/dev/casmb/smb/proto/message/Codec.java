package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** Helpers shared by the codec tests of this package. */
final class Codec {
    private Codec() {}

    interface Decoder<T> {
        T decode(Smb2Body b) throws SmbException;
    }

    /**
     * The captured requests of {@code command} that the dispatcher hands to a decoder: those whose
     * StructureSize is the command's (a few seeds are deliberately corrupt frames the dispatcher rejects
     * before any decoding). Fails if the seeds hold none.
     */
    static List<ByteBuf> captured(int command, int structureSize) {
        List<ByteBuf> out = SeedFrames.requests(command).stream()
            .filter(m -> m.readableBytes() >= 66 && m.getUnsignedShortLE(64) == structureSize).toList();
        assertFalse(out.isEmpty(), "the seeds hold well-formed requests of command " + command);
        return out;
    }

    /** A message: a zero 64-byte header, then the body {@code w} writes. */
    static ByteBuf message(Consumer<ByteBuf> w) {
        ByteBuf m = Unpooled.buffer().writeZero(64);
        w.accept(m);
        return m;
    }

    static Smb2Body body(Consumer<ByteBuf> w) {
        return Smb2Body.of(message(w));
    }

    /** A message whose body is the hex string. */
    static Smb2Body bodyHex(String hex) {
        return body(b -> b.writeBytes(hex(hex)));
    }

    /** The body bytes {@code w} encodes. */
    static String hexOf(Consumer<ByteBuf> w) {
        ByteBuf b = Unpooled.buffer();
        w.accept(b);
        return ByteBufUtil.hexDump(b);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String bodyHexOf(ByteBuf msg) {
        return ByteBufUtil.hexDump(msg, 64, msg.readableBytes() - 64);
    }

    static <T> T decodes(Decoder<T> d, ByteBuf msg) {
        try {
            return d.decode(Smb2Body.of(msg));
        } catch (SmbException e) {
            throw new AssertionError("did not decode: " + e.getMessage() + ": " + ByteBufUtil.hexDump(msg), e);
        }
    }

    static void assertInvalid(Decoder<?> d, Smb2Body b) {
        SmbException e = assertThrows(SmbException.class, () -> d.decode(b));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status(), e.getMessage());
    }

    /** Little-endian 16/32-bit fields of a body, for building malformed requests. */
    static ByteBuf setLe16(ByteBuf m, int bodyOffset, int v) { return m.setShortLE(64 + bodyOffset, v); }

    static ByteBuf setLe32(ByteBuf m, int bodyOffset, int v) { return m.setIntLE(64 + bodyOffset, v); }
}
