package dev.casmb.lif.command;

import dev.casmb.lif.command.LifCommand.CompleteRelease;
import dev.casmb.lif.command.LifCommand.CreateLif;
import dev.casmb.lif.command.LifCommand.CreateSvm;
import dev.casmb.lif.command.LifCommand.DeleteLif;
import dev.casmb.lif.command.LifCommand.DeleteSvm;
import dev.casmb.lif.command.LifCommand.PlumbFailed;
import dev.casmb.lif.command.LifCommand.RequestMove;
import dev.casmb.lif.command.LifCommand.SetAdminStatus;
import dev.casmb.lif.command.LifCommand.SetLifPolicy;
import dev.casmb.lif.command.LifCommand.SetOperStatus;
import dev.casmb.lif.command.LifCommand.Takeover;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import dev.casmb.lif.model.Svm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-written binary codec for {@link LifCommand}s (replicated log entries) and
 * {@link ClusterLifState} (snapshots). Format: magic byte, version byte, then a tag and fields
 * written with {@link DataOutputStream} (strings as modified UTF-8, nullable values with a presence
 * byte, addresses as length-prefixed raw bytes). Deterministic: equal values give equal bytes.
 */
public final class LifCodec {

    private static final int MAGIC_COMMAND = 0xC1;
    private static final int MAGIC_STATE = 0x5A;
    private static final int VERSION = 1;

    private static final int T_CREATE_SVM = 1;
    private static final int T_DELETE_SVM = 2;
    private static final int T_CREATE_LIF = 3;
    private static final int T_DELETE_LIF = 4;
    private static final int T_SET_POLICY = 5;
    private static final int T_SET_ADMIN = 6;
    private static final int T_REQUEST_MOVE = 7;
    private static final int T_COMPLETE_RELEASE = 8;
    private static final int T_TAKEOVER = 9;
    private static final int T_SET_OPER = 10;
    private static final int T_PLUMB_FAILED = 11;

    private static final int MAX_ENTRIES = 1_000_000;

    private LifCodec() {
    }

    // ---------------------------------------------------------------- commands

    public static byte[] encode(LifCommand command) {
        return write(out -> {
            out.writeByte(MAGIC_COMMAND);
            out.writeByte(VERSION);
            writeCommand(out, command);
        });
    }

    public static LifCommand decodeCommand(byte[] bytes) {
        return read(bytes, in -> {
            header(in, MAGIC_COMMAND);
            return readCommand(in);
        });
    }

    private static void writeCommand(DataOutputStream out, LifCommand command) throws IOException {
        if (command instanceof CreateSvm c) {
            out.writeByte(T_CREATE_SVM);
            out.writeUTF(c.name());
            out.writeUTF(c.netbiosName());
            out.writeUTF(c.dnsName());
        } else if (command instanceof DeleteSvm c) {
            out.writeByte(T_DELETE_SVM);
            out.writeUTF(c.name());
        } else if (command instanceof CreateLif c) {
            out.writeByte(T_CREATE_LIF);
            out.writeUTF(c.name());
            out.writeUTF(c.svm());
            writeAddress(out, c.address());
            writeLocation(out, c.home());
            out.writeByte(c.failoverPolicy().ordinal());
            out.writeBoolean(c.autoRevert());
        } else if (command instanceof DeleteLif c) {
            out.writeByte(T_DELETE_LIF);
            out.writeUTF(c.name());
        } else if (command instanceof SetLifPolicy c) {
            out.writeByte(T_SET_POLICY);
            out.writeUTF(c.name());
            out.writeByte(c.failoverPolicy().ordinal());
            out.writeBoolean(c.autoRevert());
        } else if (command instanceof SetAdminStatus c) {
            out.writeByte(T_SET_ADMIN);
            out.writeUTF(c.name());
            out.writeBoolean(c.up());
        } else if (command instanceof RequestMove c) {
            out.writeByte(T_REQUEST_MOVE);
            out.writeUTF(c.name());
            writeLocation(out, c.to());
            out.writeByte(c.reason().ordinal());
        } else if (command instanceof CompleteRelease c) {
            out.writeByte(T_COMPLETE_RELEASE);
            out.writeUTF(c.name());
            out.writeUTF(c.fromNode());
        } else if (command instanceof Takeover c) {
            out.writeByte(T_TAKEOVER);
            out.writeUTF(c.name());
            writeLocation(out, c.to());
            out.writeByte(c.reason().ordinal());
        } else if (command instanceof SetOperStatus c) {
            out.writeByte(T_SET_OPER);
            out.writeUTF(c.name());
            out.writeUTF(c.node());
            out.writeBoolean(c.up());
        } else if (command instanceof PlumbFailed c) {
            out.writeByte(T_PLUMB_FAILED);
            out.writeUTF(c.name());
            out.writeUTF(c.node());
            writeNullableString(out, c.error());
        } else {
            throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static LifCommand readCommand(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case T_CREATE_SVM -> new CreateSvm(in.readUTF(), in.readUTF(), in.readUTF());
            case T_DELETE_SVM -> new DeleteSvm(in.readUTF());
            case T_CREATE_LIF -> new CreateLif(in.readUTF(), in.readUTF(), readAddress(in), readLocation(in),
                    readEnum(in, FailoverPolicy.values()), in.readBoolean());
            case T_DELETE_LIF -> new DeleteLif(in.readUTF());
            case T_SET_POLICY -> new SetLifPolicy(in.readUTF(), readEnum(in, FailoverPolicy.values()), in.readBoolean());
            case T_SET_ADMIN -> new SetAdminStatus(in.readUTF(), in.readBoolean());
            case T_REQUEST_MOVE -> new RequestMove(in.readUTF(), readLocation(in), readEnum(in, MoveReason.values()));
            case T_COMPLETE_RELEASE -> new CompleteRelease(in.readUTF(), in.readUTF());
            case T_TAKEOVER -> new Takeover(in.readUTF(), readLocation(in), readEnum(in, MoveReason.values()));
            case T_SET_OPER -> new SetOperStatus(in.readUTF(), in.readUTF(), in.readBoolean());
            case T_PLUMB_FAILED -> new PlumbFailed(in.readUTF(), in.readUTF(), readNullableString(in));
            default -> throw new IllegalArgumentException("unknown LIF command tag " + tag);
        };
    }

    // ---------------------------------------------------------------- state snapshots

    public static byte[] encode(ClusterLifState state) {
        return write(out -> {
            out.writeByte(MAGIC_STATE);
            out.writeByte(VERSION);
            out.writeLong(state.appliedIndex());
            out.writeInt(state.svms().size());
            for (Svm svm : state.svms().values()) {
                out.writeUTF(svm.name());
                out.writeUTF(svm.netbiosName());
                out.writeUTF(svm.dnsName());
            }
            out.writeInt(state.lifs().size());
            for (Lif l : state.lifs().values()) {
                out.writeUTF(l.name());
                out.writeUTF(l.svm());
                writeAddress(out, l.address());
                writeLocation(out, l.home());
                writeLocation(out, l.current());
                writeNullableLocation(out, l.previous());
                writeNullableLocation(out, l.pending());
                out.writeBoolean(l.adminUp());
                out.writeBoolean(l.operUp());
                out.writeByte(l.failoverPolicy().ordinal());
                out.writeBoolean(l.autoRevert());
                out.writeByte(l.lastReason().ordinal());
                writeNullableString(out, l.lastError());
            }
        });
    }

    public static ClusterLifState decodeState(byte[] bytes) {
        return read(bytes, in -> {
            header(in, MAGIC_STATE);
            long index = in.readLong();
            int nSvm = count(in);
            Map<String, Svm> svms = new LinkedHashMap<>();
            for (int i = 0; i < nSvm; i++) {
                Svm svm = new Svm(in.readUTF(), in.readUTF(), in.readUTF());
                svms.put(svm.name(), svm);
            }
            int nLif = count(in);
            Map<String, Lif> lifs = new LinkedHashMap<>();
            for (int i = 0; i < nLif; i++) {
                Lif l = new Lif(in.readUTF(), in.readUTF(), readAddress(in), readLocation(in), readLocation(in),
                        readNullableLocation(in), readNullableLocation(in), in.readBoolean(), in.readBoolean(),
                        readEnum(in, FailoverPolicy.values()), in.readBoolean(), readEnum(in, MoveReason.values()),
                        readNullableString(in));
                lifs.put(l.name(), l);
            }
            return new ClusterLifState(svms, lifs, index);
        });
    }

    // ---------------------------------------------------------------- helpers

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            T value = r.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " trailing bytes after LIF record");
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated LIF record", e);
        } catch (IOException e) {
            // reading a byte array: the only other failure is malformed content (e.g. bad modified UTF-8),
            // which is bad input like any other (fuzzing finding: was an UncheckedIOException)
            throw new IllegalArgumentException("malformed LIF record: " + e.getMessage(), e);
        }
    }

    private static void header(DataInputStream in, int magic) throws IOException {
        int m = in.readUnsignedByte();
        int v = in.readUnsignedByte();
        if (m != magic) {
            throw new IllegalArgumentException(String.format("bad magic 0x%02x, expected 0x%02x", m, magic));
        }
        if (v != VERSION) {
            throw new IllegalArgumentException("unsupported LIF codec version " + v);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new IllegalArgumentException("bad entry count " + n);
        }
        return n;
    }

    private static <E extends Enum<E>> E readEnum(DataInputStream in, E[] values) throws IOException {
        int o = in.readUnsignedByte();
        if (o >= values.length) {
            throw new IllegalArgumentException("bad enum ordinal " + o);
        }
        return values[o];
    }

    private static void writeAddress(DataOutputStream out, LifAddress a) throws IOException {
        byte[] raw = a.address().getAddress();
        out.writeByte(raw.length);
        out.write(raw);
        out.writeByte(a.prefixLength());
    }

    private static LifAddress readAddress(DataInputStream in) throws IOException {
        int len = in.readUnsignedByte();
        if (len != 4 && len != 16) {
            throw new IllegalArgumentException("bad address length " + len);
        }
        byte[] raw = new byte[len];
        in.readFully(raw);
        return new LifAddress(InetAddress.getByAddress(raw), in.readUnsignedByte());
    }

    private static void writeLocation(DataOutputStream out, LifLocation l) throws IOException {
        out.writeUTF(l.node());
        out.writeUTF(l.port());
    }

    private static LifLocation readLocation(DataInputStream in) throws IOException {
        return new LifLocation(in.readUTF(), in.readUTF());
    }

    private static void writeNullableLocation(DataOutputStream out, LifLocation l) throws IOException {
        out.writeBoolean(l != null);
        if (l != null) {
            writeLocation(out, l);
        }
    }

    private static LifLocation readNullableLocation(DataInputStream in) throws IOException {
        return in.readBoolean() ? readLocation(in) : null;
    }

    private static void writeNullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s.length() > 8000 ? s.substring(0, 8000) : s);
        }
    }

    private static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
