package dev.casmb.ha.drill;

import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.UpgradeDrillRunner;
import java.util.List;
import java.util.function.Consumer;

/**
 * The admin shell's {@code system node upgrade-drill}: the in-process form of the drill, pair operations through the
 * node's admin backend ({@link BackendActions}), no process restarts. Registered in
 * {@code META-INF/services/dev.casmb.ha.admin.UpgradeDrillRunner}, so ha-pair finds it when this module is on the
 * node's class path.
 */
public final class AdminShellDrillRunner implements UpgradeDrillRunner {
    @Override
    public Outcome run(Target t, AdminBackend backend, boolean shortForm, Consumer<String> progress) throws Exception {
        var settings = UpgradeDrill.Settings.of(t.servers(), t.share(), t.user(), t.ntHash(), t.outDir(), shortForm)
            .withWitness(t.witnessServerName(), t.epmPort());
        List<UpgradeDrill.Step> steps = UpgradeDrill.sequence(new BackendActions(backend), DrillActions.ProcessControl.NONE,
            t.homeNode(), t.otherNode(), t.aggregate(), t.homeLif(), shortForm, false);
        DrillReport report = UpgradeDrill.run(settings, steps, progress);
        return new Outcome(report.toText(), report.reconnects, report.reclaimed, report.held, report.lost.size());
    }
}
