package io.ferry.broker.controller;

/** A controller write failed its {@code /controller_epoch} check: a newer controller exists, this one must resign. */
final class ControllerMovedException extends RuntimeException {

    ControllerMovedException(String message) {
        super(message, null, false, false);
    }
}
