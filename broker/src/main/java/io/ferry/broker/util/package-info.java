/**
 * Small helpers with no broker logic: crash-safe file writes, failed file operations described in words, a log that
 * sums up events a client can repeat at will, and a client-supplied regular expression matched with a bound on its
 * work.
 */
package io.ferry.broker.util;
