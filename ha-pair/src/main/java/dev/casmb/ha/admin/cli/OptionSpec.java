package dev.casmb.ha.admin.cli;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One {@code -name value} option of a command.
 *
 * @param name          without the leading dash, e.g. "ofnode"
 * @param valueName     shown in help, e.g. "nodename"
 * @param description   one line of help
 * @param required      whether the command refuses to run without it
 * @param allowedValues if non-empty, the value must be one of these (each element of a list value)
 * @param list          comma-separated list value ("a1,a2")
 * @param secret        redacted in audit records and logs (passwords)
 * @param type          value type, checked by the parser
 * @param completer     values offered by tab completion (may be null)
 */
public record OptionSpec(String name, String valueName, String description, boolean required,
                         List<String> allowedValues, boolean list, boolean secret, Type type,
                         Supplier<List<String>> completer) {

    public enum Type { STRING, INTEGER, BOOLEAN }

    public OptionSpec {
        Objects.requireNonNull(name);
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        if (type == Type.BOOLEAN && allowedValues.isEmpty()) allowedValues = List.of("true", "false");
    }

    public static OptionSpec required(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, true, List.of(), false, false, Type.STRING, null);
    }

    public static OptionSpec optional(String name, String valueName, String description) {
        return new OptionSpec(name, valueName, description, false, List.of(), false, false, Type.STRING, null);
    }

    public OptionSpec values(String... allowed) {
        return new OptionSpec(name, valueName, description, required, List.of(allowed), list, secret, type, completer);
    }

    public OptionSpec asList() {
        return new OptionSpec(name, valueName, description, required, allowedValues, true, secret, type, completer);
    }

    public OptionSpec asSecret() {
        return new OptionSpec(name, valueName, description, required, allowedValues, list, true, type, completer);
    }

    public OptionSpec ofType(Type t) {
        return new OptionSpec(name, valueName, description, required, t == Type.BOOLEAN ? List.of() : allowedValues, list, secret, t, completer);
    }

    public OptionSpec completer(Supplier<List<String>> c) {
        return new OptionSpec(name, valueName, description, required, allowedValues, list, secret, type, c);
    }

    /** "-ofnode &lt;nodename&gt;" or "-option {normal|immediate}". */
    public String synopsis() {
        String v;
        if (!allowedValues.isEmpty()) v = "{" + String.join("|", allowedValues) + "}" + (list ? ",..." : "");
        else v = "<" + (valueName == null ? name : valueName) + ">" + (list ? ",..." : "");
        return "-" + name + " " + v;
    }

    /** Values for tab completion: the allowed values, else the completer's. */
    public List<String> candidates() {
        if (!allowedValues.isEmpty()) return allowedValues;
        if (completer == null) return List.of();
        try {
            List<String> l = completer.get();
            return l == null ? List.of() : l;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
