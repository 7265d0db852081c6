/**
 * {@link dev.casmb.ha.MemberMain}: one member of the HA Raft group (node A, node B or the mediator) as a process with
 * a line protocol on stdin/stdout, running {@link dev.casmb.ha.state.KvStateMachine}. Used by the consensus gate and
 * commit bench ({@link dev.casmb.ha.gate}), not by the file server; see {@code ha-pair/DESIGN-raft.md}.
 */
package dev.casmb.ha;
