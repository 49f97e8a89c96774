package io.ferry.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Writes {@code docs/configuration.md}: every setting of the sections ({@link FerrySections}) as a
 * Markdown table, from their {@link ConfigDef}s (key, type, default, valid values, importance,
 * description). {@code ConfigReferenceTest} fails when the checked-in file is not what this
 * produces.
 */
public final class ConfigReference {

    /** Where the reference lives, from the repository root. */
    public static final String FILE = "docs/configuration.md";
    /** How to regenerate it (printed by the test). */
    public static final String REGENERATE = "mvn -B -q -pl config-reference -am test -Dtest=ConfigReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dferry.reference.write=true";

    private ConfigReference() {
    }

    /** Writes the reference to {@code args[0]} (default: {@value #FILE} below the working folder). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : FILE);
        Files.writeString(file, render(FerrySections.all()), StandardCharsets.UTF_8);
    }

    public static String render(List<Section> sections) {
        StringBuilder out = new StringBuilder("# Configuration reference\n\n")
                .append("Generated from the settings' definitions (`ConfigDef`s) by `io.ferry.reference.ConfigReference`; do not edit.\n")
                .append("Regenerate with:\n\n```bash\n").append(REGENERATE).append("\n```\n\n");
        for (Section section : sections) {
            out.append("- [").append(section.title()).append("](#").append(anchor(section.title())).append(")\n");
        }
        for (Section section : sections) {
            out.append("\n## ").append(section.title()).append("\n\n").append(section.intro()).append("\n\n")
                    .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            section.definition().configKeys().values().stream().sorted(Comparator.comparing((ConfigKey k) -> k.name))
                    .forEach(key -> out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                            .append(" | ").append(cell(defaultValue(key))).append(" | ")
                            .append(cell(validValues(key.validator))).append(" | ")
                            .append(key.importance == null ? "" : key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                            .append(cell(key.documentation)).append(" |\n"));
        }
        return out.toString();
    }

    private static String defaultValue(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "";
        }
        if (value instanceof Password) {
            return Password.HIDDEN;
        }
        String text = ConfigDef.convertToString(value, key.type);
        return text.isEmpty() ? "\"\"" : text;
    }

    /** What the validator says it accepts; nothing for one without a description (a lambda's default toString). */
    private static String validValues(ConfigDef.Validator validator) {
        if (validator == null) {
            return "";
        }
        String text = validator.toString();
        boolean described = text != null && !text.equals(validator.getClass().getName() + "@" + Integer.toHexString(validator.hashCode()));
        return described ? text : "";
    }

    /** Text that keeps a Markdown table cell whole. */
    private static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", " ").trim();
    }

    private static String anchor(String title) {
        return title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
