package dev.casmb.lif.store;

import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.model.ClusterLifState;

/** Told about every applied command that changed the state, in log order, on every replica. */
@FunctionalInterface
public interface LifStateObserver {
    void stateChanged(LifCommand command, ClusterLifState before, ClusterLifState after);
}
