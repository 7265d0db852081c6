package dev.casmb.smb.crypto;

/** SMB2 signing algorithm ids (MS-SMB2 2.2.3.1.7) plus the pre-3.x HMAC. */
public enum SigningAlgorithm {
    HMAC_SHA256(0x0000), AES_CMAC(0x0001), AES_GMAC(0x0002);

    public final int id;

    SigningAlgorithm(int id) { this.id = id; }

    public static SigningAlgorithm byId(int id) {
        for (SigningAlgorithm a : values()) {
            if (a.id == id) return a;
        }
        return null;
    }
}
