package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShortNamesTest {
    @Test
    void validNamesAreTheirOwnShortName() {
        assertTrue(ShortNames.isValid83("readme.txt"));
        assertEquals("README.TXT", ShortNames.of("readme.txt"));
        assertFalse(ShortNames.isValid83("a.b.c"));
        assertFalse(ShortNames.isValid83("longername.txt"));
        assertFalse(ShortNames.isValid83("has space.txt"));
    }

    @Test
    void longNamesAreMangledDeterministically() {
        String s = ShortNames.of("torture_search.txt");
        assertTrue(s.matches("TORT~[0-9A-Z]{3}\\.TXT"), s);
        assertEquals(s, ShortNames.of("TORTURE_SEARCH.TXT"));
        assertTrue(ShortNames.isValid83(s));
        assertTrue(ShortNames.isValid83(ShortNames.of("+++.....")));
        assertEquals("", ShortNames.of(".."));
    }
}
