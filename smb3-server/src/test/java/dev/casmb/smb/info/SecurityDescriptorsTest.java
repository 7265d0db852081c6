package dev.casmb.smb.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.proto.AccessMask;
import java.util.List;
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

    private static final java.util.function.Function<String, Sid> USERS = u -> DOMAIN.withRid(Sid.userRid(u));
    private static final java.util.function.Function<String, Sid> GROUPS = g -> DOMAIN.withRid(Sid.groupRid(g));

    @Test
    void openShareDaclIsTheSameAsBefore() {
        assertEquals(SecurityDescriptors.dacl(OWNER, false, true), SecurityDescriptors.dacl(OWNER,
            AccessMask.FILE_ALL_ACCESS, ShareAcl.OPEN, false, false, true, USERS, GROUPS));
        assertEquals(SecurityDescriptors.dacl(OWNER, true, false), SecurityDescriptors.dacl(OWNER,
            AccessMask.READ_ONLY_ACCESS, ShareAcl.OPEN, true, false, false, USERS, GROUPS));
    }

    @Test
    void restrictedShareListsItsUsersAndGroupsNotAuthenticatedUsers() {
        ShareAcl acl = new ShareAcl(List.of("alice"), List.of("staff"), List.of("bob"), List.of("auditors"));
        List<SecurityDescriptors.Ace> d = SecurityDescriptors.dacl(OWNER, AccessMask.FILE_ALL_ACCESS, acl, false, false,
            false, USERS, GROUPS);
        int deny = SecurityDescriptors.ACCESS_DENIED_ACE_TYPE;
        assertEquals(List.of(
            new SecurityDescriptors.Ace(deny, 0, AccessMask.WRITE_BITS, USERS.apply("bob")),
            new SecurityDescriptors.Ace(deny, 0, AccessMask.WRITE_BITS, GROUPS.apply("auditors")),
            new SecurityDescriptors.Ace(0, AccessMask.FILE_ALL_ACCESS, OWNER),
            new SecurityDescriptors.Ace(0, AccessMask.FILE_ALL_ACCESS, USERS.apply("alice")),
            new SecurityDescriptors.Ace(0, AccessMask.FILE_ALL_ACCESS, GROUPS.apply("staff"))), d);
        assertTrue(d.stream().noneMatch(a -> a.sid().equals(Sid.AUTHENTICATED_USERS)));
        // deny ACEs are encoded with type 1, before the allow ACEs
        byte[] sd = SecurityDescriptors.encode(4, OWNER, GROUP, d);
        assertEquals(1, sd[20 + 8]);
        assertTrue(SecurityDescriptors.isWellFormed(sd));
    }

    @Test
    void readOnlyShareHasNoWriteRightsAnywhere() {
        ShareAcl acl = new ShareAcl(List.of("alice"), List.of(), List.of("bob"), List.of());
        List<SecurityDescriptors.Ace> d = SecurityDescriptors.dacl(OWNER, AccessMask.READ_ONLY_ACCESS, acl, true, false,
            true, USERS, GROUPS);
        for (SecurityDescriptors.Ace a : d) {
            assertEquals(SecurityDescriptors.ACCESS_ALLOWED_ACE_TYPE, a.type());
            assertEquals(0, a.mask() & AccessMask.WRITE_BITS, a.toString());
        }
    }

    @Test
    void callerAceCarriesTheCallersOwnRights() {
        ShareAcl acl = new ShareAcl(List.of(), List.of(), List.of("bob"), List.of());
        Sid bob = USERS.apply("bob");
        List<SecurityDescriptors.Ace> d = SecurityDescriptors.dacl(bob, AccessMask.READ_ONLY_ACCESS, acl, false, false,
            false, USERS, GROUPS);
        assertEquals(new SecurityDescriptors.Ace(0, AccessMask.READ_ONLY_ACCESS, bob), d.get(1));
        assertEquals(new SecurityDescriptors.Ace(0, AccessMask.FILE_ALL_ACCESS, Sid.AUTHENTICATED_USERS), d.get(2));
    }

    @Test
    void userRidsAreStableAndDistinct() {
        assertNotEquals(Sid.groupRid("staff"), Sid.userRid("staff"));
        assertEquals(Sid.userRid("Demo"), Sid.userRid("demo"));
        assertNotEquals(Sid.userRid("alice"), Sid.userRid("bob"));
        assertTrue(Sid.userRid("x") >= 1000);
        assertEquals(Sid.machineDomain("SVM1"), Sid.machineDomain("svm1"));
    }
}
