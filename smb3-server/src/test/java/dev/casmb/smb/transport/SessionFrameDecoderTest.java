package dev.casmb.smb.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Framing of large messages arriving in small reads (the decoder's own cumulator). */
class SessionFrameDecoderTest {
    @Test
    void largeFramesInSmallPiecesWhileEarlierFramesAreStillHeld() {
        Random r = new Random(3);
        int[] sizes = {100, 3 << 20, 70, (8 << 20) + 100, 5000, 2 << 20};
        ByteBuf wire = Unpooled.buffer();
        List<byte[]> sent = new ArrayList<>();
        for (int n : sizes) {
            byte[] m = new byte[n];
            r.nextBytes(m);
            sent.add(m);
            wire.writeInt(n); // type 0, 24-bit length
            wire.writeBytes(m);
        }
        EmbeddedChannel ch = new EmbeddedChannel(new SessionFrameDecoder(9 << 20));
        List<ByteBuf> held = new ArrayList<>(); // frames not released until the end, as a busy worker holds them
        int piece = 1;
        while (wire.isReadable()) {
            int n = Math.min(wire.readableBytes(), piece);
            ch.writeInbound(wire.readRetainedSlice(n).copy());
            piece = piece >= 65536 ? 1 + r.nextInt(65536) : piece * 2 + 1;
            ByteBuf f;
            while ((f = ch.readInbound()) != null) held.add(f);
        }
        wire.release();
        assertEquals(sent.size(), held.size());
        for (int i = 0; i < sent.size(); i++) {
            byte[] got = new byte[held.get(i).readableBytes()];
            held.get(i).getBytes(held.get(i).readerIndex(), got);
            assertArrayEquals(sent.get(i), got, "frame " + i);
            held.get(i).release();
        }
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
