package dev.casmb.smb.fsctl;

import dev.casmb.smb.proto.SmbException;

/** Runs one family of FSCTLs (MS-FSCC 2.3). Throw SmbException for plain error responses. */
public interface FsctlHandler {
    FsctlResult handle(FsctlRequest r) throws SmbException;

    /** True if the FSCTL is sent with an all-ones FileId and does not target an open. */
    default boolean noFile(int ctlCode) { return false; }
}
