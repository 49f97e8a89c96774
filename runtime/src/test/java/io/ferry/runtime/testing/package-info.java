/** Test fixtures: an in-process standalone worker with the embedded broker, and test plugins. */
package io.ferry.runtime.testing;
