/**
 * {@link dev.casmb.lif.manager.LifManager}, the LIF manager of one node: operations (create, migrate, revert,
 * failover, enable, disable, delete) become commands on the replicated {@link dev.casmb.lif.store.LifStateStore}, and
 * every node reconciles what the state places on it through its {@link dev.casmb.lif.driver.LifDriver} and
 * {@link dev.casmb.lif.manager.LifListener}s (lifUp, lifMoving, lifDown), reporting results back as commands. Does not
 * replicate anything itself.
 */
package dev.casmb.lif.manager;
