package io.ferry.connect.file;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.kafka.common.config.ConfigException;

/** The path keys of the source and the sink ({@code file}, {@code directory}, {@code file.pattern}, ...). */
final class ConfigPaths {

    private ConfigPaths() {
    }

    /**
     * The absolute, normalized path that {@code value} names, or null if it is blank; a
     * {@link ConfigException} naming {@code key} if it is not a valid path.
     */
    static Path parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Paths.get(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key, value, "Not a valid path: " + e.getReason());
        }
    }
}
