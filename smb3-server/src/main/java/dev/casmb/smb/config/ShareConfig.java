package dev.casmb.smb.config;

import java.nio.file.Path;

/** One disk share as configured: name, directory, and its properties. */
public record ShareConfig(String name, Path path, boolean readOnly, boolean continuouslyAvailable,
                          boolean encryptData, String comment) {
    public ShareConfig {
        if (name == null || name.isBlank() || name.length() > 80 || name.matches(".*[\\\\/:*?\"<>|].*")) {
            throw new IllegalArgumentException("invalid share name: " + name);
        }
        if (path == null) throw new IllegalArgumentException("share " + name + " has no path");
    }
}
