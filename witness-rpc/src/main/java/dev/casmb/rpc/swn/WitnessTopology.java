package dev.casmb.rpc.swn;

import java.util.List;

/**
 * What the witness service needs to know about the SVM; implemented by the HA layer (lif-manager).
 * Called on RPC threads: implementations must be non-blocking snapshots.
 */
public interface WitnessTopology {

    /** Every data LIF of the SVM, with its state and whether this node hosts it. */
    List<WitnessInterface> interfaces();

    /** Whether {@code netName} is the ServerGlobalName (NetBIOS or DNS form, case-insensitive). */
    boolean isServerName(String netName);

    /** Whether {@code shareName} is an existing share (RegisterEx ShareName check, §3.1.4.5). */
    boolean isShare(String shareName);
}
