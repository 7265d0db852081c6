package dev.casmb.ha.drill;

import dev.casmb.client.SmbClient;
import dev.casmb.client.WitnessFollower;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The drill's result: per event (stall, reconnects, handles reclaimed, writes lost) and overall. */
public final class DrillReport {
    /** A step as it happened; times in ns since the drill's origin. */
    public record EventResult(String name, String kind, long startNs, long endNs, boolean ok, String message) {}

    /** Statistics of one event's window. */
    public record EventStats(EventResult event, long windowEndNs, int ios, double stallMaxMs, double p99Ms, int reconnects,
                             int held, int reclaimed, int witnessNotifications, int ioErrors, int lostWrites,
                             List<String> reconnectDetails) {}

    public final List<EventStats> events = new ArrayList<>();
    public double baselineP99Ms;
    public double baselineMaxMs;
    public long ios;
    public long acked;
    public long verified;
    public long ioErrors;
    public String lastIoError;
    public List<Workload.Loss> lost = List.of();
    public int reconnects;
    public int held;
    public int reclaimed;
    public long replays;
    public int persistentGranted;
    public int handles;
    public String dialect;
    public double durationS;
    public String witness = "not followed (no witness settings): the client reconnects on failure, and to the next address on "
        + "BAD_NETWORK_NAME";
    public int witnessNotifications;

    static DrillReport build(UpgradeDrill.Settings s, SmbClient client, WitnessFollower follower, Workload w, List<EventResult> evs, List<Workload.Loss> lost,
                             long verified, long endNs, long origin) {
        DrillReport r = new DrillReport();
        List<Workload.Io> ios = w.ios();
        List<SmbClient.ReconnectInfo> rcs = client.reconnects();
        r.ios = ios.size();
        r.acked = w.acked();
        r.verified = verified;
        r.ioErrors = w.errors();
        r.lastIoError = w.lastError();
        r.lost = lost;
        r.replays = client.replays();
        r.persistentGranted = (int) w.persistentGranted();
        r.handles = w.handlesHeld();
        r.dialect = String.format("%x.%x", client.dialect() >> 8, client.dialect() & 0xFF);
        r.durationS = endNs / 1e9;
        long firstEvent = evs.isEmpty() ? endNs : evs.get(0).startNs();
        List<Double> base = new ArrayList<>();
        for (Workload.Io io : ios) {
            if (io.startNs() + io.latencyNs() < firstEvent) base.add(io.latencyNs() / 1e6);
        }
        r.baselineP99Ms = p99(base);
        r.baselineMaxMs = base.stream().mapToDouble(d -> d).max().orElse(0);
        List<WitnessFollower.Received> notes = follower == null ? List.of() : follower.received();
        if (follower != null) {
            r.witnessNotifications = notes.size();
            StringBuilder wb = new StringBuilder("followed (MS-SWN v2 RegisterEx + AsyncNotify); registrations: ")
                .append(follower.registrations().isEmpty() ? "none" : String.join(", ", follower.registrations()))
                .append("; ").append(notes.size()).append(" notification(s)");
            for (WitnessFollower.Received n : notes) {
                wb.append(String.format(Locale.ROOT, "%n    at %.3f s from %s: %s -> %s", (n.nanos() - origin) / 1e9, n.witness(),
                    n.notification(), n.action()));
            }
            if (notes.isEmpty()) wb.append(" (last status: ").append(follower.status()).append(')');
            r.witness = wb.toString();
        }
        for (SmbClient.ReconnectInfo ri : rcs) {
            r.reconnects++;
            r.held += ri.held();
            r.reclaimed += ri.reclaimed();
        }
        for (int i = 0; i < evs.size(); i++) {
            EventResult e = evs.get(i);
            long wEnd = Math.min(e.endNs() + s.eventWindowMs() * 1_000_000L, i + 1 < evs.size() ? evs.get(i + 1).startNs() : endNs);
            wEnd = Math.max(wEnd, e.endNs());
            List<Double> lat = new ArrayList<>();
            int errs = 0;
            for (Workload.Io io : ios) {
                if (io.startNs() <= wEnd && io.startNs() + io.latencyNs() >= e.startNs()) {
                    lat.add(io.latencyNs() / 1e6);
                    if (!io.ok()) errs++;
                }
            }
            int rc = 0;
            int held = 0;
            int rec = 0;
            List<String> det = new ArrayList<>();
            for (SmbClient.ReconnectInfo ri : rcs) {
                long st = ri.startNanos() - origin;
                if (st >= e.startNs() && st <= wEnd) {
                    rc++;
                    held += ri.held();
                    rec += ri.reclaimed();
                    det.add(String.format(Locale.ROOT, "%s -> %s in %d ms (%d attempt(s); cause: %s)", ri.from(), ri.to(), ri.millis(),
                        ri.attempts(), ri.cause()));
                }
            }
            int wn = 0;
            for (WitnessFollower.Received n : notes) {
                long at = n.nanos() - origin;
                if (at >= e.startNs() && at <= wEnd) wn++;
            }
            int lostHere = 0;
            for (Workload.Loss l : lost) {
                if (l.ack().ackNs() >= e.startNs() && l.ack().ackNs() <= wEnd) lostHere++;
            }
            r.events.add(new EventStats(e, wEnd, lat.size(), lat.stream().mapToDouble(d -> d).max().orElse(0), p99(lat), rc, held, rec,
                wn, errs, lostHere, det));
        }
        return r;
    }

    static double p99(List<Double> xs) {
        if (xs.isEmpty()) return 0;
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(0.99 * s.size()) - 1));
    }

    public boolean integrityOk() { return lost.isEmpty() && verified > 0; }

    public boolean allReclaimed() { return held == reclaimed; }

    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Non-disruptive upgrade drill: %.1f s, SMB %s, %d/%d persistent handles, %d I/Os%n",
            durationS, dialect, persistentGranted, handles, ios));
        b.append(String.format(Locale.ROOT, "Baseline before the first event: p99 %.1f ms, max %.1f ms%n%n", baselineP99Ms, baselineMaxMs));
        b.append(String.format(Locale.ROOT, "%-44s %-9s %8s %9s %9s %6s %10s %7s %6s %5s%n", "event", "kind", "op ms", "stall max",
            "p99 ms", "recon", "reclaimed", "witness", "errors", "lost"));
        for (EventStats e : events) {
            b.append(String.format(Locale.ROOT, "%-44s %-9s %8d %9.1f %9.1f %6d %10s %7d %6d %5d%s%n", e.event().name(), e.event().kind(),
                (e.event().endNs() - e.event().startNs()) / 1_000_000, e.stallMaxMs(), e.p99Ms(), e.reconnects(),
                e.reclaimed() + "/" + e.held(), e.witnessNotifications(), e.ioErrors(), e.lostWrites(),
                e.event().ok() ? "" : "  " + e.event().message()));
            for (String d : e.reconnectDetails()) b.append("    reconnect ").append(d).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%nReconnects: %d; handles reclaimed %d of %d held (%s); requests replayed: %d%n", reconnects,
            reclaimed, held, held == 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", 100.0 * reclaimed / held), replays));
        b.append("Witness: ").append(witness).append('\n');
        b.append(String.format(Locale.ROOT, "Integrity: %d writes acknowledged, %d current ones read back and verified, %d lost%s%n",
            acked, verified, lost.size(), lost.isEmpty() ? " - OK" : " - FAILED"));
        for (Workload.Loss l : lost.subList(0, Math.min(10, lost.size()))) {
            b.append("    lost: ").append(l.file()).append(" @").append(l.ack().offset()).append(" +").append(l.ack().length())
                .append(": ").append(l.why()).append('\n');
        }
        if (ioErrors > 0) b.append("I/O errors seen by the application: ").append(ioErrors).append(" (last: ").append(lastIoError).append(")\n");
        return b.toString();
    }

    public String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        b.append(String.format(Locale.ROOT, "  \"durationSeconds\": %.3f,%n  \"dialect\": \"%s\",%n  \"ios\": %d,%n", durationS, dialect, ios));
        b.append(String.format(Locale.ROOT, "  \"baseline\": {\"p99Ms\": %.3f, \"maxMs\": %.3f},%n", baselineP99Ms, baselineMaxMs));
        b.append("  \"events\": [\n");
        for (int i = 0; i < events.size(); i++) {
            EventStats e = events.get(i);
            b.append(String.format(Locale.ROOT,
                "    {\"name\": %s, \"kind\": %s, \"ok\": %b, \"message\": %s, \"startMs\": %.1f, \"endMs\": %.1f, \"windowEndMs\": %.1f, "
                    + "\"ios\": %d, \"stallMaxMs\": %.3f, \"stallP99Ms\": %.3f, \"reconnects\": %d, \"handlesHeld\": %d, "
                    + "\"handlesReclaimed\": %d, \"witnessNotifications\": %d, \"ioErrors\": %d, \"lostWrites\": %d}%s%n",
                q(e.event().name()), q(e.event().kind()), e.event().ok(), q(e.event().message()), e.event().startNs() / 1e6,
                e.event().endNs() / 1e6, e.windowEndNs() / 1e6, e.ios(), e.stallMaxMs(), e.p99Ms(), e.reconnects(), e.held(),
                e.reclaimed(), e.witnessNotifications(), e.ioErrors(), e.lostWrites(), i + 1 < events.size() ? "," : ""));
        }
        b.append("  ],\n");
        b.append(String.format(Locale.ROOT, "  \"reconnects\": %d,%n  \"handlesHeld\": %d,%n  \"handlesReclaimed\": %d,%n  \"replays\": %d,%n",
            reconnects, held, reclaimed, replays));
        b.append(String.format(Locale.ROOT, "  \"persistentHandles\": %d,%n  \"handles\": %d,%n", persistentGranted, handles));
        b.append("  \"witness\": ").append(q(witness)).append(",\n");
        b.append(String.format(Locale.ROOT, "  \"integrity\": {\"acknowledged\": %d, \"verified\": %d, \"lost\": %d, \"ok\": %b},%n", acked,
            verified, lost.size(), integrityOk()));
        b.append(String.format(Locale.ROOT, "  \"ioErrors\": %d%n}%n", ioErrors));
        return b.toString();
    }

    static String q(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
