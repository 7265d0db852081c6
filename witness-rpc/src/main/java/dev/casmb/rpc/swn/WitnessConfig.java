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
 * @param maxRegistrations global bound on registrations
 */
public record WitnessConfig(int serviceVersion, boolean requireIntegrity, Duration unusedRegistrationTimeout,
        Duration forcedUnregisterDelay, Duration tick, int maxRegistrations) {

    public static WitnessConfig defaults() {
        return new WitnessConfig(WitnessConstants.WITNESS_V2, true, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(250), 10_000);
    }

    public WitnessConfig withRequireIntegrity(boolean b) {
        return new WitnessConfig(serviceVersion, b, unusedRegistrationTimeout, forcedUnregisterDelay, tick,
                maxRegistrations);
    }

    public WitnessConfig withForcedUnregisterDelay(Duration d) {
        return new WitnessConfig(serviceVersion, requireIntegrity, unusedRegistrationTimeout, d, tick,
                maxRegistrations);
    }
}
