package dev.casmb.smb.command;

import dev.casmb.smb.dispatch.CommandTable;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.message.ChangeNotifyRequest;
import dev.casmb.smb.proto.message.IoctlRequest;
import dev.casmb.smb.proto.message.QueryDirectoryRequest;
import dev.casmb.smb.proto.message.QueryInfoRequest;
import dev.casmb.smb.proto.message.ReadRequest;
import dev.casmb.smb.proto.message.SetInfoRequest;
import dev.casmb.smb.proto.message.WriteRequest;

/**
 * The SMB2 command table. READ, WRITE, IOCTL, QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO and SET_INFO name the payload their CreditCharge must cover
 * (MS-SMB2 3.3.5.2.5), which the dispatcher checks before the handler runs; NEGOTIATE is the one command
 * allowed before NEGOTIATE, CANCEL the one without a response (3.3.5.16); the SMB1 NEGOTIATE upgrade
 * (3.3.5.3) is the table's SMB1 entry.
 */
public final class Commands {
    private Commands() {}

    public static CommandTable table() {
        return new CommandTable()
            .smb1Negotiate(Smb1Negotiate::handle)
            .register(Smb2Command.NEGOTIATE, new Negotiate())
            .register(Smb2Command.SESSION_SETUP, new SessionSetup())
            .register(Smb2Command.LOGOFF, new Logoff())
            .register(Smb2Command.TREE_CONNECT, new TreeConnectCmd())
            .register(Smb2Command.TREE_DISCONNECT, new TreeDisconnect())
            .register(Smb2Command.CREATE, new Create())
            .register(Smb2Command.CLOSE, new Close())
            .register(Smb2Command.FLUSH, new Flush())
            .register(Smb2Command.READ, new Read(), b -> readPayload(ReadRequest.decode(b)))
            .register(Smb2Command.WRITE, new Write(), b -> WriteRequest.decode(b).length())
            .register(Smb2Command.LOCK, new Lock())
            .register(Smb2Command.IOCTL, new Ioctl(), b -> ioctlPayload(IoctlRequest.decode(b)))
            .register(Smb2Command.CANCEL, new Cancel())
            .register(Smb2Command.ECHO, new Echo())
            .register(Smb2Command.QUERY_DIRECTORY, new QueryDirectory(),
                b -> Integer.toUnsignedLong(QueryDirectoryRequest.decode(b).outputBufferLength()))
            .register(Smb2Command.CHANGE_NOTIFY, new ChangeNotify(),
                b -> Integer.toUnsignedLong(ChangeNotifyRequest.decode(b).outputBufferLength()))
            .register(Smb2Command.QUERY_INFO, new QueryInfo(), b -> queryInfoPayload(QueryInfoRequest.decode(b)))
            .register(Smb2Command.SET_INFO, new SetInfo(), b -> SetInfoRequest.decode(b).buffer().length)
            .register(Smb2Command.OPLOCK_BREAK, new OplockBreak());
    }

    /** READ: the Length asked for (MS-SMB2 3.3.5.2.5). */
    static long readPayload(ReadRequest r) {
        return Integer.toUnsignedLong(r.length());
    }

    /** QUERY_INFO: max(InputBufferLength, OutputBufferLength) (MS-SMB2 3.3.5.2.5). */
    static long queryInfoPayload(QueryInfoRequest r) {
        return Math.max(Integer.toUnsignedLong(r.outputBufferLength()), Integer.toUnsignedLong(r.inputBufferLength()));
    }

    /** IOCTL: max(InputCount + OutputCount, MaxInputResponse + MaxOutputResponse) (MS-SMB2 3.3.5.2.5). */
    static long ioctlPayload(IoctlRequest r) {
        return Math.max((long) r.input().readableBytes() + r.output().readableBytes(),
            Integer.toUnsignedLong(r.maxInputResponse()) + Integer.toUnsignedLong(r.maxOutputResponse()));
    }
}
