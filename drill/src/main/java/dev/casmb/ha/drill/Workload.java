package dev.casmb.ha.drill;

import dev.casmb.client.SmbClient;
import dev.casmb.client.SmbFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;

/**
 * The drill's I/O: {@code vmWriters} "VM disk" writers (64 KiB random write-through WRITEs into a
 * preallocated file) and one "SQL log" writer (8 KiB sequential write-through WRITE + FLUSH), each paced
 * and each recording every I/O (start, latency) and every acknowledged write (offset, length, CRC32).
 */
public final class Workload {
    public static final int VM_IO = 64 * 1024;
    public static final int LOG_IO = 8 * 1024;

    /** One I/O as the application saw it; times in ns since the drill's origin. */
    public record Io(long startNs, long latencyNs, int writer, boolean ok) {}

    /** An acknowledged write: where, how much, what (CRC32), and when it was acknowledged. */
    public record Ack(long offset, int length, long crc, long ackNs) {}

    final class Writer implements Runnable {
        final int id;
        final boolean log;
        final SmbFile file;
        final List<Io> ios = new ArrayList<>();
        /** For VM disks the latest ack per block (older ones were overwritten); for the log every ack. */
        final Map<Long, Ack> acks = new HashMap<>();
        long acked;
        long errors;
        String lastError;

        Writer(int id, boolean log, SmbFile file) {
            this.id = id;
            this.log = log;
            this.file = file;
        }

        @Override
        public void run() {
            SplittableRandom rnd = new SplittableRandom(id * 7919L + 17);
            int size = log ? LOG_IO : VM_IO;
            byte[] buf = new byte[size];
            long periodNs = (log ? logPeriodMs : vmPeriodMs) * 1_000_000L;
            long next = System.nanoTime();
            long logOffset = 0;
            long seq = 0;
            while (!stop.get()) {
                long now = System.nanoTime();
                if (now < next) {
                    try {
                        Thread.sleep((next - now) / 1_000_000L, (int) ((next - now) % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                next = Math.max(next + periodNs, now);
                long off = log ? logOffset : (long) rnd.nextInt((int) (vmFileBytes / VM_IO)) * VM_IO;
                fill(buf, id, seq++);
                CRC32 crc = new CRC32();
                crc.update(buf);
                long t0 = System.nanoTime();
                boolean ok = true;
                try {
                    file.write(off, buf, 0, size, true);
                    if (log) file.flush();
                } catch (IOException e) {
                    ok = false;
                    errors++;
                    lastError = e.getMessage();
                }
                long t1 = System.nanoTime();
                synchronized (this) {
                    ios.add(new Io(t0 - origin, t1 - t0, id, ok));
                    if (ok) {
                        acked++;
                        acks.put(off, new Ack(off, size, crc.getValue(), t1 - origin));
                    }
                }
                if (ok && log) logOffset += size;
                if (!ok) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private final SmbClient client;
    private final int vmWriters;
    final long vmFileBytes;
    final long vmPeriodMs;
    final long logPeriodMs;
    final long origin;
    private final AtomicBoolean stop = new AtomicBoolean();
    final List<Writer> writers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public Workload(SmbClient client, int vmWriters, long vmFileBytes, long vmPeriodMs, long logPeriodMs, long origin) {
        this.client = client;
        this.vmWriters = vmWriters;
        this.vmFileBytes = vmFileBytes;
        this.vmPeriodMs = vmPeriodMs;
        this.logPeriodMs = logPeriodMs;
        this.origin = origin;
    }

    /** Opens the files with persistent handles and preallocates the VM disks. */
    public void prepare(String dir) throws IOException {
        byte[] zero = new byte[VM_IO];
        for (int i = 0; i < vmWriters; i++) {
            SmbFile f = client.open(dir + "\\vm-" + i + ".vhdx", true, true);
            for (long off = 0; off < vmFileBytes; off += VM_IO) f.write(off, zero, 0, VM_IO, false);
            f.flush();
            writers.add(new Writer(i, false, f));
        }
        writers.add(new Writer(vmWriters, true, client.open(dir + "\\sql.ldf", true, true)));
    }

    public void start() {
        for (Writer w : writers) {
            Thread t = new Thread(w, w.log ? "drill-sql-log" : "drill-vm-" + w.id);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) t.join(120_000);
    }

    public int handlesHeld() { return writers.size(); }

    public long persistentGranted() { return writers.stream().filter(w -> w.file.isPersistent()).count(); }

    public List<Io> ios() {
        List<Io> all = new ArrayList<>();
        for (Writer w : writers) {
            synchronized (w) {
                all.addAll(w.ios);
            }
        }
        all.sort((a, b) -> Long.compare(a.startNs(), b.startNs()));
        return all;
    }

    /** A write that was acknowledged but did not read back. */
    public record Loss(String file, Ack ack, String why) {}

    /** Integrity check: every (still current) acknowledged write is read back and its CRC32 compared. */
    public List<Loss> verify(long[] verifiedOut) {
        List<Loss> lost = new ArrayList<>();
        long verified = 0;
        boolean unreadable = false;
        for (Writer w : writers) {
            if (unreadable) {
                for (Ack a : w.acks.values()) lost.add(new Loss(w.file.path(), a, "not read back: the share is unreachable"));
                continue;
            }
            for (Ack a : w.acks.values()) {
                if (unreadable) {
                    lost.add(new Loss(w.file.path(), a, "not read back: the share is unreachable"));
                    continue;
                }
                try {
                    byte[] got = w.file.read(a.offset(), a.length());
                    CRC32 c = new CRC32();
                    c.update(got);
                    if (got.length != a.length() || c.getValue() != a.crc()) {
                        lost.add(new Loss(w.file.path(), a, "read back " + got.length + " bytes, CRC mismatch"));
                    } else {
                        verified++;
                    }
                } catch (IOException e) {
                    lost.add(new Loss(w.file.path(), a, e.getMessage()));
                    if (e instanceof dev.casmb.client.ConnectionLostException) {
                        // the client gave up reconnecting: the rest cannot be read back either
                        unreadable = true;
                    }
                }
            }
        }
        verifiedOut[0] = verified;
        return lost;
    }

    public long acked() { return writers.stream().mapToLong(w -> w.acked).sum(); }

    public long errors() { return writers.stream().mapToLong(w -> w.errors).sum(); }

    public String lastError() {
        return writers.stream().map(w -> w.lastError).filter(e -> e != null).findFirst().orElse(null);
    }

    public String writerName(int id) { return id == vmWriters ? "sql-log" : "vm-" + id; }

    public boolean isLog(int id) { return id == vmWriters; }

    static void fill(byte[] b, int writer, long seq) {
        long x = (writer * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL) ^ 0x165667B19E3779F9L;
        for (int i = 0; i < b.length; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            for (int k = 0; k < 8 && i + k < b.length; k++) b[i + k] = (byte) (x >>> (8 * k));
        }
    }
}
