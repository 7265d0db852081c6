package dev.casmb.rpc.swn;

import java.time.Duration;

/**
 * Witness service policy.
 *
 * @param serviceVersion WitnessServiceVersion reported in GetInterfaceList (0x00020000)
 * @param requireIntegrity reject calls below packet integrity with ERROR_ACCESS_DENIED ([MS-SWN] §7 note 3);
 *        false only for tests before auth is wired
 * @param unusedRegistrationTimeout v2 registrations without AsyncNotify expire after this (30 s, §3.1.5.1)
 * @param forcedUnregisterDelay after delivering UNAVAILABLE or a move away, drop the registration after this
 *        so the client re-registers (Samba behaviour, 5 s); null disables
 * @param tick timer granularity for keep-alive and expiry checks
 * @param maxRegistrations global bound on registrations (10,000)
 * @param maxRegistrationsPerClient bound on the registrations held by one client IP address (256; a client
 *        registers once per server name and address it uses, plus once per CA share with RegisterEx); beyond
 *        either bound Register/RegisterEx fail with ERROR_NO_SYSTEM_RESOURCES
 */
public record WitnessConfig(int serviceVersion, boolean requireIntegrity, Duration unusedRegistrationTimeout,
        Duration forcedUnregisterDelay, Duration tick, int maxRegistrations, int maxRegistrationsPerClient) {

    public WitnessConfig {
        if (maxRegistrations < 1 || maxRegistrationsPerClient < 1) {
            throw new IllegalArgumentException("witness maxRegistrations and maxRegistrationsPerClient must be >= 1");
        }
    }

    public static WitnessConfig defaults() {
        return new WitnessConfig(WitnessConstants.WITNESS_V2, true, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(250), 10_000, 256);
    }

    /** Parses the registration limits of a {@code witness:} configuration section (absent keys keep defaults). */
    public static WitnessConfig fromYaml(java.util.Map<?, ?> m) {
        WitnessConfig d = defaults();
        if (m == null) {
            return d;
        }
        Object g = m.get("maxRegistrations");
        Object c = m.get("maxRegistrationsPerClient");
        return d.withMaxRegistrations(g == null ? d.maxRegistrations : ((Number) g).intValue(),
                c == null ? d.maxRegistrationsPerClient : ((Number) c).intValue());
    }

    public WitnessConfig withMaxRegistrations(int global, int perClient) {
        return new WitnessConfig(serviceVersion, requireIntegrity, unusedRegistrationTimeout, forcedUnregisterDelay, tick,
                global, perClient);
    }

    public WitnessConfig withRequireIntegrity(boolean b) {
        return new WitnessConfig(serviceVersion, b, unusedRegistrationTimeout, forcedUnregisterDelay, tick,
                maxRegistrations, maxRegistrationsPerClient);
    }

    public WitnessConfig withForcedUnregisterDelay(Duration d) {
        return new WitnessConfig(serviceVersion, requireIntegrity, unusedRegistrationTimeout, d, tick,
                maxRegistrations, maxRegistrationsPerClient);
    }
}
