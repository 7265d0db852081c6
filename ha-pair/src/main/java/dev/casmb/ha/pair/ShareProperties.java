package dev.casmb.ha.pair;

import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.AdminException;
import dev.casmb.smb.config.ShareConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin shell's {@code -share-properties} and what they mean here: {@code continuously-available}
 * (persistent handles) and {@code encrypt-data} (SMB 3 encryption required) are share settings; {@code
 * browsable}, {@code oplocks} and {@code changenotify} are always on in casmb (accepted, shown on every
 * share); the other ONTAP properties have no implementation and are refused.
 */
final class ShareProperties {
    static final String CA = "continuously-available";
    static final String ENCRYPT = "encrypt-data";
    static final Set<String> ALWAYS_ON = Set.of("browsable", "oplocks", "changenotify");

    /** The share settings a property list asks for. */
    record Settings(boolean continuouslyAvailable, boolean encryptData) {}

    private ShareProperties() {}

    static Settings parse(Set<String> properties) {
        boolean ca = false;
        boolean enc = false;
        Set<String> unsupported = new TreeSet<>();
        for (String p : properties) {
            String v = p.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.equals(CA)) {
                ca = true;
            } else if (v.equals(ENCRYPT)) {
                enc = true;
            } else if (!ALWAYS_ON.contains(v)) {
                unsupported.add(p);
            }
        }
        if (!unsupported.isEmpty()) {
            Set<String> known = new TreeSet<>(AdminBackend.SHARE_PROPERTIES);
            throw new AdminException("share propert" + (unsupported.size() == 1 ? "y " : "ies ") + String.join(",", unsupported)
                + (known.containsAll(unsupported) ? " not supported by casmb" : " unknown")
                + " (supported: " + CA + ", " + ENCRYPT + "; " + String.join(", ", new TreeSet<>(ALWAYS_ON)) + " are always on)");
        }
        return new Settings(ca, enc);
    }

    /** The properties {@code vserver cifs share show} lists for a share. */
    static Set<String> of(ShareConfig sc) {
        Set<String> props = new LinkedHashSet<>(List.of("browsable", "oplocks", "changenotify"));
        if (sc.continuouslyAvailable()) props.add(CA);
        if (sc.encryptData()) props.add(ENCRYPT);
        return props;
    }

    static String describe(boolean ca, boolean encrypt) {
        List<String> p = new java.util.ArrayList<>();
        if (ca) p.add(CA);
        if (encrypt) p.add(ENCRYPT);
        return p.isEmpty() ? "no special properties" : String.join(",", p);
    }
}
