package dev.casmb.smb.dispatch;

import dev.casmb.smb.proto.Smb2Header;

/**
 * The header of an error response the server cannot sign although the request was signed - no session
 * key to sign with: an unknown SessionId (STATUS_USER_SESSION_DELETED), an unknown command, a related
 * request without a session (STATUS_INVALID_PARAMETER). MS-SMB2 3.3.4.4: the header of an error
 * response matches the request's header except for the fields the section lists, so SMB2_FLAGS_SIGNED
 * and the Signature are the request's (Samba does the same). A client that signs every request on a
 * signed session expects SMB2_FLAGS_SIGNED on the response, and accepts an echoed signature for
 * these statuses (Samba's smbXcli; smbtorture smb2.compound.invalid2 and invalid4).
 */
final class UnsignedError {
    private UnsignedError() {
    }

    /** Sets SMB2_FLAGS_SIGNED and the request's signature on {@code response} (status already set). */
    static void echoRequestSignature(Smb2Header request, Smb2Header response, boolean encrypted) {
        if (encrypted || !request.isSigned() || !isError(response.status)) return;
        response.flags |= Smb2Header.FLAG_SIGNED;
        System.arraycopy(request.signature, 0, response.signature, 0, response.signature.length);
    }

    /** NTSTATUS severity STATUS_SEVERITY_ERROR (the two top bits set). */
    static boolean isError(int status) {
        return (status >>> 30) == 3;
    }
}
