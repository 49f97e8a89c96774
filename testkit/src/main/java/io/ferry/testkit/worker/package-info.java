/**
 * Ferry's standalone worker and its embedded broker, started in-process for a test: {@link
 * io.ferry.testkit.worker.EmbeddedWorker} (start, stop, start again on the same state; create connectors
 * directly or through the REST API; wait for states), {@link io.ferry.testkit.worker.Topics} (write and read
 * topics) and {@link io.ferry.testkit.worker.Rest} (the REST API over HTTP).
 */
package io.ferry.testkit.worker;
