package dev.casmb.ha.admin.cli;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words: whitespace separates, "double" and 'single' quotes group, backslash escapes. */
public final class Tokenizer {
    private Tokenizer() {}

    /** Thrown for an unterminated quote. */
    public static final class SyntaxException extends Exception {
        SyntaxException(String m) { super(m); }
    }

    public static List<String> split(String line) throws SyntaxException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < line.length()) cur.append(line.charAt(++i));
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quote != 0) throw new SyntaxException("unterminated quote (" + quote + ")");
        if (inToken) out.add(cur.toString());
        return out;
    }

    /** Quotes a word if needed so that {@link #split} gives it back. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '"' || ch == '\'' || ch == '\\')) {
            return word;
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
