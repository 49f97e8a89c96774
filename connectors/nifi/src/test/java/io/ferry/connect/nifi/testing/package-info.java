/**
 * Test fixtures: the NiFi sink task on the test kit's sink driver, the real NiFi Site-to-Site client as a peer, a
 * byte-corrupting TCP relay, and the plugin installed from the build into the test kit's embedded worker.
 */
package io.ferry.connect.nifi.testing;
