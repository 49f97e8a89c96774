package io.ferry.connect.file;

import io.ferry.connect.file.sink.FileNamePattern;
import io.ferry.connect.file.sink.OutputFormat;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The file sink's configuration: FileStreamSink's {@code file} plus Ferry's keys ({@code topics} and
 * {@code topics.regex} belong to the worker). Parsing checks each key; {@link #problems()} checks the
 * keys together and against the file system.
 */
public final class FileSinkConfig extends AbstractConfig {

    public static final String FILE = "file";
    public static final String FILE_PATTERN = "file.pattern";
    public static final String ROLL_SIZE_BYTES = "roll.size.bytes";
    public static final String ROLL_INTERVAL_MS = "roll.interval.ms";
    public static final String FORMAT = "format";
    public static final String CHARSET = "charset";
    public static final String DEDUPE = "dedupe.file.positions";

    public static final ConfigDef CONFIG_DEF = AllowedRoots.define(new ConfigDef()
            .define(FILE, Type.STRING, null, Importance.HIGH,
                    "The file the records are appended to. Set this or file.pattern.")
            .define(FILE_PATTERN, Type.STRING, null, Importance.HIGH,
                    "Rolled files instead of one: a path whose file name has {n} (the file's sequence number, "
                            + "0, 1, ...) and may have {time:<DateTimeFormatter pattern>} (when the file was "
                            + "started, UTC), e.g. out/part-{time:yyyyMMdd-HHmmss}-{n}.txt. A new file starts "
                            + "after roll.size.bytes or roll.interval.ms.")
            .define(ROLL_SIZE_BYTES, Type.LONG, 0L, Range.atLeast(0L), Importance.MEDIUM,
                    "With file.pattern: start a new file once the current one has at least this many bytes "
                            + "(0: no size limit).")
            .define(ROLL_INTERVAL_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.MEDIUM,
                    "With file.pattern: start a new file once the current one (not empty) is this old "
                            + "(0: no time limit).")
            .define(FORMAT, Type.STRING, "value", ValidString.in("value", "json"), Importance.MEDIUM,
                    "value: each record's value on a line, as FileStreamSink writes it (bytes as they are, null "
                            + "as 'null'). json: one JSON object per line with key, value, headers, topic, "
                            + "partition, offset and timestamp.")
            .define(CHARSET, Type.STRING, "UTF-8", Charsets.VALIDATOR, Importance.LOW,
                    "The character encoding of the text written.")
            .define(DEDUPE, Type.BOOLEAN, false, Importance.LOW,
                    "Drops records that Ferry's file source sent again after a crash (its delivery to Kafka "
                            + "is at least once): records with the source's headers (headers.enable=true) at a "
                            + "file position already written are skipped, so a file copied through a topic "
                            + "ends byte-identical. Each source file's records must be in one partition."));

    public FileSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** The configured single file, or null with a pattern. */
    public Path file() {
        return path(FILE);
    }

    /** The configured pattern, or null for a single file. */
    public FileNamePattern pattern() {
        Path path = path(FILE_PATTERN);
        return path == null ? null : FileNamePattern.parse(FILE_PATTERN, path.toString());
    }

    public long rollSizeBytes() {
        return getLong(ROLL_SIZE_BYTES);
    }

    public long rollIntervalMs() {
        return getLong(ROLL_INTERVAL_MS);
    }

    public OutputFormat format() {
        return OutputFormat.valueOf(getString(FORMAT).toUpperCase(Locale.ROOT));
    }

    public Charset charset() {
        return Charsets.parse(CHARSET, getString(CHARSET));
    }

    public boolean dedupe() {
        return getBoolean(DEDUPE);
    }

    private Path path(String key) {
        return ConfigPaths.parse(key, getString(key));
    }

    /** The folders this connector may use ({@value AllowedRoots#KEY}). */
    AllowedRoots allowedRoots() {
        return AllowedRoots.of(getList(AllowedRoots.KEY));
    }

    /** Problems of the keys together and against the file system, each naming its key. */
    public ConfigProblems problems() {
        ConfigProblems problems = new ConfigProblems();
        Path file;
        FileNamePattern pattern;
        try {
            file = file();
        } catch (ConfigException e) {
            problems.add(FILE, e.getMessage());
            return problems;
        }
        try {
            pattern = pattern();
        } catch (ConfigException e) {
            problems.add(FILE_PATTERN, e.getMessage());
            return problems;
        }
        AllowedRoots roots = allowedRoots();
        if (!roots.check(problems, FILE, file) | !roots.check(problems, FILE_PATTERN, pattern == null ? null : pattern.folder())) {
            // Nothing more about paths outside the roots: not even whether they exist.
            return problems;
        }
        if (file == null && pattern == null) {
            problems.add(FILE, "Set " + FILE + " (the file to write) or " + FILE_PATTERN + " (rolled files)");
        } else if (file != null && pattern != null) {
            String message = FILE + " and " + FILE_PATTERN + " are both set; set only one";
            problems.add(FILE, message);
            problems.add(FILE_PATTERN, message);
        } else if (file != null) {
            checkFolder(problems, FILE, file.getParent());
            if (Files.isDirectory(file)) {
                problems.add(FILE, FILE + ": " + file + " is a folder; name a file");
            } else if (Files.exists(file) && !Files.isWritable(file)) {
                problems.add(FILE, FILE + ": " + file + " is not writable (permissions)");
            }
            for (String key : new String[] {ROLL_SIZE_BYTES, ROLL_INTERVAL_MS}) {
                if (getLong(key) > 0) {
                    problems.add(key, key + " needs " + FILE_PATTERN + " (the names of the rolled files), but " + FILE + " is set");
                }
            }
        } else {
            checkFolder(problems, FILE_PATTERN, pattern.folder());
        }
        return problems;
    }

    private static void checkFolder(ConfigProblems problems, String key, Path folder) {
        if (folder == null) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            problems.add(key, key + ": the folder " + folder + " does not exist");
        } else if (!Files.isWritable(folder)) {
            problems.add(key, key + ": the folder " + folder + " is not writable (permissions)");
        }
    }
}
