/**
 * Standalone mode: one process running the embedded Ferry broker (unless
 * {@code ferry.embedded.broker=false}), the plugin registry with its plugin path watcher, and a
 * {@link io.ferry.runtime.worker.Worker} with file-backed offsets and connector configurations
 * under {@code ferry.data.dir}. {@link io.ferry.runtime.standalone.Standalone} wires them and
 * closes them in reverse order: connectors and tasks first (offsets stored, clients closed), the
 * broker last.
 */
package io.ferry.runtime.standalone;
