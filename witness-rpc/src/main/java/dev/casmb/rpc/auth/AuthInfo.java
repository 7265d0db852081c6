package dev.casmb.rpc.auth;

/**
 * Caller identity as seen by a service: the established auth type and level (NONE for anonymous binds)
 * and the principal.
 */
public record AuthInfo(int authType, int authLevel, String principal) {
    public static final AuthInfo ANONYMOUS = new AuthInfo(AuthType.NONE, AuthLevel.NONE, null);

    public boolean atLeast(int level) {
        return authType != AuthType.NONE && authLevel >= level;
    }
}
