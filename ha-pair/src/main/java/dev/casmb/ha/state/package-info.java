/**
 * {@link dev.casmb.ha.state.KvStateMachine}: a small deterministic key/value
 * {@link dev.casmb.ha.consensus.StateMachine} with a strict binary codec, used by the consensus gate and bench
 * ({@code dev.casmb.ha.gate.MemberMain} in the tools module) and the template for the cluster state machine. Not used by the file server.
 */
package dev.casmb.ha.state;
