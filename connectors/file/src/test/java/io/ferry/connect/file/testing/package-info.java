/**
 * Test harness for the file connectors: small, real implementations of the worker side of the
 * Kafka Connect API (task contexts, an offset store, a clock) that drive the tasks directly, and
 * record builders.
 */
package io.ferry.connect.file.testing;
