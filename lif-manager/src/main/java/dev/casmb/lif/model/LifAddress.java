package dev.casmb.lif.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address with its prefix length, e.g. {@code 10.77.0.100/24} or {@code fd00::10/64}.
 * Only numeric literals are accepted (never a DNS lookup).
 */
public record LifAddress(InetAddress address, int prefixLength) {

    public LifAddress {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max
                    + " for " + address.getHostAddress());
        }
    }

    /** Parses {@code ADDR/PREFIX}; without a prefix, /32 (IPv4) or /128 (IPv6) is assumed. */
    public static LifAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress inet = parseLiteral(addr);
        int prefix;
        if (slash < 0) {
            prefix = inet instanceof Inet4Address ? 32 : 128;
        } else {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + text + "'");
            }
        }
        return new LifAddress(inet, prefix);
    }

    private static InetAddress parseLiteral(String addr) {
        boolean v4 = addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = addr.contains(":") && addr.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("not a numeric IP address: '" + addr + "'");
        }
        if (v4) {
            for (String part : addr.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw new IllegalArgumentException("not a valid IPv4 address: '" + addr + "'");
                }
            }
        }
        try {
            return InetAddress.getByName(addr); // literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a valid IP address: '" + addr + "'", e);
        }
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The address alone, e.g. {@code 10.77.0.100}. */
    public String host() {
        String h = address.getHostAddress();
        int pct = h.indexOf('%');
        return pct < 0 ? h : h.substring(0, pct);
    }

    /** {@code ADDR/PREFIX}, the form {@code ip addr} takes. */
    public String cidr() {
        return host() + "/" + prefixLength;
    }

    /** True if this is an IPv4 address in 127.0.0.0/8. */
    public boolean isIpv4Loopback() {
        return address instanceof Inet4Address && (address.getAddress()[0] & 0xff) == 127;
    }

    /** Same address, prefix ignored: two LIFs may not share an address whatever the prefix. */
    public boolean sameHost(LifAddress other) {
        return other != null && address.equals(other.address);
    }

    @Override
    public String toString() {
        return cidr();
    }
}
