/** Small helpers with no broker logic: crash-safe file writes, failed file operations described in words. */
package io.ferry.broker.util;
