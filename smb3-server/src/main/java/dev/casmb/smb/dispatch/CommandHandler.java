package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.SmbException;

/** One SMB2 command. The dispatcher applies the shared rules (credits, signing, session/tree lookup). */
public interface CommandHandler {
    SmbResponse handle(SmbRequest req) throws SmbException;

    /** Minimum StructureSize-based body length the dispatcher checks before calling. */
    int structureSize();

    default boolean needsSession() { return true; }

    default boolean needsTree() { return true; }
}
