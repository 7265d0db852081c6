package dev.casmb.smb.open;

import dev.casmb.smb.proto.message.CreateContext;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.vfs.FileMeta;
import java.util.List;

/**
 * What an open produced, for the CREATE response (MS-SMB2 2.2.14): the open, the oplock level granted (or echoed), the
 * CreateAction, the file's metadata and the response contexts. {@link #PENDING}: the CREATE went async, waiting for
 * breaks; {@link #RESTART}: the state changed under it and the whole CREATE must run again.
 */
public record OpenResult(Open open, int oplockLevel, int action, FileMeta meta, List<CreateContext> contexts) {
    public static final OpenResult PENDING = new OpenResult(null, 0, 0, null, List.of());
    public static final OpenResult RESTART = new OpenResult(null, 0, 0, null, List.of());

    public boolean pending() { return this == PENDING; }

    public boolean restart() { return this == RESTART; }
}
