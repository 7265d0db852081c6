package dev.casmb.rpc.auth;

import dev.casmb.auth.ntlm.NtlmAuthResult;
import dev.casmb.auth.ntlm.NtlmException;
import dev.casmb.auth.ntlm.NtlmServerConfig;
import dev.casmb.auth.ntlm.NtlmServerContext;
import dev.casmb.auth.ntlm.NtlmSessionSecurity;
import dev.casmb.auth.spnego.SpnegoServer;
import dev.casmb.auth.spnego.SpnegoStep;
import dev.casmb.auth.users.UserDatabase;
import java.net.InetSocketAddress;

/**
 * Adapter from the smb-auth module to the RPC runtime: auth_type 10 (RPC_C_AUTHN_WINNT, raw NTLMSSP:
 * bind NEGOTIATE -> bind_ack CHALLENGE -> auth3 AUTHENTICATE) and 9 (RPC_C_AUTHN_GSS_NEGOTIATE, SPNEGO with
 * NTLMSSP: the last leg in alter_context or auth3). Per-PDU protection is NTLMSSP GSS_WrapEx /
 * GSS_GetMIC over the whole PDU through the sec_trailer ([MS-RPCE] 2.2.2.11, [MS-NLMP] 3.4.6).
 */
public final class NtlmRpcSecurityProvider implements RpcSecurityProvider {
    private final UserDatabase users;
    private final NtlmServerConfig config;

    public NtlmRpcSecurityProvider(UserDatabase users, NtlmServerConfig config) {
        this.users = users;
        this.config = config;
    }

    @Override
    public boolean supports(int authType) {
        return authType == AuthType.WINNT || authType == AuthType.GSS_NEGOTIATE;
    }

    @Override
    public RpcAuthContext newContext(int authType, InetSocketAddress peer) throws RpcAuthException {
        if (authType == AuthType.WINNT) {
            return new RawNtlm(new NtlmServerContext(users, config));
        }
        if (authType == AuthType.GSS_NEGOTIATE) {
            return new Spnego(new SpnegoServer(users, config));
        }
        throw new RpcAuthException("unsupported auth_type " + authType);
    }

    /** Shared per-PDU protection once an NTLM session security exists. */
    private abstract static class Base implements RpcAuthContext {
        NtlmAuthResult result;

        abstract NtlmSessionSecurity security();

        @Override
        public String principal() {
            if (result == null) {
                return null;
            }
            return result.anonymous() ? "ANONYMOUS" : result.domain() + "\\" + result.user();
        }

        @Override
        public int signatureLength() {
            return NtlmSessionSecurity.SIGNATURE_LEN;
        }

        @Override
        public byte[] protect(byte[] pdu, int bodyOff, int bodyLen, int sigOffset, boolean seal)
                throws RpcAuthException {
            NtlmSessionSecurity sec = requireSecurity();
            byte[] signed = java.util.Arrays.copyOf(pdu, sigOffset);
            if (!seal) {
                return sec.sign(signed);
            }
            byte[] sig = sec.wrapEx(signed, bodyOff, bodyLen);
            System.arraycopy(signed, bodyOff, pdu, bodyOff, bodyLen);
            return sig;
        }

        @Override
        public void unprotect(byte[] pdu, int bodyOff, int bodyLen, int sigOffset, byte[] signature, boolean sealed)
                throws RpcAuthException {
            NtlmSessionSecurity sec = requireSecurity();
            byte[] signed = java.util.Arrays.copyOf(pdu, sigOffset);
            boolean ok;
            if (sealed) {
                ok = sec.unwrapEx(signed, bodyOff, bodyLen, signature);
                System.arraycopy(signed, bodyOff, pdu, bodyOff, bodyLen);
            } else {
                ok = sec.verify(signed, signature);
            }
            if (!ok) {
                throw new RpcAuthException("bad NTLMSSP signature");
            }
        }

        private NtlmSessionSecurity requireSecurity() throws RpcAuthException {
            NtlmSessionSecurity s = result == null ? null : security();
            if (s == null) {
                throw new RpcAuthException("no NTLMSSP session security (anonymous or incomplete)");
            }
            return s;
        }
    }

    private static final class RawNtlm extends Base {
        private final NtlmServerContext ctx;
        private boolean challenged;

        RawNtlm(NtlmServerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        NtlmSessionSecurity security() {
            return ctx.hasSecurity() ? ctx.security() : null;
        }

        @Override
        public AuthStep step(byte[] token) throws RpcAuthException {
            try {
                if (!challenged) {
                    challenged = true;
                    return new AuthStep(ctx.acceptNegotiate(token), false);
                }
                result = ctx.acceptAuthenticate(token);
                return new AuthStep(null, true);
            } catch (NtlmException e) {
                throw new RpcAuthException("NTLMSSP: " + e.getMessage(), e);
            }
        }
    }

    private static final class Spnego extends Base {
        private final SpnegoServer spnego;

        Spnego(SpnegoServer spnego) {
            this.spnego = spnego;
        }

        @Override
        NtlmSessionSecurity security() {
            return spnego.ntlmContext().hasSecurity() ? spnego.security() : null;
        }

        @Override
        public AuthStep step(byte[] token) throws RpcAuthException {
            SpnegoStep s = spnego.accept(token);
            switch (s.state()) {
                case CONTINUE:
                    return new AuthStep(s.responseToken(), false);
                case DONE:
                    result = s.result();
                    return new AuthStep(s.responseToken(), true);
                default:
                    throw new RpcAuthException("SPNEGO: " + s.failureReason());
            }
        }
    }
}
