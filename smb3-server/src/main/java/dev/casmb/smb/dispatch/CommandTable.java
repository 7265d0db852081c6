package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.Smb2Command;

/** Command code to handler (the smb2_dispatch table of illumos, as data). */
public final class CommandTable {
    private final CommandHandler[] handlers = new CommandHandler[Smb2Command.COUNT];

    public CommandTable register(int command, CommandHandler h) {
        handlers[command] = h;
        return this;
    }

    public CommandHandler get(int command) {
        return command >= 0 && command < handlers.length ? handlers[command] : null;
    }
}
