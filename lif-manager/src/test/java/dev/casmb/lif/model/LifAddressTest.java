package dev.casmb.lif.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifAddressTest {

    @Test
    void parsesIpv4WithAndWithoutPrefix() {
        LifAddress a = LifAddress.parse("10.77.0.100/24");
        assertEquals("10.77.0.100", a.host());
        assertEquals(24, a.prefixLength());
        assertEquals("10.77.0.100/24", a.cidr());
        assertFalse(a.isIpv6());
        assertEquals(32, LifAddress.parse("127.0.0.11").prefixLength());
        assertTrue(LifAddress.parse("127.0.0.11/8").isIpv4Loopback());
        assertFalse(a.isIpv4Loopback());
    }

    @Test
    void parsesIpv6() {
        LifAddress a = LifAddress.parse("fd00:77::10/64");
        assertTrue(a.isIpv6());
        assertEquals(64, a.prefixLength());
        assertEquals("fd00:77:0:0:0:0:0:10/64", a.cidr());
        assertEquals(128, LifAddress.parse("::1").prefixLength());
        assertFalse(a.isIpv4Loopback());
    }

    @Test
    void rejectsNamesAndBadPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> LifAddress.parse("example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> LifAddress.parse("10.0.0.300/24"));
        assertThrows(IllegalArgumentException.class, () -> LifAddress.parse("10.0.0.1/33"));
        assertThrows(IllegalArgumentException.class, () -> LifAddress.parse("fd00::1/129"));
        assertThrows(IllegalArgumentException.class, () -> LifAddress.parse("10.0.0.1/x"));
    }

    @Test
    void sameHostIgnoresPrefix() {
        assertTrue(LifAddress.parse("10.0.0.1/24").sameHost(LifAddress.parse("10.0.0.1/16")));
        assertFalse(LifAddress.parse("10.0.0.1/24").sameHost(LifAddress.parse("10.0.0.2/24")));
    }

    @Test
    void svmNormalisesCifsNames() {
        Svm svm = new Svm("svm1", "casmb1", "CASMB1.Example.Test");
        assertEquals("CASMB1", svm.netbiosName());
        assertEquals("casmb1.example.test", svm.dnsName());
        assertThrows(IllegalArgumentException.class, () -> new Svm("svm1", "much-too-long-netbios", "a.b"));
    }
}
