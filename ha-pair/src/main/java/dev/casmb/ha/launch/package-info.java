/**
 * Process entry point of a node: {@link dev.casmb.ha.launch.NodeMain} ({@code casmb-node}) starts a pair member
 * ({@link dev.casmb.ha.pair.PairNode}) when the configuration has a {@code pair:} section, otherwise a single
 * {@link dev.casmb.ha.node.NodeDaemon}, each with its admin shell. It sits above {@code node} and {@code pair} so that
 * {@code pair} may build on {@code node} without a cycle; {@link dev.casmb.ha.launch.NodeMain#start} is what other
 * launchers (the tools module's handle-seeding launcher) reuse.
 */
package dev.casmb.ha.launch;
