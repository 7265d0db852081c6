package dev.casmb.lif.manager;

/**
 * Told on the node that gains or loses a LIF. Called synchronously by the LIF manager: a listener
 * must finish quickly (close sockets, bind a listen socket) and should not call the manager back.
 * Exceptions are logged and do not stop the move.
 */
public interface LifListener {

    /** The address is plumbed here now: bind/listen on it. */
    void lifUp(LifEvent event);

    /**
     * The address is about to be removed here (it is still plumbed during the call): stop listening
     * and close its client connections at once with RST ({@link dev.casmb.lif.net.SocketAbort}).
     */
    void lifDown(LifEvent event);

    /**
     * A planned move is starting: the address is still here and will go to {@code event.toNode()}
     * next. The witness server sends CLIENT_MOVE now; the SMB server may drain. Followed by
     * {@link #lifDown}.
     */
    default void lifMoving(LifEvent event) {
    }
}
