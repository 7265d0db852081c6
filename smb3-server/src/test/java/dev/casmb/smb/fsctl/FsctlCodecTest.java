package dev.casmb.smb.fsctl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.state.SmbConnection;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Golden bytes of FSCTL structures (MS-SMB2 2.2.31/2.2.32) and the copychunk limits. */
class FsctlCodecTest {
    private static byte[] hex(String s) { return HexFormat.of().parseHex(s.replace(" ", "")); }

    @Test
    void validateNegotiateResponse() {
        SmbConnection c = new SmbConnection(null, 64);
        c.serverCapabilities = 0x2F;
        c.dialect = 0x0302;
        byte[] guid = hex("00112233445566778899aabbccddeeff");
        assertArrayEquals(hex("2f000000 00112233445566778899aabbccddeeff 0300 0203"),
            ValidateNegotiate.response(c, guid, 3));
    }

    @Test
    void validateNegotiateComparesDialectsAsASet() {
        SmbConnection c = new SmbConnection(null, 64);
        c.clientCapabilities = 0x7F;
        c.clientSecurityMode = 1;
        c.clientGuid = new byte[16];
        c.clientDialects = new int[] {0x0202, 0x0210, 0x0300, 0x0302};
        assertTrue(ValidateNegotiate.matches(c, 0x7F, new byte[16], 1, new int[] {0x0302, 0x0300, 0x0210, 0x0202}));
        assertFalse(ValidateNegotiate.matches(c, 0x7F, new byte[16], 1, new int[] {0x0202, 0x0210}), "downgraded list");
        assertFalse(ValidateNegotiate.matches(c, 0x7F, new byte[16], 0, new int[] {0x0202, 0x0210, 0x0300, 0x0302}));
        assertFalse(ValidateNegotiate.matches(c, 0x3F, new byte[16], 1, new int[] {0x0202, 0x0210, 0x0300, 0x0302}));
    }

    @Test
    void networkInterfaceInfoIpv4() throws Exception {
        byte[] e = NetworkInterfaces.entry(InetAddress.getByName("127.0.0.22"), 1, 10_000_000_000L);
        assertEquals(152, e.length);
        assertArrayEquals(hex("00000000 01000000 00000000 00000000 00e40b5402000000 0200 0000 7f000016"),
            java.util.Arrays.copyOf(e, 32));
        for (int i = 32; i < e.length; i++) assertEquals(0, e[i]);
    }

    @Test
    void copyChunkRequestAndResponse() {
        byte[] in = new byte[32 + 24];
        for (int i = 0; i < 24; i++) in[i] = (byte) i;
        Le.put32(in, 24, 1);
        Le.put64(in, 32, 4096);
        Le.put64(in, 40, 8192);
        Le.put32(in, 48, 1024);
        CopyChunk.Request r = CopyChunk.parse(in);
        assertEquals(1, r.chunks().length);
        assertEquals(new CopyChunk.Chunk(4096, 8192, 1024), r.chunks()[0]);
        assertEquals(23, r.key()[23]);
        Le.put32(in, 24, 2);
        assertNull(CopyChunk.parse(in), "ChunkCount beyond the buffer");
        assertNull(CopyChunk.parse(new byte[31]));
        assertArrayEquals(hex("01000000 00000000 00040000"), CopyChunk.response(1, 0, 1024));
        assertArrayEquals(hex("00010000 00001000 00000001"), CopyChunk.limitsResponse());
    }

    @Test
    void copyChunkLimitsAsWindows() {
        CopyChunk.Chunk mib = new CopyChunk.Chunk(0, 0, CopyChunk.MAX_CHUNK_SIZE);
        assertTrue(CopyChunk.withinLimits(new CopyChunk.Chunk[] {mib}));
        assertFalse(CopyChunk.withinLimits(new CopyChunk.Chunk[] {new CopyChunk.Chunk(0, 0, CopyChunk.MAX_CHUNK_SIZE + 1)}));
        assertFalse(CopyChunk.withinLimits(new CopyChunk.Chunk[] {new CopyChunk.Chunk(0, 0, 0)}), "empty chunk");
        assertFalse(CopyChunk.withinLimits(new CopyChunk.Chunk[] {new CopyChunk.Chunk(0, 0, -1)}), "UINT_MAX length");
        CopyChunk.Chunk[] sixteen = new CopyChunk.Chunk[16];
        java.util.Arrays.fill(sixteen, mib);
        assertTrue(CopyChunk.withinLimits(sixteen), "16 MiB total is allowed");
        CopyChunk.Chunk[] seventeen = java.util.Arrays.copyOf(sixteen, 17);
        seventeen[16] = new CopyChunk.Chunk(0, 0, 1);
        assertFalse(CopyChunk.withinLimits(seventeen));
        CopyChunk.Chunk[] many = new CopyChunk.Chunk[257];
        java.util.Arrays.fill(many, new CopyChunk.Chunk(0, 0, 1));
        assertFalse(CopyChunk.withinLimits(many));
        assertTrue(CopyChunk.withinLimits(java.util.Arrays.copyOf(many, 256)));
    }

    @Test
    void objectIdBufferIsStable() {
        byte[] a = ObjectIds.objectIdBuffer(42, 7);
        assertArrayEquals(a, ObjectIds.objectIdBuffer(42, 7));
        assertEquals(64, a.length);
        assertArrayEquals(java.util.Arrays.copyOf(a, 16), java.util.Arrays.copyOfRange(a, 32, 48));
    }
}
