package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandTable;
import dev.casmb.smb.proto.Smb2Command;

/** The SMB2 command table. */
public final class Commands {
    private Commands() {}

    public static CommandTable table() {
        return new CommandTable()
            .register(Smb2Command.NEGOTIATE, new Negotiate())
            .register(Smb2Command.SESSION_SETUP, new SessionSetup())
            .register(Smb2Command.LOGOFF, new Logoff())
            .register(Smb2Command.TREE_CONNECT, new TreeConnectCmd())
            .register(Smb2Command.TREE_DISCONNECT, new TreeDisconnect())
            .register(Smb2Command.CREATE, new Create())
            .register(Smb2Command.CLOSE, new Close())
            .register(Smb2Command.FLUSH, new Flush())
            .register(Smb2Command.READ, new Read())
            .register(Smb2Command.WRITE, new Write())
            .register(Smb2Command.LOCK, new Lock())
            .register(Smb2Command.IOCTL, new Ioctl())
            .register(Smb2Command.ECHO, new Echo())
            .register(Smb2Command.QUERY_DIRECTORY, new QueryDirectory())
            .register(Smb2Command.CHANGE_NOTIFY, new ChangeNotify())
            .register(Smb2Command.QUERY_INFO, new QueryInfo())
            .register(Smb2Command.SET_INFO, new SetInfo())
            .register(Smb2Command.OPLOCK_BREAK, new OplockBreak());
    }
}
