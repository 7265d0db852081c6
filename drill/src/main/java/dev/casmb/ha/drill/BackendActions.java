package dev.casmb.ha.drill;

import dev.casmb.ha.admin.AdminBackend;
import java.util.List;

/** Drill operations run in-process through the node's admin backend (the shell's `system node upgrade-drill`). */
public final class BackendActions implements DrillActions {
    private final AdminBackend backend;

    public BackendActions(AdminBackend backend) {
        this.backend = backend;
    }

    @Override
    public String takeover(String ofNode) { return backend.takeover(ofNode, false); }

    @Override
    public String giveback(String node) { return backend.giveback(node); }

    @Override
    public String relocate(String aggregate, String fromNode, String toNode) {
        return backend.relocateAggregates(fromNode, toNode, List.of(aggregate));
    }

    @Override
    public String migrateLif(String lif, String toNode) { return backend.migrateLif(lif, toNode); }

    @Override
    public String revertLif(String lif) { return backend.revertLif(lif); }
}
