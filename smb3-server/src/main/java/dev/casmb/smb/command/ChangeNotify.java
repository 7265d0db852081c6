package dev.casmb.smb.command;

import dev.casmb.smb.config.ServerConfig;
import dev.casmb.smb.dispatch.CommandHandler;
import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.notify.Notifications;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.Dialect;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.SmbException;
import dev.casmb.smb.proto.message.ChangeNotifyRequest;
import dev.casmb.smb.proto.message.FileNotifyInformation;
import dev.casmb.smb.response.SmbResponse;
import dev.casmb.smb.state.Open;

/**
 * SMB2 CHANGE_NOTIFY (MS-SMB2 2.2.35, 3.3.5.19): checks the request and hands it to the server's
 * {@link Notifications}, which holds the watches and reports changes made through the server.
 */
public final class ChangeNotify implements CommandHandler {
    public static final int WATCH_TREE = ChangeNotifyRequest.WATCH_TREE;
    /** FILE_NOTIFY_CHANGE_* ({@link Notifications}). */
    public static final int FILE_NAME = Notifications.FILE_NAME, DIR_NAME = Notifications.DIR_NAME,
        ATTRIBUTES = Notifications.ATTRIBUTES, SIZE = Notifications.SIZE, LAST_WRITE = Notifications.LAST_WRITE,
        LAST_ACCESS = Notifications.LAST_ACCESS, CREATION = Notifications.CREATION, EA = Notifications.EA,
        SECURITY = Notifications.SECURITY;
    /** FILE_ACTION_* ({@link FileNotifyInformation}). */
    public static final int ADDED = FileNotifyInformation.ADDED, REMOVED = FileNotifyInformation.REMOVED,
        MODIFIED = FileNotifyInformation.MODIFIED, RENAMED_OLD_NAME = FileNotifyInformation.RENAMED_OLD_NAME,
        RENAMED_NEW_NAME = FileNotifyInformation.RENAMED_NEW_NAME;

    @Override public int structureSize() { return ChangeNotifyRequest.STRUCTURE_SIZE; }

    @Override
    public SmbResponse handle(SmbRequest req) throws SmbException {
        ChangeNotifyRequest r = ChangeNotifyRequest.decode(req.body());
        Open o = req.open(r.fileId());
        int length = r.outputBufferLength();
        int max = req.connection().dialect == Dialect.SMB_2_0_2 ? 65536 : ServerConfig.DEFAULT_MAX_IO;
        if (length < 0 || length > max) throw new SmbException(NtStatus.INVALID_PARAMETER, "OutputBufferLength too large");
        if (!o.directory || o.pipe != null) throw new SmbException(NtStatus.INVALID_PARAMETER, "not a directory");
        if (!o.hasAccess(AccessMask.FILE_LIST_DIRECTORY)) throw new SmbException(NtStatus.ACCESS_DENIED);
        return req.server().notifications().request(req, o, r);
    }
}
