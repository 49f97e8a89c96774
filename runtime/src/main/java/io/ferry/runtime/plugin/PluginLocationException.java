package io.ferry.runtime.plugin;

import java.nio.file.Path;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * A plugin location that cannot be loaded: a broken or incomplete JAR, an unreadable directory,
 * or one without any plugin in it. The rest of the plugin path is not affected.
 */
public class PluginLocationException extends ConnectException {

    private final transient Path location;

    public PluginLocationException(Path location, String reason) {
        super("Ignoring plugin location " + location + ": " + reason);
        this.location = location;
    }

    /** The plugin location that was not loaded. */
    public Path location() {
        return location;
    }
}
