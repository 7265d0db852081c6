/**
 * The replicated LIF state as seen by the manager ({@link dev.casmb.lif.store.LifStateStore}: apply a command, observe
 * every changing command in log order) and {@link dev.casmb.lif.store.InMemoryLifStateStore}, the single-JVM
 * implementation for tests and the demo. The Raft-backed store lives in {@code ha-pair}.
 */
package dev.casmb.lif.store;
