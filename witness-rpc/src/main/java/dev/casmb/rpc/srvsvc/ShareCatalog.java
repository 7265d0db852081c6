package dev.casmb.rpc.srvsvc;

import java.util.List;

/** The shares of the SVM, provided by the SMB server configuration. Non-blocking snapshot. */
@FunctionalInterface
public interface ShareCatalog {
    List<ShareInfo> shares();
}
