package dev.casmb.ha.state;

import dev.casmb.ha.consensus.CorruptDataException;
import dev.casmb.ha.consensus.StateMachine;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small deterministic key/value state machine with a binary command codec. It is the state machine of the
 * consensus gate and bench, and the template for the handle store's: one op byte, length-prefixed fields,
 * strict decoding (trailing bytes, bad lengths or unknown ops give {@link CorruptDataException}).
 */
public final class KvStateMachine implements StateMachine {
    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final byte GET = 1;
    static final byte SIZE = 2;
    static final byte KEYS = 3;

    private final TreeMap<String, byte[]> map = new TreeMap<>();

    public static byte[] put(String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + k.length + 4 + value.length)
                .put(PUT).putInt(k.length).put(k).putInt(value.length).put(value).array();
    }

    public static byte[] delete(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + k.length).put(DELETE).putInt(k.length).put(k).array();
    }

    public static byte[] get(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + k.length).put(GET).putInt(k.length).put(k).array();
    }

    public static byte[] size() {
        return new byte[] {SIZE};
    }

    /** Query returning all keys, newline-separated. */
    public static byte[] keys() {
        return new byte[] {KEYS};
    }

    @Override
    public byte[] apply(long index, byte[] command) {
        ByteBuffer b = ByteBuffer.wrap(command);
        try {
            byte op = b.get();
            String key = new String(field(b), StandardCharsets.UTF_8);
            byte[] result;
            switch (op) {
                case PUT -> {
                    byte[] v = field(b);
                    end(b);
                    byte[] old = map.put(key, v);
                    result = old == null ? new byte[0] : old;
                }
                case DELETE -> {
                    end(b);
                    byte[] old = map.remove(key);
                    result = old == null ? new byte[0] : old;
                }
                default -> throw new CorruptDataException("kv command: unknown op " + op);
            }
            return result;
        } catch (BufferUnderflowException e) {
            throw new CorruptDataException("kv command truncated (" + command.length + " bytes)");
        }
    }

    @Override
    public byte[] query(byte[] query) {
        ByteBuffer b = ByteBuffer.wrap(query);
        try {
            byte op = b.get();
            switch (op) {
                case GET -> {
                    String key = new String(field(b), StandardCharsets.UTF_8);
                    end(b);
                    byte[] v = map.get(key);
                    return v == null ? null : v.clone();
                }
                case SIZE -> {
                    return ByteBuffer.allocate(4).putInt(map.size()).array();
                }
                case KEYS -> {
                    return String.join("\n", map.keySet()).getBytes(StandardCharsets.UTF_8);
                }
                default -> throw new CorruptDataException("kv query: unknown op " + op);
            }
        } catch (BufferUnderflowException e) {
            throw new CorruptDataException("kv query truncated");
        }
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(map.size()).array());
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(8 + k.length + e.getValue().length)
                    .putInt(k.length).put(k).putInt(e.getValue().length).put(e.getValue()).array());
        }
        return out.toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        TreeMap<String, byte[]> fresh = new TreeMap<>();
        try {
            int n = b.getInt();
            if (n < 0) {
                throw new CorruptDataException("kv snapshot: bad count " + n);
            }
            for (int i = 0; i < n; i++) {
                fresh.put(new String(field(b), StandardCharsets.UTF_8), field(b));
            }
            end(b);
        } catch (BufferUnderflowException e) {
            throw new CorruptDataException("kv snapshot truncated");
        }
        map.clear();
        map.putAll(fresh);
    }

    private static byte[] field(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new CorruptDataException("kv: bad field length " + len);
        }
        byte[] v = new byte[len];
        b.get(v);
        return v;
    }

    private static void end(ByteBuffer b) {
        if (b.hasRemaining()) {
            throw new CorruptDataException("kv: " + b.remaining() + " trailing bytes");
        }
    }
}
