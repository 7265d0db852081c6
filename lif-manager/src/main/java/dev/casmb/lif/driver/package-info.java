/**
 * Putting a LIF address on a network port and taking it off ({@link dev.casmb.lif.driver.LifDriver}):
 * {@link dev.casmb.lif.driver.LinuxLifDriver} runs {@code ip addr add/del} (optionally in a netns) and announces the
 * address with gratuitous ARP or an unsolicited neighbour advertisement; {@link dev.casmb.lif.driver.LoopbackLifDriver}
 * only books 127/8 addresses on a shared {@link dev.casmb.lif.driver.LoopbackSegment} for tests and the demo. Drivers
 * never decide where a LIF goes.
 */
package dev.casmb.lif.driver;
