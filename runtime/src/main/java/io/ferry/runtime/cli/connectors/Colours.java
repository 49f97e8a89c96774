package io.ferry.runtime.cli.connectors;

import java.util.Locale;
import picocli.CommandLine.Help.Ansi;

/**
 * Terminal colours for states and headers, only when printing to a terminal (picocli's {@code Ansi.AUTO}: off when
 * stdout is not a terminal, with {@code NO_COLOR} set or {@code -Dpicocli.ansi=false}).
 */
public final class Colours {

    private static final String RESET = "\u001b[0m";

    private final boolean enabled;

    public Colours(boolean enabled) {
        this.enabled = enabled;
    }

    /** Colours when stdout is a terminal. */
    public static Colours auto() {
        return new Colours(Ansi.AUTO.enabled());
    }

    public String bold(String text) {
        return wrap("\u001b[1m", text);
    }

    /** A connector or task state: RUNNING green, FAILED red, PAUSED, STOPPED and RESTARTING yellow. */
    public String state(String text) {
        return switch (text.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> wrap("\u001b[32m", text);
            case "FAILED" -> wrap("\u001b[31m", text);
            case "PAUSED", "STOPPED", "RESTARTING", "UNASSIGNED" -> wrap("\u001b[33m", text);
            default -> text;
        };
    }

    private String wrap(String code, String text) {
        return enabled && !text.isEmpty() ? code + text + RESET : text;
    }
}
