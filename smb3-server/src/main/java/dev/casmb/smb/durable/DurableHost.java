package dev.casmb.smb.durable;

import dev.casmb.smb.lease.Leases;
import dev.casmb.smb.lease.Oplocks;
import dev.casmb.smb.state.Open;
import dev.casmb.smb.state.OpenTable;
import dev.casmb.smb.vfs.Share;
import java.io.IOException;

/**
 * The server as durable handles see it ({@code ServerContext} implements it): its open table and shares, its one
 * close and disconnect paths, the mutation guard of a share's owner, and the lease and oplock tables a reloaded
 * handle rejoins.
 */
public interface DurableHost {
    OpenTable opens();

    /** The share served here under {@code name}, or null. */
    Share share(String name);

    /** Tells the open's lifecycle listeners that its transport is gone (the open is kept for reclaim). */
    void openDisconnected(Open o);

    /** Closes {@code o} for good. */
    void closeOpen(Open o);

    /** Closes {@code o} if it is still disconnected; false if it was reclaimed meanwhile. */
    boolean closeIfDisconnected(Open o) throws IOException;

    /** This node may change the state of {@code o}'s share (it owns it). */
    boolean mayMutate(Open o);

    Leases leases();

    Oplocks oplocks();
}
