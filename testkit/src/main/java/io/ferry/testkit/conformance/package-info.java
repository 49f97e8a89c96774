/**
 * The conformance suite: {@link io.ferry.testkit.conformance.SourceConnectorConformance} and
 * {@link io.ferry.testkit.conformance.SinkConnectorConformance}, abstract JUnit 5 test classes that a
 * connector's test extends with a configuration and a way to feed input or read output. Each
 * {@link io.ferry.testkit.conformance.Check} is a test method; a connector that legitimately cannot pass one
 * opts out of it with a reason, which the test report shows as the reason the test was skipped.
 */
package io.ferry.testkit.conformance;
