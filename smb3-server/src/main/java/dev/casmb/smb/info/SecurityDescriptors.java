package dev.casmb.smb.info;

import dev.casmb.smb.config.ShareAcl;
import dev.casmb.smb.proto.AccessMask;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Self-relative SECURITY_DESCRIPTORs (MS-DTYP 2.4.6) describing what the server enforces. Access is
 * decided per share, not per file: by the share's ACL ({@link ShareAcl}: allowed users and groups,
 * read-only users and groups) and whether the share is read-only. The DACL says exactly that:
 * <ol>
 *   <li>ACCESS_DENIED ACEs for the write rights of each read-only user and group (first, as in a
 *       canonical DACL, so that they win over the allow ACEs below);</li>
 *   <li>an ACCESS_ALLOWED ACE for the caller (the reported owner) with the caller's own rights;</li>
 *   <li>ACCESS_ALLOWED ACEs for each allowed user and group, or for Authenticated Users when the share
 *       admits every authenticated user.</li>
 * </ol>
 * "Rights" are all file rights, or read and execute only on a read-only share or for a file with the
 * DOS read-only attribute.
 */
public final class SecurityDescriptors {
    private SecurityDescriptors() {}

    public static final int OWNER_SECURITY_INFORMATION = 0x1;
    public static final int GROUP_SECURITY_INFORMATION = 0x2;
    public static final int DACL_SECURITY_INFORMATION = 0x4;
    public static final int SACL_SECURITY_INFORMATION = 0x8;
    public static final int LABEL_SECURITY_INFORMATION = 0x10;

    static final int SE_DACL_PRESENT = 0x0004;
    static final int SE_SELF_RELATIVE = 0x8000;
    public static final int ACCESS_ALLOWED_ACE_TYPE = 0;
    public static final int ACCESS_DENIED_ACE_TYPE = 1;
    static final int OBJECT_INHERIT_ACE = 0x1;
    static final int CONTAINER_INHERIT_ACE = 0x2;
    public static final int READ_RIGHTS = AccessMask.FILE_GENERIC_READ | AccessMask.FILE_GENERIC_EXECUTE;

    /** One ACE: ACCESS_ALLOWED (type 0) or ACCESS_DENIED (type 1). */
    public record Ace(int type, int flags, int mask, Sid sid) {
        public Ace(int flags, int mask, Sid sid) {
            this(ACCESS_ALLOWED_ACE_TYPE, flags, mask, sid);
        }

        int size() { return 8 + sid.size(); }
    }

    /** The ACEs for a file on a share open to every authenticated user (see the class comment). */
    public static List<Ace> dacl(Sid owner, boolean readOnly, boolean directory) {
        int mask = readOnly ? READ_RIGHTS : AccessMask.FILE_ALL_ACCESS;
        int flags = directory ? OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE : 0;
        return List.of(new Ace(flags, mask, owner), new Ace(flags, mask, Sid.AUTHENTICATED_USERS));
    }

    /**
     * The ACEs for a file on a share with {@code acl} (see the class comment).
     *
     * @param owner       the caller's SID, reported as the owner
     * @param callerMask  the caller's MaximalAccess on the share (what CREATE will grant at most)
     * @param shareReadOnly the share is read-only for everyone
     * @param fileReadOnly the file has the DOS read-only attribute
     * @param userSid     maps a user name to its SID
     * @param groupSid    maps a group name to its SID
     */
    public static List<Ace> dacl(Sid owner, int callerMask, ShareAcl acl, boolean shareReadOnly, boolean fileReadOnly,
                                 boolean directory, Function<String, Sid> userSid, Function<String, Sid> groupSid) {
        int flags = directory ? OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE : 0;
        int full = shareReadOnly || fileReadOnly ? READ_RIGHTS : AccessMask.FILE_ALL_ACCESS;
        List<Ace> out = new ArrayList<>();
        if (!shareReadOnly) {
            for (String u : acl.readOnlyUsers()) out.add(new Ace(ACCESS_DENIED_ACE_TYPE, flags, AccessMask.WRITE_BITS, userSid.apply(u)));
            for (String g : acl.readOnlyGroups()) out.add(new Ace(ACCESS_DENIED_ACE_TYPE, flags, AccessMask.WRITE_BITS, groupSid.apply(g)));
        }
        out.add(new Ace(flags, callerMask & full, owner));
        if (acl.restricted()) {
            for (String u : acl.allowedUsers()) add(out, new Ace(flags, full, userSid.apply(u)));
            for (String g : acl.allowedGroups()) add(out, new Ace(flags, full, groupSid.apply(g)));
        } else {
            out.add(new Ace(flags, full, Sid.AUTHENTICATED_USERS));
        }
        return out;
    }

    private static void add(List<Ace> out, Ace a) {
        if (!out.contains(a)) out.add(a);
    }

    /**
     * Encodes the parts selected by {@code secInfo} (OWNER/GROUP/DACL bits; others are ignored).
     * Layout: header, owner, group, DACL.
     */
    public static byte[] encode(int secInfo, Sid owner, Sid group, List<Ace> dacl) {
        boolean wantOwner = (secInfo & OWNER_SECURITY_INFORMATION) != 0;
        boolean wantGroup = (secInfo & GROUP_SECURITY_INFORMATION) != 0;
        boolean wantDacl = (secInfo & DACL_SECURITY_INFORMATION) != 0;
        int control = SE_SELF_RELATIVE | (wantDacl ? SE_DACL_PRESENT : 0);
        int off = 20;
        int ownerOff = wantOwner ? off : 0;
        if (wantOwner) off += owner.size();
        int groupOff = wantGroup ? off : 0;
        if (wantGroup) off += group.size();
        int daclOff = wantDacl ? off : 0;
        LeWriter w = new LeWriter(128);
        w.u8(1).u8(0).u16(control).u32(ownerOff).u32(groupOff).u32(0).u32(daclOff);
        if (wantOwner) owner.write(w);
        if (wantGroup) group.write(w);
        if (wantDacl) {
            int aclSize = 8;
            for (Ace a : dacl) aclSize += a.size();
            w.u8(2).u8(0).u16(aclSize).u16(dacl.size()).u16(0);
            for (Ace a : dacl) {
                w.u8(a.type()).u8(a.flags()).u16(a.size()).u32(a.mask());
                a.sid().write(w);
            }
        }
        return w.toBytes();
    }

    /**
     * Structural check of a self-relative SD from SET_INFO: revision 1, self-relative, and every
     * present part inside the buffer. Returns false if malformed.
     */
    public static boolean isWellFormed(byte[] sd) {
        if (sd.length < 20 || sd[0] != 1) return false;
        int control = (sd[2] & 0xFF) | (sd[3] & 0xFF) << 8;
        if ((control & SE_SELF_RELATIVE) == 0) return false;
        for (int i = 0; i < 4; i++) {
            long off = u32(sd, 4 + 4 * i);
            if (off == 0) continue;
            if (off < 20 || off + 8 > sd.length) return false;
            if (i < 2) {
                int subs = sd[(int) off + 1] & 0xFF;
                if (sd[(int) off] != 1 || subs > 15 || off + 8 + 4L * subs > sd.length) return false;
            } else {
                int aclSize = (sd[(int) off + 2] & 0xFF) | (sd[(int) off + 3] & 0xFF) << 8;
                if (aclSize < 8 || off + aclSize > sd.length) return false;
            }
        }
        return true;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
