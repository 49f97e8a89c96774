package io.ferry.runtime.cli.connectors;

import java.net.URI;

/**
 * The worker a command talks to: its REST API's address, the credentials (or null) and the context it came from
 * (or null).
 */
public record Target(URI url, Credentials credentials, String context) {
}
