/** Benchmarks run by {@code bench/nifi-bench.sh}, not by the test suite. */
package io.ferry.connect.nifi.bench;
