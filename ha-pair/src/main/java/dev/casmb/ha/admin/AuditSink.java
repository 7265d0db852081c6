package dev.casmb.ha.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * Receives one record per state-changing admin command (and per admin login attempt). The HA pair
 * implements it by appending to the structured event log, so that {@code event log show} shows who
 * did what from where.
 */
@FunctionalInterface
public interface AuditSink {

    /** What happened. */
    enum Kind { COMMAND, LOGIN }

    /**
     * @param user           the admin account (as given by the client for a failed login)
     * @param sourceAddress  the client's address, "host:port"
     * @param action         the command line with secrets redacted, or "login (password)"/"login (publickey)"
     * @param success        whether the command or login succeeded
     * @param result         "ok" or the error message
     */
    record AuditEvent(Instant time, Kind kind, String user, String sourceAddress, String action,
                      boolean success, String result) {
        public AuditEvent {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(kind, "kind");
        }
    }

    void record(AuditEvent event);

    /** A sink that only writes to the application log. */
    static AuditSink logOnly() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.casmb.ha.admin.audit");
        return e -> log.info("audit {} user={} from={} action=\"{}\" success={} result=\"{}\"",
                e.kind(), e.user(), e.sourceAddress(), e.action(), e.success(), e.result());
    }
}
