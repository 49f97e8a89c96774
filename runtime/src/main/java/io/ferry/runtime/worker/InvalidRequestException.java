package io.ferry.runtime.worker;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A request the worker cannot carry out as given (the REST API answers 400): offsets of a connector
 * that is not stopped, offsets of the wrong shape, offsets its connector refuses.
 */
public class InvalidRequestException extends ConnectException {

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
