package io.ferry.runtime.cli.connectors;

/** The worker answered a request with an error status; the message is the worker's own. */
public final class RequestFailed extends CliException {

    private final int status;
    private final String serverMessage;

    RequestFailed(int status, String serverMessage, String message) {
        super(status == 404 ? ExitCode.NOT_FOUND : ExitCode.ERROR, message);
        this.status = status;
        this.serverMessage = serverMessage;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The {@code message} of the worker's error body (or the body itself). */
    public String serverMessage() {
        return serverMessage;
    }
}
