/**
 * The HA pair: {@link dev.casmb.ha.pair.PairNode} (Raft member, node daemon, UDP partner {@link dev.casmb.ha.pair.Heartbeat}),
 * the mediator, and {@link dev.casmb.ha.pair.FailoverController}, the one place that decides fencing on lost quorum,
 * takeover, giveback and aggregate relocation (never two owners: README "Continuous availability: what survives, and
 * fencing" and "Design notes"). Also the admin backend of a pair node, replicated share administration and MS-SWN
 * notifications for LIF moves ({@link dev.casmb.ha.pair.WitnessNotifier}).
 */
package dev.casmb.ha.pair;
