package dev.casmb.smb.proto.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real client requests captured in the fuzz seeds (fuzz-seeds/capture.sh: smbclient, smbtorture and
 * rpcclient against casmb): every SMB2 message of every seed's records, compound chains split, each as a
 * buffer with the header at index 0, so codec tests can decode real frames and re-encode them byte for byte.
 */
public final class SeedFrames {
    private static final String DIR = "/dev/casmb/smb/fuzz/SmbFrameFuzzTestInputs/frames";

    private SeedFrames() {}

    /** All captured client messages whose header Command is {@code command} (MS-SMB2 2.2.1.2). */
    public static List<ByteBuf> requests(int command) {
        List<ByteBuf> out = new ArrayList<>();
        for (byte[] m : all()) {
            ByteBuffer h = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            if (m.length >= 64 && (h.getShort(12) & 0xFFFF) == command) out.add(Unpooled.wrappedBuffer(m));
        }
        return out;
    }

    /** Every captured message, compounds split into their parts (each part's bytes up to NextCommand). */
    public static List<byte[]> all() {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path f : files.sorted().toList()) {
                ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
                while (in.remaining() >= 3) {
                    in.get();
                    int len = Math.min(in.getShort() & 0xFFFF, in.remaining());
                    byte[] msg = new byte[len];
                    in.get(msg);
                    split(msg, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void split(byte[] msg, List<byte[]> out) {
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        int off = 0;
        for (int n = 0; n < 32 && off + 64 <= msg.length; n++) {
            if (b.getInt(off) != 0x424D53FE) return;
            int next = b.getInt(off + 20);
            int end = next > 0 && off + next <= msg.length ? off + next : msg.length;
            byte[] part = new byte[end - off];
            System.arraycopy(msg, off, part, 0, part.length);
            out.add(part);
            if (end == msg.length) return;
            off = end;
        }
    }

    private static Path dir() {
        try {
            return Paths.get(SeedFrames.class.getResource(DIR).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("seed frames not on the test class path: " + DIR, e);
        }
    }

    /** The body bytes [64, 64+length) of a message. */
    public static byte[] body(ByteBuf msg, int length) {
        byte[] out = new byte[length];
        msg.getBytes(64, out);
        return out;
    }

}
