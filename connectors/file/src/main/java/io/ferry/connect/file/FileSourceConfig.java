package io.ferry.connect.file;

import io.ferry.connect.file.source.CompletedAction;
import io.ferry.connect.file.source.RecordMode;
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
 * The file source's configuration: the keys of Apache's FileStreamSource ({@code file},
 * {@code topic}, {@code batch.size}) plus Ferry's. Parsing checks each key; {@link #problems()}
 * checks the keys together and against the file system.
 */
public final class FileSourceConfig extends AbstractConfig {

    public static final String FILE = "file";
    public static final String DIRECTORY = "directory";
    public static final String GLOB = "glob";
    public static final String RECURSIVE = "recursive";
    public static final String TOPIC = "topic";
    public static final String BATCH_SIZE = "batch.size";
    public static final String RECORD_MODE = "record.mode";
    public static final String RECORD_DELIMITER = "record.delimiter";
    public static final String CHARSET = "charset";
    public static final String HEADERS_ENABLE = "headers.enable";
    public static final String COMPLETED_ACTION = "completed.action";
    public static final String COMPLETED_DIRECTORY = "completed.directory";
    public static final String MIN_AGE_MS = "file.min.age.ms";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String BUFFER_BYTES = "buffer.bytes";

    public static final ConfigDef CONFIG_DEF = AllowedRoots.define(new ConfigDef()
            .define(FILE, Type.STRING, null, Importance.HIGH,
                    "The file to read, followed as it grows, is rotated (renamed and replaced) or truncated. "
                            + "Set this or directory.")
            .define(DIRECTORY, Type.STRING, null, Importance.HIGH,
                    "A folder whose files matching glob are read, new ones as they appear. Set this or file.")
            .define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The topic the records go to.")
            .define(BATCH_SIZE, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "The most records one poll returns.")
            .define(POLL_INTERVAL_MS, Type.LONG, 200L, Range.between(1L, 60_000L), Importance.LOW,
                    "When there is nothing new: how long a poll waits before looking again (the file's size, "
                            + "the folder's listing). A poll returns after at most about this long.")
            .define(BUFFER_BYTES, Type.INT, 128 * 1024, Range.between(1024, 64 * 1024 * 1024), Importance.LOW,
                    "Bytes read from a file at once (the buffer grows for longer records).")
            .define(RECORD_MODE, Type.STRING, "line", ValidString.in("line", "delimited", "file"), Importance.MEDIUM,
                    "How the bytes become records. line: one record per line (ends with \\n or \\r\\n; the end of "
                            + "line is not part of the value), a String value. delimited: records end with "
                            + "record.delimiter, a String value. file: a whole file is one record (bytes), once it "
                            + "has not changed for file.min.age.ms.")
            .define(RECORD_DELIMITER, Type.STRING, null, Importance.MEDIUM,
                    "The text ending each record with record.mode=delimited; escapes \\n \\r \\t \\0 \\\\ \\uXXXX.")
            .define(CHARSET, Type.STRING, "UTF-8", Charsets.VALIDATOR, Importance.MEDIUM,
                    "The files' character encoding, used to decode String values and to find line ends. "
                            + "Offsets are byte positions whatever the encoding.")
            .define(HEADERS_ENABLE, Type.BOOLEAN, false, Importance.LOW,
                    "Adds headers to every record, with NiFi's attribute names: filename, path (the folder "
                            + "relative to directory, ./ at its top), absolute.path (the folder), file.offset (the "
                            + "byte position of the record in the file) and file.generation (a counter of the "
                            + "files seen at that path: it grows with each rotation or truncation).")
            .define(GLOB, Type.STRING, "*", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Which files of directory are read: a glob on the file name (*.log, data-[0-9]*.{csv,tsv}), or "
                            + "on the path below directory if it has a /. Names starting with a dot are skipped "
                            + "unless the glob starts with one.")
            .define(RECURSIVE, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether files in subfolders of directory are read too.")
            .define(MIN_AGE_MS, Type.LONG, 1_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "A file unchanged for this long is complete: in directory mode its last record (without an "
                            + "end of line) is sent and completed.action applies; with record.mode=file its "
                            + "content is sent.")
            .define(COMPLETED_ACTION, Type.STRING, "none", ValidString.in("none", "delete", "move"), Importance.MEDIUM,
                    "What happens to a complete file of directory once Kafka acknowledged all its records: none "
                            + "(it stays and is followed), delete, or move (to completed.directory).")
            .define(COMPLETED_DIRECTORY, Type.STRING, null, Importance.MEDIUM,
                    "The folder complete files move to with completed.action=move (created if missing; subfolders "
                            + "of a recursive directory are kept)."));

    public FileSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** The configured file, or null in directory mode. */
    public Path file() {
        return path(FILE);
    }

    /** The configured folder, or null in single-file mode. */
    public Path directory() {
        return path(DIRECTORY);
    }

    public String topic() {
        return getString(TOPIC);
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    public int bufferBytes() {
        return getInt(BUFFER_BYTES);
    }

    public RecordMode recordMode() {
        return RecordMode.valueOf(getString(RECORD_MODE).toUpperCase(Locale.ROOT));
    }

    /** The delimiter text with escapes resolved, or null. */
    public String recordDelimiter() {
        String value = getString(RECORD_DELIMITER);
        return value == null ? null : Charsets.unescape(RECORD_DELIMITER, value);
    }

    public Charset charset() {
        return Charsets.parse(CHARSET, getString(CHARSET));
    }

    public boolean headersEnabled() {
        return getBoolean(HEADERS_ENABLE);
    }

    public String glob() {
        return getString(GLOB);
    }

    public boolean recursive() {
        return getBoolean(RECURSIVE);
    }

    public long minAgeMs() {
        return getLong(MIN_AGE_MS);
    }

    public CompletedAction completedAction() {
        return CompletedAction.valueOf(getString(COMPLETED_ACTION).toUpperCase(Locale.ROOT));
    }

    public Path completedDirectory() {
        return path(COMPLETED_DIRECTORY);
    }

    private Path path(String key) {
        return ConfigPaths.parse(key, getString(key));
    }

    /** The folders this connector may use ({@value AllowedRoots#KEY}). */
    AllowedRoots allowedRoots() {
        return AllowedRoots.of(getList(AllowedRoots.KEY));
    }

    /** The path of {@code key}, or null if it is not set or not a valid path (reported elsewhere). */
    private Path optionalPath(String key) {
        try {
            return path(key);
        } catch (ConfigException e) {
            return null;
        }
    }

    private boolean isSet(String key) {
        Object value = originals().get(key);
        return value != null && !value.toString().isBlank();
    }

    /** Problems of the keys together and against the file system, each naming its key. */
    public ConfigProblems problems() {
        ConfigProblems problems = new ConfigProblems();
        Path file;
        Path directory;
        try {
            file = file();
            directory = directory();
        } catch (ConfigException e) {
            problems.add(isSet(FILE) ? FILE : DIRECTORY, e.getMessage());
            return problems;
        }
        AllowedRoots roots = allowedRoots();
        if (!roots.check(problems, FILE, file) | !roots.check(problems, DIRECTORY, directory)
                | !roots.check(problems, COMPLETED_DIRECTORY, optionalPath(COMPLETED_DIRECTORY))) {
            // Nothing more about paths outside the roots: not even whether they exist.
            return problems;
        }
        if (file == null && directory == null) {
            problems.add(FILE, "Set " + FILE + " (one file to read) or " + DIRECTORY + " (a folder of files to read)");
        } else if (file != null && directory != null) {
            String message = FILE + " and " + DIRECTORY + " are both set (" + getString(FILE) + ", " + getString(DIRECTORY)
                    + "); set only one";
            problems.add(FILE, message);
            problems.add(DIRECTORY, message);
        } else if (file != null) {
            checkFile(problems, file);
            for (String key : new String[] {GLOB, RECURSIVE, COMPLETED_ACTION, COMPLETED_DIRECTORY}) {
                if (isSet(key)) {
                    problems.add(key, key + " applies to " + DIRECTORY + " only, but " + FILE + " is set");
                }
            }
        } else {
            checkDirectory(problems, directory);
        }
        RecordMode mode = recordMode();
        String delimiter = getString(RECORD_DELIMITER);
        if (mode == RecordMode.DELIMITED && (delimiter == null || delimiter.isEmpty())) {
            problems.add(RECORD_DELIMITER, RECORD_DELIMITER + " is required with " + RECORD_MODE + "=delimited");
        } else if (mode != RecordMode.DELIMITED && delimiter != null) {
            problems.add(RECORD_DELIMITER, RECORD_DELIMITER + " is only used with " + RECORD_MODE + "=delimited, not "
                    + getString(RECORD_MODE));
        } else if (mode == RecordMode.DELIMITED) {
            try {
                recordDelimiter();
            } catch (ConfigException e) {
                problems.add(RECORD_DELIMITER, e.getMessage());
            }
        }
        return problems;
    }

    private static void checkFile(ConfigProblems problems, Path file) {
        if (!Files.exists(file)) {
            problems.add(FILE, FILE + ": " + file + " does not exist");
        } else if (Files.isDirectory(file)) {
            problems.add(FILE, FILE + ": " + file + " is a folder; use " + DIRECTORY + " to read the files of a folder");
        } else if (!Files.isReadable(file)) {
            problems.add(FILE, FILE + ": " + file + " is not readable (permissions)");
        }
    }

    private void checkDirectory(ConfigProblems problems, Path directory) {
        if (!Files.exists(directory)) {
            problems.add(DIRECTORY, DIRECTORY + ": the folder " + directory + " does not exist");
        } else if (!Files.isDirectory(directory)) {
            problems.add(DIRECTORY, DIRECTORY + ": " + directory + " is not a folder; use " + FILE + " to read one file");
        } else if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
            problems.add(DIRECTORY, DIRECTORY + ": the folder " + directory + " is not readable (permissions)");
        }
        CompletedAction action = completedAction();
        Path target;
        try {
            target = completedDirectory();
        } catch (ConfigException e) {
            problems.add(COMPLETED_DIRECTORY, e.getMessage());
            return;
        }
        if (action == CompletedAction.MOVE) {
            if (target == null) {
                problems.add(COMPLETED_DIRECTORY, COMPLETED_DIRECTORY + " is required with " + COMPLETED_ACTION + "=move");
            } else if (target.equals(directory)) {
                problems.add(COMPLETED_DIRECTORY, COMPLETED_DIRECTORY + " is " + DIRECTORY + " itself; name another folder");
            } else if (Files.exists(target) && !Files.isDirectory(target)) {
                problems.add(COMPLETED_DIRECTORY, COMPLETED_DIRECTORY + ": " + target + " is not a folder");
            }
        } else if (target != null) {
            problems.add(COMPLETED_DIRECTORY, COMPLETED_DIRECTORY + " is only used with " + COMPLETED_ACTION + "=move, not "
                    + getString(COMPLETED_ACTION));
        }
        if (action != CompletedAction.NONE && !Files.isWritable(directory) && Files.isDirectory(directory)) {
            problems.add(COMPLETED_ACTION, COMPLETED_ACTION + "=" + getString(COMPLETED_ACTION) + " needs to change the folder "
                    + directory + ", which is not writable");
        }
    }
}
