/**
 * The worker's side of the Kafka Connect task contract, without a broker: {@link io.ferry.testkit.driver.SourceTaskDriver}
 * (poll, acknowledge, store offsets, restart on them) and {@link io.ferry.testkit.driver.SinkTaskDriver} (open, put,
 * preCommit, close on rebalance, pause and resume, errant records), record builders and configuration helpers.
 * A driver runs the task on the test's thread: what the test calls is what the worker would have called.
 */
package io.ferry.testkit.driver;
