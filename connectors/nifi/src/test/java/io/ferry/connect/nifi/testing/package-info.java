/**
 * Test fixtures: drivers that run source and sink tasks the way a worker does (without a broker), the real
 * NiFi Site-to-Site client as a peer, a byte-corrupting TCP relay, and Ferry's in-process worker with the
 * NiFi plugin installed from the build.
 */
package io.ferry.connect.nifi.testing;
