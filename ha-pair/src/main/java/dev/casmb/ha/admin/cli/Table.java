package dev.casmb.ha.admin.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aligned text table in the ONTAP style:
 *
 * <pre>
 *                     Takeover
 * Node     Partner    Possible State Description
 * -------- ---------- -------- ------------------
 * node-a   node-b     true     Connected to node-b
 * </pre>
 *
 * Headers may span several lines ({@code "Takeover\nPossible"}); they are bottom-aligned. A column is
 * right-aligned when set so, or when every non-empty cell in it is a {@link Number}. Null cells are
 * shown as "-". Columns are separated by one space; trailing spaces are removed.
 */
public final class Table {

    public enum Align { LEFT, RIGHT, AUTO }

    private final String[][] headers;   // [column][line]
    private final Align[] align;
    private final List<Object[]> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) throw new IllegalArgumentException("a table needs at least one column");
        this.headers = new String[headers.length][];
        for (int i = 0; i < headers.length; i++) this.headers[i] = headers[i].split("\n", -1);
        this.align = new Align[headers.length];
        Arrays.fill(align, Align.AUTO);
    }

    public Table align(int column, Align a) {
        align[column] = a;
        return this;
    }

    public Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length + " columns");
        }
        rows.add(cells.clone());
        return this;
    }

    public int size() {
        return rows.size();
    }

    static String cell(Object o) {
        if (o == null) return "-";
        String s = o.toString();
        // keep the grid intact: no control characters in cells
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) b = new StringBuilder(s.substring(0, i));
                b.append(' ');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private boolean rightAligned(int col) {
        if (align[col] != Align.AUTO) return align[col] == Align.RIGHT;
        boolean any = false;
        for (Object[] r : rows) {
            Object o = r[col];
            if (o == null) continue;
            if (!(o instanceof Number)) return false;
            any = true;
        }
        return any;
    }

    /** The table, each line ending in '\n'. */
    public String render() {
        int cols = headers.length;
        int[] width = new int[cols];
        int headerLines = 0;
        for (int c = 0; c < cols; c++) {
            headerLines = Math.max(headerLines, headers[c].length);
            for (String h : headers[c]) width[c] = Math.max(width[c], h.length());
        }
        String[][] text = new String[rows.size()][cols];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols; c++) {
                text[r][c] = cell(rows.get(r)[c]);
                width[c] = Math.max(width[c], text[r][c].length());
            }
        }
        boolean[] right = new boolean[cols];
        for (int c = 0; c < cols; c++) right[c] = rightAligned(c);

        StringBuilder out = new StringBuilder();
        for (int l = 0; l < headerLines; l++) {
            String[] line = new String[cols];
            for (int c = 0; c < cols; c++) {
                int offset = headerLines - headers[c].length;   // bottom-align
                line[c] = l >= offset ? headers[c][l - offset] : "";
            }
            appendLine(out, line, width, right);
        }
        String[] dashes = new String[cols];
        for (int c = 0; c < cols; c++) dashes[c] = "-".repeat(width[c]);
        appendLine(out, dashes, width, right);
        for (String[] r : text) appendLine(out, r, width, right);
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) line.append(' ');
            String s = cells[c];
            int pad = width[c] - s.length();
            if (right[c]) line.append(" ".repeat(pad)).append(s);
            else line.append(s).append(" ".repeat(pad));
        }
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') end--;
        out.append(line, 0, end).append('\n');
    }

    /** The table followed by ONTAP's footer ("N entries were displayed."), or the "no entries" line. */
    public String renderWithFooter() {
        if (rows.isEmpty()) return "There are no entries matching your query.\n";
        String t = render();
        return rows.size() > 1 ? t + "\n" + rows.size() + " entries were displayed.\n" : t;
    }
}
