package dev.casmb.smb.proto.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The typed create contexts (MS-SMB2 2.2.13.2, 2.2.14.2): captured ones byte for byte, golden responses, bad lengths. */
class CreateContextCodecTest {
    interface Codec {
        byte[] reencode(byte[] data) throws SmbException;
    }

    @Test
    void capturedContextsReencodeByteForByte() throws SmbException {
        Set<String> seen = new HashSet<>();
        for (ByteBuf m : SeedFrames.requests(Smb2Command.CREATE)) {
            for (CreateContext c : CreateRequest.decode(Smb2Body.of(m)).contexts()) {
                Codec codec = switch (c.name()) {
                    case CreateContext.MXAC -> d -> MaximalAccessRequest.decode(d).encode();
                    case CreateContext.DHNQ -> d -> DurableContexts.DurableRequestV1.decode(d).encode();
                    case CreateContext.DHNC -> d -> DurableContexts.DurableReconnectV1.decode(d).encode();
                    case CreateContext.DH2Q -> d -> DurableContexts.DurableRequestV2.decode(d).encode();
                    case CreateContext.DH2C -> d -> DurableContexts.DurableReconnectV2.decode(d).encode();
                    case CreateContext.TWRP -> d -> DurableContexts.TimewarpToken.decode(d).encode();
                    case CreateContext.ALSI -> d -> AllocationSizeRequest.decode(d).encode();
                    default -> {
                        if (c.name().equals(DurableContexts.APP_INSTANCE_ID)) yield d -> DurableContexts.AppInstanceId.decode(d).encode();
                        if (c.name().equals(DurableContexts.APP_INSTANCE_VERSION)) {
                            yield d -> DurableContexts.AppInstanceVersion.decode(d).encode();
                        }
                        yield null;
                    }
                };
                if (codec == null) continue;
                if (c.name().equals(CreateContext.DHNQ) && c.data().length != 16) continue; // invalid on purpose (smbtorture)
                seen.add(c.name());
                assertArrayEquals(c.data(), codec.reencode(c.data()), c.name());
            }
        }
        // the seeds (smbclient, smbtorture) carry AlSi and ExtA; the durable contexts are held to requestsRoundTrip
        assertTrue(seen.contains(CreateContext.ALSI), "the seeds carry typed contexts: " + seen);
    }

    @Test
    void responsesGoldenBytes() throws SmbException {
        assertEquals("00000000ff011f00", hex(new MaximalAccessResponse(0, 0x001F01FF).encode()));
        assertEquals("0102030405060708" + "1100000000000000" + "0".repeat(32),
            hex(new QueryOnDiskIdResponse(0x0807060504030201L, 0x11).encode()));
        assertEquals("60ea0000" + "02000000", hex(new DurableContexts.DurableResponseV2(60000, 2).encode()));
        assertEquals("0".repeat(16), hex(new DurableContexts.DurableResponseV1().context().data()));
        assertEquals(new DurableContexts.DurableResponseV2(60000, 2),
            DurableContexts.DurableResponseV2.decode(new DurableContexts.DurableResponseV2(60000, 2).encode()));
    }

    @Test
    void requestsRoundTrip() throws SmbException {
        byte[] guid = new byte[16];
        for (int i = 0; i < 16; i++) guid[i] = (byte) i;
        DurableContexts.DurableReconnectV2 c = new DurableContexts.DurableReconnectV2(new FileId(7, 8), guid, 2);
        DurableContexts.DurableReconnectV2 back = DurableContexts.DurableReconnectV2.decode(c.encode());
        assertEquals(new FileId(7, 8), back.fileId());
        assertArrayEquals(guid, back.createGuid());
        assertTrue(back.persistent());
        DurableContexts.DurableRequestV2 q = DurableContexts.DurableRequestV2.decode(
            new DurableContexts.DurableRequestV2(30000, 0, guid).encode());
        assertEquals(30000, q.timeoutMs());
        assertEquals(5L, DurableContexts.AppInstanceVersion.decode(new DurableContexts.AppInstanceVersion(5, 6).encode()).high());
        assertArrayEquals(guid, DurableContexts.AppInstanceId.decode(new DurableContexts.AppInstanceId(guid).encode()).appInstanceId());
    }

    @Test
    void wrongLengthsAreInvalidParameter() {
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> DurableContexts.DurableRequestV2.decode(new byte[31])).status());
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> DurableContexts.DurableReconnectV2.decode(new byte[32])).status());
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> DurableContexts.DurableReconnectV1.decode(new byte[8])).status());
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> DurableContexts.AppInstanceId.decode(new byte[20])).status(), "StructureSize must be 20");
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> DurableContexts.AppInstanceVersion.decode(new byte[24])).status(), "StructureSize must be 24");
        assertEquals(NtStatus.INVALID_PARAMETER, assertThrows(SmbException.class,
            () -> QueryOnDiskIdResponse.decode(new byte[16])).status());
    }

    private static String hex(byte[] b) {
        return io.netty.buffer.ByteBufUtil.hexDump(b);
    }
}
