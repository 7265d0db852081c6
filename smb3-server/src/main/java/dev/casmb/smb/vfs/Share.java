package dev.casmb.smb.vfs;

import dev.casmb.smb.config.ShareConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A disk share backed by a local directory. */
public final class Share {
    private final ShareConfig config;
    private final Path root;
    private final PathResolver resolver;

    public Share(ShareConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.path());
        this.root = config.path().toRealPath();
        this.resolver = new PathResolver(root);
    }

    public String name() { return config.name(); }
    public Path root() { return root; }
    public boolean readOnly() { return config.readOnly(); }
    public boolean continuouslyAvailable() { return config.continuouslyAvailable(); }
    public boolean encryptData() { return config.encryptData(); }
    public String comment() { return config.comment() == null ? "" : config.comment(); }
    public PathResolver resolver() { return resolver; }
    public ShareConfig config() { return config; }
}
