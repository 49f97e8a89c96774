package io.ferry.runtime.cli.connectors;

/** The exit statuses of {@code bin/ferry connectors} (documented in the README and in {@code --help}). */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** The worker could not be reached, refused the request or failed. */
    public static final int ERROR = 1;
    /** The command line, a configuration file or a connector configuration is invalid. */
    public static final int USAGE = 2;
    /** The connector (or plugin, or logger) named does not exist. */
    public static final int NOT_FOUND = 3;

    private ExitCode() {
    }
}
