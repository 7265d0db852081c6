package dev.casmb.rpc.ndr;

import static dev.casmb.rpc.Golden.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NdrTest {
    @Test
    void uuidUsesNdrGuidOrder() {
        UUID ndr = UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860");
        assertArrayEquals(hex("04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60"), Uuids.toBytes(ndr));
        assertEquals(ndr, Uuids.read(Uuids.toBytes(ndr), 0));
    }

    @Test
    void conformantVaryingStringWithReferent() {
        byte[] b = new NdrWriter().uniqueWString("FS1").toByteArray();
        assertArrayEquals(hex("00 00 02 00 04 00 00 00 00 00 00 00 04 00 00 00 46 00 53 00 31 00 00 00"), b);
        assertEquals("FS1", new NdrReader(b).uniqueWString());
    }

    @Test
    void nullUniquePointer() {
        assertNull(new NdrReader(hex("00 00 00 00")).uniqueWString());
    }

    @Test
    void alignmentIsRelativeToStubStart() {
        NdrWriter w = new NdrWriter().u8(1).u32(2).u16(3).u32(4);
        assertArrayEquals(hex("01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00"), w.toByteArray());
        NdrReader r = new NdrReader(w.toByteArray());
        assertEquals(1, r.u8());
        assertEquals(2, r.u32());
        assertEquals(3, r.u16());
        assertEquals(4, r.u32());
    }

    @Test
    void truncatedInputThrowsNdrException() {
        assertThrows(NdrException.class, () -> new NdrReader(hex("01 00")).u32());
        // string claims 100 chars but has 1
        assertThrows(NdrException.class, () -> new NdrReader(hex("64 00 00 00 00 00 00 00 64 00 00 00 41 00")).wstring());
        // actual_count > max_count
        assertThrows(NdrException.class, () -> new NdrReader(hex("01 00 00 00 00 00 00 00 02 00 00 00 41 00 00 00")).wstring());
        // absurd count
        assertThrows(NdrException.class, () -> new NdrReader(hex("ff ff ff ff")).count());
    }
}
