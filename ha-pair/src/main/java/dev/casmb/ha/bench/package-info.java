/**
 * Bench-only helpers, off unless asked for: {@link dev.casmb.ha.bench.HandleSeeder} fills the replicated state with N
 * synthetic persistent handles through the ordinary {@link dev.casmb.ha.cluster.RaftHandleStore} path
 * ({@code -Dcasmb.bench.seedHandles=N}, {@code bench/takeover-handles.sh}). Nothing here runs in normal service.
 */
package dev.casmb.ha.bench;
