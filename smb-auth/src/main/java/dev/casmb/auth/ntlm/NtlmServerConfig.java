package dev.casmb.auth.ntlm;

import java.util.Locale;

/**
 * Server identity advertised in the CHALLENGE_MESSAGE TargetInfo (MS-NLMP 2.2.2.1) and the anonymous
 * policy. DNS names may be empty, in which case the corresponding AV pairs are omitted.
 */
public record NtlmServerConfig(String netbiosDomain, String netbiosComputer, String dnsDomain, String dnsComputer,
                               boolean allowAnonymous) {

    public NtlmServerConfig {
        if (netbiosDomain == null || netbiosDomain.isEmpty() || netbiosComputer == null || netbiosComputer.isEmpty()) {
            throw new IllegalArgumentException("NetBIOS domain and computer names are required");
        }
        netbiosDomain = netbiosDomain.toUpperCase(Locale.ROOT);
        netbiosComputer = netbiosComputer.toUpperCase(Locale.ROOT);
        dnsDomain = dnsDomain == null ? "" : dnsDomain;
        dnsComputer = dnsComputer == null ? "" : dnsComputer;
    }
}
