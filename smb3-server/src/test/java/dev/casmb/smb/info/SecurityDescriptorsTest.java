package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecurityDescriptorsTest {
    static final Sid DOMAIN = new Sid(5, new int[] {21, 1, 2, 3});
    static final Sid OWNER = DOMAIN.withRid(1000);
    static final Sid GROUP = DOMAIN.withRid(Sid.RID_DOMAIN_USERS);

    @Test
    void sidBytesAndString() {
        assertEquals("S-1-5-21-1-2-3-1000", OWNER.toString());
        assertEquals(Hex.str(Hex.of("0105000000000005 15000000 01000000 02000000 03000000 e8030000")),
            Hex.str(OWNER.toBytes()));
        assertEquals(Hex.str(Hex.of("0101000000000005 0b000000")), Hex.str(Sid.AUTHENTICATED_USERS.toBytes()));
    }

    @Test
    void ownerGroupDaclGolden() {
        byte[] sd = SecurityDescriptors.encode(7, OWNER, GROUP, SecurityDescriptors.dacl(OWNER, false, false));
        String expected = ""
            + "0100 0480 14000000 30000000 00000000 4c000000"
            + "0105000000000005 15000000 01000000 02000000 03000000 e8030000"
            + "0105000000000005 15000000 01000000 02000000 03000000 01020000"
            + "0200 4000 0200 0000"
            + "00 00 2400 ff011f00 0105000000000005 15000000 01000000 02000000 03000000 e8030000"
            + "00 00 1400 ff011f00 0101000000000005 0b000000";
        assertEquals(Hex.str(Hex.of(expected)), Hex.str(sd));
        assertTrue(SecurityDescriptors.isWellFormed(sd));
    }

    @Test
    void readOnlyDirectoryGrantsReadAndInherits() {
        byte[] sd = SecurityDescriptors.encode(4, OWNER, GROUP, SecurityDescriptors.dacl(OWNER, true, true));
        // header with only the DACL offset, then the ACL
        assertEquals(Hex.str(Hex.of("0100 0480 00000000 00000000 00000000 14000000 0200 4000 0200 0000 00 03 2400 a9001200")),
            Hex.str(java.util.Arrays.copyOf(sd, 36)));
    }

    @Test
    void nothingSelectedIsBareHeader() {
        byte[] sd = SecurityDescriptors.encode(0, OWNER, GROUP, SecurityDescriptors.dacl(OWNER, false, false));
        assertEquals(Hex.str(Hex.of("0100 0080 00000000 00000000 00000000 00000000")), Hex.str(sd));
    }

    @Test
    void malformedDescriptorsRejected() {
        assertFalse(SecurityDescriptors.isWellFormed(new byte[10]));
        byte[] sd = SecurityDescriptors.encode(7, OWNER, GROUP, SecurityDescriptors.dacl(OWNER, false, false));
        sd[4] = (byte) 0xF0; // owner offset beyond the buffer
        assertFalse(SecurityDescriptors.isWellFormed(sd));
    }

    @Test
    void userRidsAreStableAndDistinct() {
        assertEquals(Sid.userRid("Demo"), Sid.userRid("demo"));
        assertNotEquals(Sid.userRid("alice"), Sid.userRid("bob"));
        assertTrue(Sid.userRid("x") >= 1000);
        assertEquals(Sid.machineDomain("SVM1"), Sid.machineDomain("svm1"));
    }
}
