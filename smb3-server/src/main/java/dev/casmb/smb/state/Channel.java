package dev.casmb.smb.state;

import dev.casmb.smb.crypto.MessageSigner;

/**
 * One transport connection of a session (MS-SMB2 3.3.1.14 Channel): the session's first connection, or
 * one bound to it later with SMB2_SESSION_FLAG_BINDING (multichannel).
 */
public final class Channel {
    public final SmbConnection connection;
    /**
     * Channel.SigningKey with this connection's signing algorithm (MS-SMB2 3.3.5.5.3); null while a
     * binding is still authenticating.
     */
    public volatile MessageSigner signer;
    /** The binding exchange's own preauth integrity hash (3.1.1), which the channel's key derives from. */
    public volatile byte[] preauthHash;
    /** The binding's in-progress authentication (an SpnegoServer), or null. */
    public volatile Object authContext;

    public Channel(SmbConnection connection) {
        this.connection = connection;
    }

    /** The channel can carry requests (its signing key exists, or the session does not sign). */
    public boolean established() {
        return signer != null;
    }
}
