/**
 * The MS-SWN Service Witness server (interface v1.1, MS-SWN 3.1): GetInterfaceList, Register/RegisterEx, UnRegister and
 * AsyncNotify with keep-alive and unused-registration timers (3.1.5), notification encoding (2.2.2), and the
 * local-event inputs ({@link dev.casmb.rpc.swn.WitnessEvents}, 3.1.6). The SVM's interfaces come from a
 * {@link dev.casmb.rpc.swn.WitnessTopology} the HA layer provides; registrations are context handles of the caller's
 * association group. Never blocks and never resolves names.
 */
package dev.casmb.rpc.swn;
