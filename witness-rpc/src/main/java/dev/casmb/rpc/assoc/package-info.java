/**
 * DCE/RPC association groups and context handles (C706 ch. 12, MS-RPCE 3.3.1.1.1, 3.3.1.4.1, 2.2.5.1): a group is
 * the set of connections bound with one assoc_group_id, joinable only from the same client address, and owns the
 * context handles (e.g. witness registrations) that run down when its last connection closes. Bounded and
 * thread-safe; knows nothing of PDUs or transports.
 */
package dev.casmb.rpc.assoc;
