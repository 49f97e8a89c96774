package io.ferry.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code docs/configuration.md} is what the definitions produce; with
 * {@code -Dferry.reference.write=true} the test writes it instead (see {@link ConfigReference#REGENERATE}).
 */
class ConfigReferenceTest {

    private static final Path FILE = Path.of("..").resolve(ConfigReference.FILE);

    @Test
    void theCheckedInReferenceIsCurrent() throws Exception {
        String generated = ConfigReference.render(FerrySections.all());
        if (Boolean.getBoolean("ferry.reference.write")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        assertThat(checkedIn).as(ConfigReference.FILE + " is not what the settings' definitions produce; regenerate it with: "
                + ConfigReference.REGENERATE).isEqualTo(generated);
    }

    @Test
    void everyComponentIsInTheReference() {
        String reference = ConfigReference.render(FerrySections.all());
        assertThat(reference).contains("## Broker", "| `log.dirs` |", "## Worker\n", "| `ferry.file.allowed.paths` |",
                "## Worker: REST API", "| `rest.auth.users.file` |", "| `listeners.https.ssl.keystore.password` |",
                "## Worker: security of its own clients", "| `sasl.jaas.config` |", "## Connector configuration",
                "| `tasks.max` |", "## Connector FileSourceConnector", "## Connector NiFiHttpSinkConnector");
    }
}
