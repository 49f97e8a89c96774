/**
 * The example of docs/testkit.md: a tiny source connector ({@link io.ferry.testkit.example.LineSourceConnector})
 * and its conformance test, as a connector author writes them.
 */
package io.ferry.testkit.example;
