package dev.casmb.smb.info;

import java.util.Locale;

/**
 * File-name pattern matching as in MS-FSA 2.1.4.4 (FsRtlIsNameInExpression): {@code *} and {@code ?}
 * plus the DOS wildcards {@code <} (DOS_STAR), {@code >} (DOS_QM) and {@code "} (DOS_DOT). Matching is
 * case-insensitive. Patterns and names are at most a few hundred characters, so a memoised
 * recursion over (pattern index, name index) is bounded by their product.
 */
public final class WildcardMatcher {
    private final String pattern;
    private final boolean matchAll;
    private final boolean literal;

    public WildcardMatcher(String pattern) {
        String p = pattern == null || pattern.isEmpty() ? "*" : pattern;
        this.pattern = p.toUpperCase(Locale.ROOT);
        this.matchAll = p.equals("*") || p.equals("*.*"); // "*.*" as Win32 FindFirstFile: everything
        this.literal = !hasWildcards(p);
    }

    public static boolean hasWildcards(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' || c == '?' || c == '<' || c == '>' || c == '"') return true;
        }
        return false;
    }

    /** True if the pattern has no wildcard characters (it names one file). */
    public boolean isLiteral() { return literal; }

    public String pattern() { return pattern; }

    public boolean matches(String name) {
        if (matchAll) return true;
        String n = name.toUpperCase(Locale.ROOT);
        if (literal) return n.equals(pattern);
        int lastDot = n.lastIndexOf('.');
        byte[][] memo = new byte[pattern.length() + 1][n.length() + 1];
        return match(0, 0, n, lastDot, memo);
    }

    private boolean match(int pi, int ni, String n, int lastDot, byte[][] memo) {
        if (memo[pi][ni] != 0) return memo[pi][ni] > 0;
        boolean r = compute(pi, ni, n, lastDot, memo);
        memo[pi][ni] = (byte) (r ? 1 : -1);
        return r;
    }

    private boolean compute(int pi, int ni, String n, int lastDot, byte[][] memo) {
        int plen = pattern.length();
        int nlen = n.length();
        if (pi == plen) return ni == nlen;
        char c = pattern.charAt(pi);
        switch (c) {
            case '*':
                return match(pi + 1, ni, n, lastDot, memo) || (ni < nlen && match(pi, ni + 1, n, lastDot, memo));
            case '?':
                return ni < nlen && match(pi + 1, ni + 1, n, lastDot, memo);
            case '>':
                // DOS_QM: any one character; at a period or the end it matches nothing.
                if (ni < nlen && n.charAt(ni) != '.') return match(pi + 1, ni + 1, n, lastDot, memo);
                return match(pi + 1, ni, n, lastDot, memo);
            case '<': {
                // DOS_STAR: zero or more characters, but never past the name's final period.
                int limit = lastDot >= ni ? lastDot : nlen;
                for (int k = ni; k <= limit; k++) {
                    if (match(pi + 1, k, n, lastDot, memo)) return true;
                }
                return false;
            }
            case '"':
                // DOS_DOT: a period, or nothing at the end of the name.
                if (ni < nlen && n.charAt(ni) == '.') return match(pi + 1, ni + 1, n, lastDot, memo);
                return ni == nlen && match(pi + 1, ni, n, lastDot, memo);
            default:
                return ni < nlen && n.charAt(ni) == c && match(pi + 1, ni + 1, n, lastDot, memo);
        }
    }
}
