package dev.casmb.ha.admin.ssh;

import dev.casmb.ha.admin.cli.CommandTree;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A small line editor for the admin shell, for a client terminal in raw mode (an SSH pty): echoes
 * what is typed, and handles TAB (completion), '?' (help for what is typed so far), backspace,
 * Ctrl-C (discard the line), Ctrl-D (end the session on an empty line), Ctrl-U, Ctrl-W, Ctrl-L and
 * the up/down arrows (history). Without a terminal it just reads lines, without echo or prompts.
 *
 * <p>Output goes through {@code out} with '\n' line ends; the caller translates them to CRLF for a pty.
 */
final class LineEditor {
    static final int MAX_LINE = 4096;
    static final int MAX_HISTORY = 100;

    private final Reader in;
    private final PrintWriter out;
    private final boolean terminal;
    private final Function<String, CommandTree.Completion> completer;
    private final Function<String, String> helper;
    private final List<String> history = new ArrayList<>();
    private boolean lastWasCr;

    LineEditor(Reader in, PrintWriter out, boolean terminal,
               Function<String, CommandTree.Completion> completer, Function<String, String> helper) {
        this.in = in;
        this.out = out;
        this.terminal = terminal;
        this.completer = completer;
        this.helper = helper;
    }

    List<String> history() {
        return List.copyOf(history);
    }

    /** The next line, or null at the end of input (or Ctrl-D on an empty line). */
    String readLine(String prompt) throws IOException {
        if (!terminal) return readPlainLine();
        out.print(prompt);
        out.flush();
        StringBuilder buf = new StringBuilder();
        int histIdx = history.size();
        while (true) {
            int c = in.read();
            if (c < 0) return null;
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            switch (c) {
                case '\r', '\n' -> {
                    out.print("\n");
                    out.flush();
                    String line = buf.toString();
                    if (!line.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(line))) {
                        history.add(line);
                        if (history.size() > MAX_HISTORY) history.remove(0);
                    }
                    return line;
                }
                case 3 -> {                                   // Ctrl-C
                    out.print("^C\n" + prompt);
                    buf.setLength(0);
                    histIdx = history.size();
                }
                case 4 -> {                                   // Ctrl-D
                    if (buf.length() == 0) {
                        out.print("\n");
                        out.flush();
                        return null;
                    }
                }
                case 0x7f, 8 -> {                             // backspace
                    if (buf.length() > 0) {
                        buf.setLength(buf.length() - 1);
                        out.print("\b \b");
                    }
                }
                case 0x15 -> {                                // Ctrl-U
                    erase(buf.length());
                    buf.setLength(0);
                }
                case 0x17 -> {                                // Ctrl-W
                    int end = buf.length();
                    while (end > 0 && buf.charAt(end - 1) == ' ') end--;
                    while (end > 0 && buf.charAt(end - 1) != ' ') end--;
                    erase(buf.length() - end);
                    buf.setLength(end);
                }
                case 0x0c -> out.print("\n" + prompt + buf);  // Ctrl-L
                case '\t' -> complete(prompt, buf);
                case '?' -> {
                    out.print("?\n");
                    out.print(helper.apply(buf.toString()));
                    out.print(prompt + buf);
                }
                case 0x1b -> {                                // escape sequence
                    int k = escape();
                    if (k == 'A' && histIdx > 0) {
                        histIdx--;
                        replace(buf, history.get(histIdx));
                    } else if (k == 'B' && histIdx < history.size()) {
                        histIdx++;
                        replace(buf, histIdx == history.size() ? "" : history.get(histIdx));
                    }
                }
                default -> {
                    if (c >= 0x20 && buf.length() < MAX_LINE) {
                        buf.append((char) c);
                        out.print((char) c);
                    }
                }
            }
            out.flush();
        }
    }

    /** Reads a secret: no echo, no history. Null at the end of input or on Ctrl-C. */
    char[] readSecret(String prompt) throws IOException {
        if (!terminal) {
            String l = readPlainLine();
            return l == null ? null : l.toCharArray();
        }
        out.print(prompt);
        out.flush();
        char[] buf = new char[MAX_LINE];
        int n = 0;
        try {
            while (true) {
                int c = in.read();
                if (c < 0) return null;
                if (c == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = c == '\r';
                if (c == '\r' || c == '\n') {
                    out.print("\n");
                    out.flush();
                    return java.util.Arrays.copyOf(buf, n);
                }
                if (c == 3) {
                    out.print("^C\n");
                    out.flush();
                    return null;
                }
                if (c == 0x7f || c == 8) {
                    if (n > 0) n--;
                } else if (c == 0x15) {
                    n = 0;
                } else if (c >= 0x20 && n < buf.length) {
                    buf[n++] = (char) c;
                }
            }
        } finally {
            java.util.Arrays.fill(buf, '\0');
        }
    }

    private String readPlainLine() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) return b.length() == 0 ? null : b.toString();
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
                return b.toString();
            }
            if (b.length() < MAX_LINE) b.append((char) c);
        }
    }

    /** Reads the rest of an escape sequence (ESC [ params final, or ESC O final); returns its final char. */
    private int escape() throws IOException {
        int c = in.read();
        if (c != '[' && c != 'O') return -1;
        for (int i = 0; i < 16; i++) {                        // bounded: parameters then one final byte
            int d = in.read();
            if (d < 0) return -1;
            if (d >= 0x40 && d <= 0x7e) return d;
        }
        return -1;
    }

    private void erase(int n) {
        for (int i = 0; i < n; i++) out.print("\b \b");
    }

    private void replace(StringBuilder buf, String text) {
        erase(buf.length());
        buf.setLength(0);
        buf.append(text);
        out.print(text);
    }

    private void complete(String prompt, StringBuilder buf) {
        CommandTree.Completion c = completer.apply(buf.toString());
        List<String> cands = c.candidates();
        String partial = c.partial();
        if (cands.isEmpty() || !buf.toString().endsWith(partial)) {
            out.print("\007");
            return;
        }
        String common = cands.get(0);
        for (String s : cands) {
            int i = 0;
            while (i < common.length() && i < s.length() && common.charAt(i) == s.charAt(i)) i++;
            common = common.substring(0, i);
        }
        if (cands.size() == 1) {
            String word = cands.get(0);
            boolean listValue = word.endsWith(",");
            replaceTail(buf, partial, listValue ? word : word + " ");
        } else if (common.length() > partial.length()) {
            replaceTail(buf, partial, common);
        } else {
            out.print("\n");
            int w = cands.stream().mapToInt(String::length).max().orElse(0) + 2;
            int perLine = Math.max(1, 78 / w);
            for (int i = 0; i < cands.size(); i++) {
                out.print(String.format("%-" + w + "s", cands.get(i)));
                if ((i + 1) % perLine == 0 || i == cands.size() - 1) out.print("\n");
            }
            out.print(prompt + buf);
        }
    }

    /** Replaces the trailing {@code partial} of the buffer with {@code word}. */
    private void replaceTail(StringBuilder buf, String partial, String word) {
        if (buf.length() + word.length() - partial.length() > MAX_LINE) return;
        if (word.startsWith(partial)) {
            String add = word.substring(partial.length());
            buf.append(add);
            out.print(add);
        } else {
            erase(partial.length());
            buf.setLength(buf.length() - partial.length());
            buf.append(word);
            out.print(word);
        }
    }
}
