package io.ferry.connect.nifi.flowfile;

import java.io.IOException;

/** Bytes that are not a well-formed FlowFile package or data packet: wrong magic, truncated, out of bounds. */
public class FlowFileFormatException extends IOException {

    public FlowFileFormatException(String message) {
        super(message);
    }
}
