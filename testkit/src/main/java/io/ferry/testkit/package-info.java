/**
 * Ferry's test kit for connector authors (docs/testkit.md): {@code driver} plays the worker's side of the
 * Kafka Connect task contract without a broker, {@code worker} starts Ferry's worker and broker in-process,
 * {@code time} holds a clock the test moves, and {@code conformance} the abstract JUnit 5 suites every
 * connector passes.
 */
package io.ferry.testkit;
