/**
 * SPNEGO acceptor (RFC 4178, MS-SPNG) offering only NTLMSSP: {@link dev.casmb.auth.spnego.SpnegoServer}
 * for SMB2 SESSION_SETUP and DCE/RPC (auth type 9), plus the NegTokenInit2 blob for the SMB2 NEGOTIATE
 * response. Uses a small strict DER codec; tokens over 64 KiB are refused.
 */
package dev.casmb.auth.spnego;
