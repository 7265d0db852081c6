package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.ByteBuf;

/**
 * Command code to entry (the smb2_dispatch table of illumos, as data). An entry is the handler (which
 * also declares its StructureSize and whether it needs a session and a tree) and, for commands whose
 * CreditCharge must cover a payload (MS-SMB2 3.3.5.2.5), how the payload follows from the decoded request.
 * The SMB1 NEGOTIATE that upgrades to SMB2 (3.3.5.3) is the table's one SMB1 entry.
 */
public final class CommandTable {
    /** The payload a request's CreditCharge must cover, from its decoded body. */
    @FunctionalInterface
    public interface CreditPayload {
        long of(Smb2Body body) throws SmbException;
    }

    /**
     * Answers an SMB1 multi-protocol NEGOTIATE (the frame without its transport header) with an SMB2
     * NEGOTIATE response message granting {@code granted} credits, or null to drop the connection.
     */
    @FunctionalInterface
    public interface Smb1Negotiate {
        ByteBuf handle(Dispatcher d, ByteBuf frame, int granted);
    }

    /** One command: its handler and, or null, the payload its CreditCharge must cover. */
    public record Entry(CommandHandler handler, CreditPayload creditPayload) {}

    private final Entry[] entries = new Entry[Smb2Command.COUNT];
    private Smb1Negotiate smb1;

    public CommandTable register(int command, CommandHandler h) {
        return register(command, h, null);
    }

    public CommandTable register(int command, CommandHandler h, CreditPayload payload) {
        entries[command] = new Entry(h, payload);
        return this;
    }

    /** The SMB1 NEGOTIATE upgrade; without one an SMB1 frame drops the connection. */
    public CommandTable smb1Negotiate(Smb1Negotiate h) {
        this.smb1 = h;
        return this;
    }

    public Entry entry(int command) {
        return command >= 0 && command < entries.length ? entries[command] : null;
    }

    public CommandHandler get(int command) {
        Entry e = entry(command);
        return e == null ? null : e.handler();
    }

    public Smb1Negotiate smb1Negotiate() { return smb1; }
}
