package dev.casmb.smb.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CryptoWarmupTest {
    @Test
    void everySealedWarmUpMessageDecryptsBack() throws Exception {
        assertEquals(50, CryptoWarmup.run(100), "half the rounds seal and open a message");
    }
}
