package dev.casmb.ha.consensus;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Small bounded, lock-free latency histogram: log-linear buckets (16 sub-buckets per power of two, so
 * quantiles are within ~6%) from 1 µs to about 70 s; larger values land in the last bucket. Fixed memory
 * (~8 KB), safe to record from any thread.
 */
public final class LatencyHistogram {
    private static final int SUB = 16;
    private static final int POWERS = 27; // 2^26 µs ≈ 67 s
    private final AtomicLongArray counts = new AtomicLongArray(SUB * POWERS);
    private final java.util.concurrent.atomic.LongAdder total = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAccumulator max =
            new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);

    public void recordNanos(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        counts.incrementAndGet(bucket(micros));
        total.increment();
        max.accumulate(micros);
    }

    static int bucket(long micros) {
        int power = 63 - Long.numberOfLeadingZeros(micros); // floor(log2)
        if (power < 4) {
            return (int) micros; // 1..15 exact
        }
        int sub = (int) ((micros >> (power - 4)) & (SUB - 1));
        int b = (power - 3) * SUB + sub;
        return Math.min(b, SUB * POWERS - 1);
    }

    /** Upper bound (µs) of a bucket. */
    static long bucketUpperMicros(int b) {
        if (b < SUB) {
            return b;
        }
        int power = b / SUB + 3;
        int sub = b % SUB;
        return ((long) (SUB + sub + 1) << (power - 4)) - 1;
    }

    public long count() {
        return total.sum();
    }

    public long maxMicros() {
        return max.get();
    }

    /** Quantile in microseconds (0 when empty). */
    public long quantileMicros(double q) {
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return Math.min(bucketUpperMicros(i), maxMicros());
            }
        }
        return maxMicros();
    }

    public void reset() {
        for (int i = 0; i < counts.length(); i++) {
            counts.set(i, 0);
        }
        total.reset();
        max.reset();
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.2fms p99=%.2fms max=%.2fms", count(), quantileMicros(0.5) / 1000.0,
                quantileMicros(0.99) / 1000.0, maxMicros() / 1000.0);
    }
}
