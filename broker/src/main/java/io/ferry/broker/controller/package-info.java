/**
 * The cluster controller, as Apache Kafka's ZooKeeper mode runs it: one broker wins {@code /controller} together with a
 * compare-and-set increment of {@code /controller_epoch}, then creates partition states, elects leaders when brokers
 * die or return, deletes topics, moves leadership back to preferred replicas and away from brokers shutting down.
 *
 * <p>The controller only reads and writes ZooKeeper: brokers learn every decision by watching the znodes themselves.
 * Every write is a ZooKeeper multi beginning with {@code check(/controller_epoch, version)}, so a controller that lost
 * its election cannot write ({@link io.ferry.broker.controller.FencedWriter}). Curator watches only enqueue events on
 * one thread; the handlers re-read the znodes (with their versions) before deciding.
 */
package io.ferry.broker.controller;
