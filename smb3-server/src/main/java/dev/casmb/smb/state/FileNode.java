package dev.casmb.smb.state;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Server-wide state of one file that has opens: the list of opens (for share-mode checks),
 * delete-pending, and its byte-range locks (MS-SMB2 3.3.1.10 Open / MS-FSA 2.1.1 File).
 */
public final class FileNode {
    public volatile Path path;
    public final List<Open> opens = new CopyOnWriteArrayList<>();
    public volatile boolean deletePending;
    public final ByteRangeLocks locks = new ByteRangeLocks();

    public FileNode(Path path) {
        this.path = path;
    }
}
