package io.ferry.runtime.errors;

import java.util.Locale;

/** {@code errors.tolerance}: whether a failing record fails the task or is skipped. */
public enum ToleranceType {
    /** Any failure fails the task. */
    NONE,
    /** Failing records are reported and skipped. */
    ALL;

    /** The configuration value: {@code none} or {@code all}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration value, case-insensitively. */
    public static ToleranceType parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
