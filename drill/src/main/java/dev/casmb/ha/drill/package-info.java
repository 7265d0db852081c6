/**
 * The non-disruptive upgrade drill (module {@code drill}; CLI {@link dev.casmb.ha.drill.DrillMain}): a bounded SMB 3
 * workload on a CA share through {@link dev.casmb.client.SmbClient} while the pair is taken over, given back and
 * restarted, through the admin SSH shell ({@link dev.casmb.ha.drill.SshActions}) or in-process
 * ({@link dev.casmb.ha.drill.BackendActions}); then every acknowledged write is read back and a per-event report
 * (stall, reconnects, reclaimed handles, lost writes) is written as text, JSON and a PNG timeline. The admin shell's
 * {@code system node upgrade-drill} runs the in-process form through {@link dev.casmb.ha.drill.AdminShellDrillRunner},
 * the {@code dev.casmb.ha.admin.UpgradeDrillRunner} service ha-pair looks up (ha-pair does not depend on this module).
 * A client of the pair; no server code runs here.
 */
package dev.casmb.ha.drill;
