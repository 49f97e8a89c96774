package io.ferry.runtime.cli.connectors;

import io.ferry.runtime.config.ConnectorFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The connector configuration given with {@code -f FILE} or {@code -f -} (standard input): properties, flat JSON or
 * {@code {"name":...,"config":{...}}}, as {@code bin/ferry standalone} reads them ({@link ConnectorFiles}).
 */
final class ConfigInput {

    private ConfigInput() {
    }

    /**
     * @return the configuration with its {@code name}
     * @throws CliException (usage) if it cannot be read, is malformed or has no name
     */
    static Map<String, String> read(String file, InputStream stdin) {
        try {
            if ("-".equals(file)) {
                return ConnectorFiles.parse("(standard input)", new String(stdin.readAllBytes(), StandardCharsets.UTF_8), false);
            }
            Path path = Path.of(file);
            if (!path.toFile().isFile()) {
                throw new NoSuchFileException(file);
            }
            return ConnectorFiles.read(path);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.USAGE, "Connector configuration file not found: " + file);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "Cannot read " + file + ": " + e.getMessage());
        } catch (ConnectException e) {
            throw new CliException(ExitCode.USAGE, e.getMessage());
        }
    }
}
