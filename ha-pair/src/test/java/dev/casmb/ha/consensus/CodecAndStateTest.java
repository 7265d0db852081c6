package dev.casmb.ha.consensus;

import dev.casmb.ha.state.KvStateMachine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CodecAndStateTest {
    @Test
    void batchRoundTripAndCorruption() {
        byte[] e = BatchCodec.encodeBatch(List.of(new byte[] {1, 2}, new byte[0], new byte[] {3}));
        List<byte[]> back = BatchCodec.decodeBatch(e);
        assertEquals(3, back.size());
        assertArrayEquals(new byte[] {1, 2}, back.get(0));
        e[9] ^= 1;
        CorruptDataException x = assertThrows(CorruptDataException.class, () -> BatchCodec.decodeBatch(e));
        assertTrue(x.getMessage().contains("checksum"), x.getMessage());
        assertThrows(CorruptDataException.class, () -> BatchCodec.decodeBatch(new byte[3]));
    }

    @Test
    void snapshotCorruptionIsAClearException() {
        KvStateMachine kv = new KvStateMachine();
        ReplicatedState rs = new ReplicatedState(kv);
        rs.applyEntry(7, BatchCodec.encodeBatch(List.of(KvStateMachine.put("a", "1".getBytes(StandardCharsets.UTF_8)))));
        byte[] snap = rs.snapshot();
        ReplicatedState other = new ReplicatedState(new KvStateMachine());
        assertEquals(7, other.restore(snap));
        assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), other.queryLocal(KvStateMachine.get("a")));
        snap[snap.length - 6] ^= 0x40;
        assertThrows(CorruptDataException.class, () -> other.restore(snap));
        assertThrows(CorruptDataException.class, () -> new KvStateMachine().restore(new byte[] {0, 0, 0, 1, 0}));
    }

    @Test
    void badCommandIsRejectedPerCommandNotPerReplica() {
        ReplicatedState rs = new ReplicatedState(new KvStateMachine());
        byte[] results = rs.applyEntry(1, BatchCodec.encodeBatch(List.of(
                KvStateMachine.put("k", new byte[] {9}), new byte[] {42, 0}, KvStateMachine.delete("k"))));
        List<BatchCodec.Result> r = BatchCodec.decodeResults(results);
        assertTrue(r.get(0).ok());
        assertFalse(r.get(1).ok());
        assertTrue(r.get(1).error().contains("CorruptDataException"), r.get(1).error());
        assertArrayEquals(new byte[] {9}, r.get(2).value());
        assertNull(rs.queryLocal(KvStateMachine.get("k")));
        assertThrows(CorruptDataException.class, () -> rs.applyEntry(2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
    }

    @Test
    void histogramQuantiles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordNanos(i * 1_000_000L); // 1..1000 ms
        }
        assertEquals(1000, h.count());
        assertEquals(500_000, h.quantileMicros(0.5), 500_000 * 0.07);
        assertEquals(990_000, h.quantileMicros(0.99), 990_000 * 0.07);
        assertEquals(1_000_000, h.maxMicros());
        h.recordNanos(Long.MAX_VALUE / 2); // clamps into last bucket
        assertEquals(1001, h.count());
    }

    @Test
    void groupCommitBatchesConcurrentSubmits() throws Exception {
        ReplicatedState rs = new ReplicatedState(new KvStateMachine());
        java.util.concurrent.atomic.AtomicLong idx = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService slow = java.util.concurrent.Executors.newSingleThreadExecutor();
        LatencyHistogram lat = new LatencyHistogram();
        try (GroupCommitter gc = new GroupCommitter("t", entry -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(5); // a "round trip"
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            return rs.applyEntry(idx.incrementAndGet(), entry);
        }, slow), 1, 1 << 20, 10_000, lat)) {
            List<java.util.concurrent.CompletableFuture<byte[]>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                fs.add(gc.submit(KvStateMachine.put("k" + i, new byte[] {1})));
            }
            fs.add(gc.submit(new byte[] {99}));
            for (int i = 0; i < 2000; i++) {
                fs.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            var ex = assertThrows(java.util.concurrent.ExecutionException.class, () -> fs.get(2000).get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertInstanceOf(CommandRejectedException.class, ex.getCause());
            assertTrue(idx.get() < 200, "2001 submits took " + idx.get() + " entries");
            assertEquals(2001, lat.count()); // a rejected command was still committed
        } finally {
            slow.shutdownNow();
        }
    }
}
