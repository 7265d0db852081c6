/**
 * {@link dev.casmb.ha.events.EventLog}: the node's structured event log (takeovers, LIF moves, reclaimed handles,
 * witness notifications, admin commands) as a bounded in-memory ring, each event also written to the log. Shown by
 * the admin shell; no dependencies.
 */
package dev.casmb.ha.events;
