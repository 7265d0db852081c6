package dev.casmb.smb.vfs;

import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.proto.AccessMask;
import java.nio.file.Path;
import java.util.Collection;

/** A disk share: its configuration and the {@link Vfs} its files are in. */
public final class Share {
    private final ShareConfig config;
    private final Vfs vfs;

    /** A share served from {@code vfs} (ServerContext gives it the local directory's, tests may give a fake). */
    public Share(ShareConfig config, Vfs vfs) {
        this.config = config;
        this.vfs = vfs;
    }

    public String name() { return config.name(); }
    /** The share root's Path in its {@link Vfs} (the key of the root directory). */
    public Path root() { return vfs.root(); }
    /** Every file-system operation on this share's files. */
    public Vfs vfs() { return vfs; }
    public boolean readOnly() { return config.readOnly(); }
    public boolean continuouslyAvailable() { return config.continuouslyAvailable(); }
    public boolean encryptData() { return config.encryptData(); }
    public String comment() { return config.comment() == null ? "" : config.comment(); }
    public ShareConfig config() { return config; }
    public ShareAcl acl() { return config.acl(); }

    /** What {@code user} (member of {@code groups}) may do here: see {@link ShareAcl}. */
    public ShareAcl.Level level(String user, Collection<String> groups) {
        return config.acl().levelFor(user, groups, config.readOnly());
    }

    /**
     * The share's MaximalAccess for a user (MS-SMB2 2.2.10): 0 if the user may not connect, read and
     * execute rights if read-only, all file rights otherwise.
     */
    public int maximalAccess(String user, Collection<String> groups) {
        return switch (level(user, groups)) {
            case NONE -> 0;
            case READ -> AccessMask.READ_ONLY_ACCESS;
            case FULL -> AccessMask.FILE_ALL_ACCESS;
        };
    }
}
