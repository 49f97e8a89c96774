/**
 * The {@code ferry broker} and {@code ferry zookeeper} command lines: parse arguments with picocli and run a broker or
 * a ZooKeeper server until signalled.
 */
package io.ferry.broker.cli;
