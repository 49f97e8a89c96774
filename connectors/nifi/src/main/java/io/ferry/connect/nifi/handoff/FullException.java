package io.ferry.connect.nifi.handoff;

/** A sender was refused because a bound of the listener was reached (answered with NiFi's back-pressure response). */
public final class FullException extends Exception {

    private static final long serialVersionUID = 1L;

    public FullException(String message) {
        super(message, null, false, false);
    }
}
