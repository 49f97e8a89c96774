/** The {@code ferry broker} command line: parses arguments with picocli and runs a broker until it is signalled. */
package io.ferry.broker.cli;
