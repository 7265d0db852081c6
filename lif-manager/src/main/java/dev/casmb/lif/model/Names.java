package dev.casmb.lif.model;

/** Validation of the plain names used in the model (LIF, SVM, node, port names). */
public final class Names {
    private Names() {
    }

    public static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (!value.matches("[A-Za-z0-9_.@:-]{1,64}")) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' may only contain letters, digits and _ . @ : - (at most 64)");
        }
        return value;
    }
}
