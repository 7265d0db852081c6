package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.response.SmbResponse;

/** One SMB2 command. The dispatcher applies the shared rules (credits, signing, session/tree lookup). */
public interface CommandHandler {
    SmbResponse handle(SmbRequest req) throws SmbException;

    /** Minimum StructureSize-based body length the dispatcher checks before calling. */
    int structureSize();

    /** Whether a request's StructureSize field is acceptable (OPLOCK_BREAK has two forms). */
    default boolean acceptsStructureSize(int value) { return value == structureSize(); }

    default boolean needsSession() { return true; }

    default boolean needsTree() { return true; }

    /** Whether the command may come before NEGOTIATE (only NEGOTIATE; MS-SMB2 3.3.5.2). */
    default boolean beforeNegotiate() { return false; }

    /**
     * False for a command that gets no response and is charged no credit (CANCEL, MS-SMB2 3.3.5.16): the
     * dispatcher runs it before the credit window and the session lookup, and ignores its outcome.
     */
    default boolean answered() { return true; }
}
