package dev.casmb.smb.fsctl;

import dev.casmb.smb.dispatch.SmbRequest;
import dev.casmb.smb.state.Open;

/**
 * One FSCTL to run: the control code, the open it targets (null for the FSCTLs that MS-SMB2 3.3.5.15
 * sends with an all-ones FileId), the input buffer and the client's MaxOutputResponse.
 */
public record FsctlRequest(SmbRequest smb, int ctlCode, Open open, byte[] input, int maxOutput) {}
