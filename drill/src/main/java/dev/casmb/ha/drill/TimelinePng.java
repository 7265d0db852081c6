package dev.casmb.ha.drill;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The drill's timeline: every I/O's latency (log scale) over time, with the events shaded and named. */
final class TimelinePng {
    private static final int W = 1400;
    private static final int H = 600;
    private static final int L = 70;
    private static final int R = 20;
    private static final int T = 40;
    private static final int B = 170;

    private TimelinePng() {}

    static void write(Path file, DrillReport r, Workload w) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double dur = Math.max(1, r.durationS);
        int pw = W - L - R;
        int ph = H - T - B;
        double lo = Math.log10(0.1);
        double hi = Math.log10(10_000);
        // events
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int row = 0;
        for (DrillReport.EventStats e : r.events) {
            int x0 = L + (int) (e.event().startNs() / 1e9 / dur * pw);
            int x1 = L + (int) (e.windowEndNs() / 1e9 / dur * pw);
            Color c = e.event().kind().equals("unplanned") ? new Color(255, 200, 200)
                : e.event().kind().equals("restart") ? new Color(255, 235, 190) : new Color(220, 225, 255);
            g.setColor(c);
            g.fillRect(x0, T, Math.max(2, x1 - x0), ph);
            g.setColor(new Color(180, 0, 0));
            g.drawLine(x0, T, x0, T + ph + 8 + 14 * (row % 8));
            g.drawString(String.format("%s  (stall %.0f ms, p99 %.0f ms)", e.event().name(), e.stallMaxMs(), e.p99Ms()), x0 + 3,
                T + ph + 20 + 14 * (row % 8));
            row++;
        }
        // axes
        g.setColor(Color.GRAY);
        g.drawRect(L, T, pw, ph);
        for (double ms : new double[] {0.1, 1, 10, 100, 1000, 10000}) {
            int y = T + ph - (int) ((Math.log10(ms) - lo) / (hi - lo) * ph);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(L + 1, y, L + pw - 1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(ms < 1 ? "0.1 ms" : ms >= 1000 ? (int) (ms / 1000) + " s" : (int) ms + " ms", 8, y + 4);
        }
        int step = dur > 120 ? 30 : dur > 40 ? 10 : 5;
        for (int s = 0; s <= dur; s += step) {
            int x = L + (int) (s / dur * pw);
            g.drawString(s + " s", x - 8, T + ph + 12);
        }
        // I/Os
        g.setStroke(new BasicStroke(1f));
        for (Workload.Io io : w.ios()) {
            double ms = Math.max(0.1, Math.min(10_000, io.latencyNs() / 1e6));
            int x = L + (int) ((io.startNs() + io.latencyNs()) / 1e9 / dur * pw);
            int y = T + ph - (int) ((Math.log10(ms) - lo) / (hi - lo) * ph);
            g.setColor(!io.ok() ? Color.RED : w.isLog(io.writer()) ? new Color(0, 140, 0, 150) : new Color(0, 70, 200, 120));
            g.fillRect(x - 1, y - 1, 3, 3);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format("casmb upgrade drill - I/O latency (blue: VM disks 64 KiB, green: SQL log 8 KiB + flush, red: error); "
            + "%d I/Os, %d reconnects, %d/%d handles reclaimed, %d writes lost", r.ios, r.reconnects, r.reclaimed, r.held, r.lost.size()),
            L, 25);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
