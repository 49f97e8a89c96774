package io.ferry.runtime.cli.connectors;

/**
 * An expected failure of a command: its message is printed as one line on stderr (no stack trace) and the command
 * exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
