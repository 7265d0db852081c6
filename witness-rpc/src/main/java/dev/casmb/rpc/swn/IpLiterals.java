package dev.casmb.rpc.swn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IPv4/IPv6 literals without ever doing a DNS lookup (the RPC path must not block). */
final class IpLiterals {
    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiterals() {
    }

    static InetAddress parse(String s) {
        if (s == null || s.length() > 45) {
            return null;
        }
        boolean v4 = V4.matcher(s).matches();
        boolean v6 = !v4 && s.indexOf(':') >= 0 && V6.matcher(s).matches();
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s); // literal forms only reach here: no resolver call
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
