package io.ferry.testkit.conformance;

/** The checks of the conformance suite, each a test method; a connector may opt out of one with a reason. */
public enum Check {
    /** {@code version()} of the connector and of its task is not blank. */
    VERSION,
    /** The connector and its task start and stop cleanly, several times in a row, with and without work between. */
    START_STOP,
    /** {@code validate()} reports an error on the key of a bad configuration, and none for the good one. */
    VALIDATE,
    /** After a restart on the committed offsets, nothing committed is lost or repeated. */
    RESTART,
    /** In Ferry's worker, created through the REST API, pausing and resuming the connector loses and repeats nothing. */
    PAUSE_RESUME,
    /** After stop, every thread the connector and its task started ends within a deadline. */
    THREADS,
    /** A source that claims exactly-once support delivers each record once through a worker restart, read_committed. */
    EXACTLY_ONCE
}
