package dev.casmb.ha.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: concurrent {@link Consensus#submit} calls are queued and one dispatcher thread packs whatever is
 * waiting (up to {@link BatchCodec#MAX_BATCH} commands / {@code maxBatchBytes}) into one Raft entry. Up to
 * {@code maxInFlight} entries are pipelined; while they are all in flight, new submits accumulate and form the
 * next, larger batch. So the SMB CREATE path never waits on a single-threaded round trip per request (concurrent
 * commits are batched and run off the Netty event loop: docs/DESIGN.md "HA pair acceptance criteria", Consensus).
 */
public final class GroupCommitter implements AutoCloseable {
    private record Pending(byte[] command, CompletableFuture<byte[]> future, long startNanos) {
    }

    private final BlockingQueue<Pending> queue;
    private final Function<byte[], CompletableFuture<byte[]>> sendEntry;
    private final Semaphore inFlight;
    private final int maxBatchBytes;
    private final LatencyHistogram latency;
    private final LatencyHistogram batchSizes = new LatencyHistogram();
    private final Thread dispatcher;
    private volatile boolean closed;

    /**
     * @param sendEntry replicates one encoded batch and completes with the encoded results
     */
    public GroupCommitter(String name, Function<byte[], CompletableFuture<byte[]>> sendEntry, int maxInFlight,
                          int maxBatchBytes, int queueCapacity, LatencyHistogram latency) {
        this.sendEntry = sendEntry;
        this.inFlight = new Semaphore(maxInFlight);
        this.maxBatchBytes = maxBatchBytes;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.latency = latency;
        this.dispatcher = new Thread(this::run, name + "-group-commit");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    public CompletableFuture<byte[]> submit(byte[] command) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("consensus closed"));
        } else if (!queue.offer(new Pending(command, f, System.nanoTime()))) {
            f.completeExceptionally(new RejectedExecutionException("commit queue full"));
        }
        return f;
    }

    /** Distribution of commands per Raft entry (recorded as "µs" = count). */
    public LatencyHistogram batchSizes() {
        return batchSizes;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // Wait for a pipeline slot first, so that everything arriving meanwhile joins this batch.
                while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        first.future.completeExceptionally(new IllegalStateException("consensus closed"));
                        return;
                    }
                }
                batch.add(first);
                int bytes = first.command.length;
                Pending p;
                while (batch.size() < BatchCodec.MAX_BATCH && bytes < maxBatchBytes && (p = queue.poll()) != null) {
                    batch.add(p);
                    bytes += p.command.length;
                }
                send(List.copyOf(batch));
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failAll(batch);
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        failAll(rest);
    }

    private void send(List<Pending> batch) {
        batchSizes.recordNanos(batch.size() * 1000L);
        List<byte[]> cmds = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            cmds.add(p.command);
        }
        CompletableFuture<byte[]> f;
        try {
            f = sendEntry.apply(BatchCodec.encodeBatch(cmds));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((reply, err) -> {
            inFlight.release();
            complete(batch, reply, err);
        });
    }

    private void complete(List<Pending> batch, byte[] reply, Throwable err) {
        List<BatchCodec.Result> results = null;
        if (err == null) {
            try {
                results = BatchCodec.decodeResults(reply);
                if (results.size() != batch.size()) {
                    err = new CorruptDataException("result count " + results.size() + " != batch " + batch.size());
                }
            } catch (RuntimeException e) {
                err = e;
            }
        }
        long now = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (err != null) {
                p.future.completeExceptionally(err);
                continue;
            }
            BatchCodec.Result r = results.get(i);
            latency.recordNanos(now - p.startNanos);
            if (r.ok()) {
                p.future.complete(r.value());
            } else {
                p.future.completeExceptionally(new CommandRejectedException(r.error()));
            }
        }
    }

    private static void failAll(List<Pending> ps) {
        for (Pending p : ps) {
            p.future.completeExceptionally(new IllegalStateException("consensus closed"));
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            dispatcher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
