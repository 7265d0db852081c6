/**
 * Resource limits and back-pressure (YAML section {@code limits:}): connection admission per node and per client
 * address, sessions/trees/opens per connection, async operations (MS-SMB2 3.3.4.2 lets the server refuse to go
 * async), socket-level flow control ({@link dev.casmb.smb.limits.FlowControl}) and
 * {@link dev.casmb.smb.limits.LimitMetrics} counters with rate-limited logging. A client that hits a limit gets
 * STATUS_INSUFFICIENT_RESOURCES or loses only its own connection. The configured values are
 * {@link dev.casmb.smb.config.ResourceLimits}; the async-operation limit is applied by
 * {@link dev.casmb.smb.dispatch.AsyncLimits}.
 */
package dev.casmb.smb.limits;
