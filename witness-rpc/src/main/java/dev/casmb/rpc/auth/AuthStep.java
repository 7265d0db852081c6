package dev.casmb.rpc.auth;

/**
 * Result of feeding one client token to an {@link RpcAuthContext}.
 *
 * @param responseToken token for the bind_ack / alter_context_resp auth_value (may be empty; null = none)
 * @param complete whether the security context is now established
 */
public record AuthStep(byte[] responseToken, boolean complete) {
}
