/** The worker against a replicated three-broker Ferry cluster (the broker's in-process cluster fixture). */
package io.ferry.runtime.cluster;
