/**
 * {@link dev.casmb.lif.net.SocketAbort}: resets client connections with a TCP RST (SO_LINGER 0) while a departing
 * LIF's address is still plumbed, so that clients notice the move at once and reconnect to the new node. Plain
 * java.net; no dependency on the rest of the module.
 */
package dev.casmb.lif.net;
