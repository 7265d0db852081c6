package dev.casmb.smb.config;

import java.nio.file.Path;

/**
 * One disk share as configured: name, directory, its properties, and who may use it ({@link ShareAcl};
 * {@link ShareAcl#OPEN}, every authenticated user, when not given).
 */
public record ShareConfig(String name, Path path, boolean readOnly, boolean continuouslyAvailable,
                          boolean encryptData, String comment, ShareAcl acl) {
    public ShareConfig {
        if (name == null || name.isBlank() || name.length() > 80 || name.matches(".*[\\\\/:*?\"<>|].*")) {
            throw new IllegalArgumentException("invalid share name: " + name);
        }
        if (path == null) throw new IllegalArgumentException("share " + name + " has no path");
        if (acl == null) acl = ShareAcl.OPEN;
    }

    /** A share open to every authenticated user. */
    public ShareConfig(String name, Path path, boolean readOnly, boolean continuouslyAvailable,
                       boolean encryptData, String comment) {
        this(name, path, readOnly, continuouslyAvailable, encryptData, comment, ShareAcl.OPEN);
    }
}
