/**
 * The HA pair: {@link dev.casmb.ha.pair.PairNode} (Raft member, node daemon, UDP partner {@link dev.casmb.ha.pair.Heartbeat}),
 * the mediator, and {@link dev.casmb.ha.pair.FailoverController}, which carries out failover on this node: it samples
 * the facts, acts on {@link dev.casmb.ha.takeover.TakeoverDecision} (fence on a lost quorum lease, release, rejoin,
 * take over), installs the data-fencing hooks, and runs takeover, giveback and aggregate relocation as the plans of
 * {@link dev.casmb.ha.takeover.TakeoverPlans} (never two owners: README "Continuous availability: what survives, and
 * fencing" and "Design notes"). {@link dev.casmb.ha.pair.QuorumLease} keeps this node's lease. Also the admin backend
 * of a pair node, replicated share administration, and {@link dev.casmb.ha.pair.WitnessNotifier}, the one sender of
 * MS-SWN notifications.
 */
package dev.casmb.ha.pair;
