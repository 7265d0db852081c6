package dev.casmb.ha.admin.cli;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated option values of one invocation, by option name (without the dash). */
public final class ParsedArgs {
    private final Map<String, String> values;

    ParsedArgs(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public List<String> list(String name) {
        String v = values.get(name);
        if (v == null) return List.of();
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public Integer integer(String name) {
        String v = values.get(name);
        return v == null ? null : Integer.valueOf(v);
    }

    public Boolean bool(String name) {
        String v = values.get(name);
        return v == null ? null : Boolean.valueOf(v);
    }

    public Map<String, String> asMap() {
        return values;
    }
}
