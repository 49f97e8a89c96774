package io.ferry.connect.nifi.s2s.server.site;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A port's id (what clients address) and name (what users configure). NiFi Remote Process Groups
 * remember port ids, so the default id is derived from the name and stays the same across restarts.
 */
public record PortIdentity(String id, String name) {

    public static PortIdentity of(String name, String id, boolean input) {
        if (id == null || id.isBlank()) {
            id = UUID.nameUUIDFromBytes(((input ? "ferry:input-port:" : "ferry:output-port:") + name)
                    .getBytes(StandardCharsets.UTF_8)).toString();
        }
        return new PortIdentity(id, name);
    }
}
