package io.ferry.broker.controller;

/** A write was refused because the ZooKeeper connection is suspended or this broker is not the active controller. */
final class WritesSuspendedException extends RuntimeException {

    WritesSuspendedException(String message) {
        super(message, null, false, false);
    }
}
