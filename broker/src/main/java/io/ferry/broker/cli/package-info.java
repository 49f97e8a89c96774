/**
 * The {@code ferry broker}, {@code ferry zookeeper} and {@code ferry scram} command lines: parse arguments with picocli
 * and run a broker or a ZooKeeper server until signalled, or set SCRAM credentials before a broker starts.
 */
package io.ferry.broker.cli;
