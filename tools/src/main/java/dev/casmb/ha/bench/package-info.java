/**
 * Bench-only helpers, outside the file server: {@link dev.casmb.ha.bench.SeedingNodeMain} starts a pair node as
 * {@code NodeMain} does and then has {@link dev.casmb.ha.bench.HandleSeeder} fill the replicated state with N synthetic
 * persistent handles through the ordinary {@link dev.casmb.ha.cluster.RaftHandleStore} path
 * ({@code -Dcasmb.bench.seedHandles=N}; {@code bench/takeover-handles.sh}, {@code PairRestartCatchUpTest}).
 */
package dev.casmb.ha.bench;
