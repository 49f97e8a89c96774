/**
 * End-to-end tests (failsafe, after the package phase): the packaged plugin directory
 * {@code plugins/ferry-connect-file} in Ferry's worker, in-process and as {@code bin/ferry standalone}.
 */
package io.ferry.connect.file.e2e;
