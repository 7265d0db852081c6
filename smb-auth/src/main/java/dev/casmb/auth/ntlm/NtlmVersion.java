package dev.casmb.auth.ntlm;

/** The VERSION structure (MS-NLMP 2.2.2.10); informational only. */
final class NtlmVersion {
    private NtlmVersion() {}

    /** Major 6, minor 1, build 0, NTLMSSP_REVISION_W2K3 (0x0F) -- what many non-Windows servers send. */
    static final byte[] DEFAULT = {6, 1, 0, 0, 0, 0, 0, 0x0f};
}
