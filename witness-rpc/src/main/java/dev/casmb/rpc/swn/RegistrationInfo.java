package dev.casmb.rpc.swn;

import java.time.Instant;

/** A read-only view of one witness registration, for the admin shell. */
public record RegistrationInfo(String id, int version, String clientName, String netName, String ipAddress,
                               String shareName, Instant lastUsed) {
}
