/**
 * DCE/RPC authentication (MS-RPCE 2.2.1.1.7/8, 2.2.2.11, 3.3.1.5.2): auth types and levels, the
 * {@link dev.casmb.rpc.auth.RpcSecurityProvider} / {@link dev.casmb.rpc.auth.RpcAuthContext} SPI, and
 * {@link dev.casmb.rpc.auth.NtlmRpcSecurityProvider}, the adapter to {@code smb-auth} for auth_type 10 (raw NTLMSSP) and
 * 9 (SPNEGO), with per-PDU signing/sealing (MS-NLMP 3.4.6). The only package of this module that depends on
 * {@code smb-auth}.
 */
package dev.casmb.rpc.auth;
