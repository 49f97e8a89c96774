/** Small helpers with no broker logic: crash-safe file writes. */
package io.ferry.broker.util;
