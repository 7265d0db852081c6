package dev.casmb.rpc.epm;

import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.ndr.Uuids;
import dev.casmb.rpc.pdu.SyntaxId;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An ncacn_ip_tcp protocol tower (C706 Appendix L, [MS-RPCE] 2.2.1.1.1): five floors, each
 * {@code u16 lhs_len, lhs, u16 rhs_len, rhs}, counts little-endian and unaligned:
 * interface (0x0D + UUID + major | minor), transfer syntax, RPC CO (0x0B), TCP (0x07, port big-endian),
 * IP (0x09, IPv4 network order).
 *
 * @param ip null when the floor is absent or not IPv4
 */
public record TcpTower(SyntaxId iface, SyntaxId transfer, int port, InetAddress ip) {
    public static final int PROT_UUID = 0x0D;
    public static final int PROT_NCACN = 0x0B;
    public static final int PROT_TCP = 0x07;
    public static final int PROT_IP = 0x09;

    /** One decoded floor. */
    public record Floor(byte[] lhs, byte[] rhs) {
        int protocol() {
            return lhs.length == 0 ? -1 : lhs[0] & 0xFF;
        }
    }

    public static List<Floor> decodeFloors(byte[] tower) {
        if (tower.length < 2) {
            throw new NdrException("tower too short");
        }
        int count = u16(tower, 0);
        int off = 2;
        List<Floor> floors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i >= 16) {
                throw new NdrException("too many tower floors");
            }
            byte[] lhs = take(tower, off);
            off += 2 + lhs.length;
            byte[] rhs = take(tower, off);
            off += 2 + rhs.length;
            floors.add(new Floor(lhs, rhs));
        }
        return floors;
    }

    private static byte[] take(byte[] b, int off) {
        if (off + 2 > b.length) {
            throw new NdrException("truncated tower floor");
        }
        int n = u16(b, off);
        if (off + 2 + n > b.length) {
            throw new NdrException("truncated tower floor");
        }
        byte[] out = new byte[n];
        System.arraycopy(b, off + 2, out, 0, n);
        return out;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    /** Decodes the syntax of a UUID floor (0x0D + UUID + u16 major, rhs u16 minor). */
    static SyntaxId syntaxOf(Floor f) {
        if (f.protocol() != PROT_UUID || f.lhs().length != 19 || f.rhs().length < 2) {
            throw new NdrException("not a UUID floor");
        }
        return new SyntaxId(Uuids.read(f.lhs(), 1), u16(f.lhs(), 17), u16(f.rhs(), 0));
    }

    /**
     * Decodes a map request tower: needs at least the interface, transfer syntax and RPC protocol floors
     * (Samba's epm_Map requires >= 3); TCP port / IP are optional.
     */
    public static TcpTower decode(byte[] tower) {
        List<Floor> f = decodeFloors(tower);
        if (f.size() < 3) {
            throw new NdrException("tower needs at least 3 floors");
        }
        SyntaxId iface = syntaxOf(f.get(0));
        SyntaxId transfer = syntaxOf(f.get(1));
        int port = 0;
        InetAddress ip = null;
        for (int i = 2; i < f.size(); i++) {
            Floor fl = f.get(i);
            if (fl.protocol() == PROT_TCP && fl.rhs().length == 2) {
                port = (fl.rhs()[0] & 0xFF) << 8 | (fl.rhs()[1] & 0xFF);
            } else if (fl.protocol() == PROT_IP && fl.rhs().length == 4) {
                try {
                    ip = InetAddress.getByAddress(fl.rhs());
                } catch (UnknownHostException e) {
                    throw new NdrException("bad IPv4 floor");
                }
            }
        }
        boolean ncacn = f.get(2).protocol() == PROT_NCACN;
        return new TcpTower(iface, transfer, ncacn ? port : -1, ip);
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le16(out, 5);
        uuidFloor(out, iface);
        uuidFloor(out, transfer);
        floor(out, new byte[] {PROT_NCACN}, new byte[] {0, 0});
        floor(out, new byte[] {PROT_TCP}, new byte[] {(byte) (port >>> 8), (byte) port});
        byte[] addr = ip instanceof Inet4Address ? ip.getAddress() : new byte[4];
        floor(out, new byte[] {PROT_IP}, addr);
        return out.toByteArray();
    }

    private static void uuidFloor(ByteArrayOutputStream out, SyntaxId s) {
        byte[] lhs = new byte[19];
        lhs[0] = PROT_UUID;
        Uuids.write(s.uuid(), lhs, 1);
        lhs[17] = (byte) s.major();
        lhs[18] = (byte) (s.major() >>> 8);
        floor(out, lhs, new byte[] {(byte) s.minor(), (byte) (s.minor() >>> 8)});
    }

    private static void floor(ByteArrayOutputStream out, byte[] lhs, byte[] rhs) {
        le16(out, lhs.length);
        out.writeBytes(lhs);
        le16(out, rhs.length);
        out.writeBytes(rhs);
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }
}
