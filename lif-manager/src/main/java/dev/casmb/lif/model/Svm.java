package dev.casmb.lif.model;

import java.util.Locale;

/**
 * A storage virtual machine (vserver): owns LIFs and has one CIFS server identity, the same on
 * both nodes (it lives in the replicated state, so both nodes see the same value by construction).
 *
 * @param name          SVM name, e.g. {@code svm1}
 * @param netbiosName   CIFS server NetBIOS name (at most 15 characters, upper-cased)
 * @param dnsName       CIFS server DNS name, e.g. {@code casmb1.example.test}
 */
public record Svm(String name, String netbiosName, String dnsName) {

    public Svm {
        name = Names.require(name, "SVM name");
        if (netbiosName == null || !netbiosName.matches("[A-Za-z0-9_-]{1,15}")) {
            throw new IllegalArgumentException("NetBIOS name '" + netbiosName
                    + "' must be 1-15 letters, digits, _ or -");
        }
        netbiosName = netbiosName.toUpperCase(Locale.ROOT);
        if (dnsName == null || !dnsName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
            throw new IllegalArgumentException("DNS name '" + dnsName + "' is not a valid host name");
        }
        dnsName = dnsName.toLowerCase(Locale.ROOT);
    }
}
