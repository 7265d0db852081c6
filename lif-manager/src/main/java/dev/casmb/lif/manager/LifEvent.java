package dev.casmb.lif.manager;

import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.MoveReason;

/**
 * What a {@link LifListener} is told.
 *
 * @param lif       the LIF as the state had it when the event was raised
 * @param localNode the node raising the event (the listener's node)
 * @param port      the port of the local node the address is (or was) plumbed on
 * @param fromNode  where the LIF was (or is being moved from); null for a LIF coming up in place
 * @param toNode    where it is going; null if it is going down in place (disabled, deleted, node stop)
 * @param reason    why
 */
public record LifEvent(Lif lif, String localNode, String port, String fromNode, String toNode, MoveReason reason) {

    public String lifName() {
        return lif.name();
    }

    public LifAddress address() {
        return lif.address();
    }

    public String svm() {
        return lif.svm();
    }

    @Override
    public String toString() {
        return "LifEvent[" + lif.name() + " " + lif.address().host() + " on " + localNode + ":" + port
                + (fromNode != null || toNode != null ? " " + fromNode + " -> " + toNode : "") + " " + reason + "]";
    }
}
