package dev.casmb.rpc.auth;

import java.net.InetSocketAddress;

/**
 * Factory for server security contexts by auth_type. The NTLMSSP/SPNEGO implementation from the
 * smb-auth module plugs in here (see {@code NtlmRpcSecurityProvider} once wired).
 */
public interface RpcSecurityProvider {

    boolean supports(int authType);

    RpcAuthContext newContext(int authType, InetSocketAddress peer) throws RpcAuthException;

    /** Provider that accepts only unauthenticated binds. */
    static RpcSecurityProvider none() {
        return new RpcSecurityProvider() {
            @Override
            public boolean supports(int authType) {
                return false;
            }

            @Override
            public RpcAuthContext newContext(int authType, InetSocketAddress peer) throws RpcAuthException {
                throw new RpcAuthException("no security provider configured");
            }
        };
    }
}
