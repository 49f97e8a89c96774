package io.ferry.connect.file.sink;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/**
 * The names of rolled output files: a folder (no placeholders) and a file name with {@code {n}}
 * (the sequence number, required so that names never repeat) and optionally
 * {@code {time:<DateTimeFormatter pattern>}} (when the file was started, UTC).
 */
public final class FileNamePattern {

    private sealed interface Part permits Literal, Sequence, Time {
    }

    private record Literal(String text) implements Part {
    }

    private record Sequence() implements Part {
    }

    private record Time(DateTimeFormatter format) implements Part {
    }

    private final Path folder;
    private final String name;
    private final List<Part> parts;

    private FileNamePattern(Path folder, String name, List<Part> parts) {
        this.folder = folder;
        this.name = name;
        this.parts = parts;
    }

    /**
     * Parses an absolute pattern path.
     *
     * @throws ConfigException naming {@code key}
     */
    public static FileNamePattern parse(String key, String absolute) {
        Path path = Paths.get(absolute);
        Path folder = path.getParent();
        String name = path.getFileName().toString();
        if (folder != null && folder.toString().contains("{")) {
            throw new ConfigException(key, absolute, "Placeholders belong in the file name, not in the folder " + folder);
        }
        List<Part> parts = new ArrayList<>();
        boolean sequence = false;
        int i = 0;
        while (i < name.length()) {
            int open = name.indexOf('{', i);
            if (open < 0) {
                parts.add(new Literal(name.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(name.substring(i, open)));
            }
            int close = name.indexOf('}', open);
            if (close < 0) {
                throw new ConfigException(key, absolute, "'{' without '}' in the file name " + name);
            }
            String placeholder = name.substring(open + 1, close);
            if (placeholder.equals("n")) {
                parts.add(new Sequence());
                sequence = true;
            } else if (placeholder.startsWith("time:")) {
                try {
                    parts.add(new Time(DateTimeFormatter.ofPattern(placeholder.substring(5)).withZone(ZoneOffset.UTC)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(key, absolute, "{" + placeholder + "}: not a DateTimeFormatter pattern: " + e.getMessage());
                }
            } else {
                throw new ConfigException(key, absolute, "Unknown placeholder {" + placeholder + "}; use {n} or {time:<pattern>}");
            }
            i = close + 1;
        }
        if (!sequence) {
            throw new ConfigException(key, absolute, "The file name needs {n} (the sequence number keeps the names of rolled files apart)");
        }
        return new FileNamePattern(folder, name, parts);
    }

    /** The folder the files are written to. */
    public Path folder() {
        return folder;
    }

    /** The name of file number {@code n}, started at {@code time}. */
    public Path render(long n, Instant time) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Sequence) {
                out.append(n);
            } else if (part instanceof Time t) {
                out.append(t.format().format(time));
            }
        }
        return folder == null ? Paths.get(out.toString()) : folder.resolve(out.toString());
    }

    /** A file name for the sink's state derived from the pattern (placeholders made harmless). */
    public String stateName() {
        return name.replaceAll("[{}:*?\"<>|]", "_");
    }
}
