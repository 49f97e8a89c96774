/**
 * Standalone mode: one process running the embedded Ferry broker (unless
 * {@code ferry.embedded.broker=false}), the plugin registry with its plugin path watcher, and a
 * {@link io.ferry.runtime.worker.Worker} with file-backed offsets and connector configurations
 * under {@code ferry.data.dir}. {@link io.ferry.runtime.standalone.Standalone} wires them and
 * closes them in reverse order: connectors and tasks first (offsets stored, clients closed), the
 * broker last. The worker's clients reach the embedded broker on the listener of their {@code security.protocol}
 * ({@code EmbeddedBrokerAddress}); a worker logging in with SCRAM has its credential created on first start
 * ({@code WorkerScramCredential}).
 */
package io.ferry.runtime.standalone;
