/**
 * Takeover as one readable plan, with no threads and no I/O of its own, so that every rule can be unit-tested:
 * {@link dev.casmb.ha.takeover.TakeoverDecision} turns observed facts (quorum lease age, partner heartbeat
 * silence, proof of a dead partner process, Raft's view of the partner, aggregate ownership) into one action
 * and says when this node may admit requests and change data (README "Continuous availability: what survives,
 * and fencing", "Data fencing"; README "Design notes", "Never two owners" and "Boot grace");
 * {@link dev.casmb.ha.takeover.LeadershipAffinity} says which node should lead Raft (README "Design notes",
 * "Raft leadership follows the data"); {@link dev.casmb.ha.takeover.TakeoverPlan} runs a named list of steps in order,
 * each reported with its duration, and {@link dev.casmb.ha.takeover.TakeoverPlans} holds the order of every
 * operation — unplanned and planned takeover, giveback, aggregate relocation — over an {@code Actions} interface
 * (docs/DESIGN.md "HA pair acceptance criteria", Unplanned takeover and Non-disruptive upgrade; "CA state survival
 * fixes", restore before serve). {@code dev.casmb.ha.pair.FailoverController}
 * gathers the facts and carries the actions out; this package depends on nothing else in ha-pair.
 */
package dev.casmb.ha.takeover;
