/**
 * Server-side NTLMv2 (MS-NLMP): message codecs ({@link dev.casmb.auth.ntlm.NegotiateMessage},
 * {@link dev.casmb.auth.ntlm.ChallengeMessage}, {@link dev.casmb.auth.ntlm.AuthenticateMessage}), the per-attempt
 * {@link dev.casmb.auth.ntlm.NtlmServerContext} and {@link dev.casmb.auth.ntlm.NtlmSessionSecurity} for
 * DCE/RPC sign/seal. NTLMv1/LM responses are refused. All decoders are bounds-checked and report
 * malformed input as {@link dev.casmb.auth.ntlm.NtlmException} with reason MALFORMED.
 */
package dev.casmb.auth.ntlm;
