package io.ferry.runtime.testing;

import io.ferry.runtime.plugin.TestJars;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.connect.sink.SinkConnector;

/** Plugin JARs compiled at test time, for a plugin directory (never on the test class path). */
public final class TestPlugins {

    /** Class name of {@link #flakySink}'s connector. */
    public static final String FLAKY_SINK = "com.example.flaky.FlakySinkConnector";

    /** Class name of {@link #contextSink}'s connector. */
    public static final String CONTEXT_SINK = "com.example.context.ContextSinkConnector";

    private TestPlugins() {
    }

    /**
     * A sink exercising its {@code SinkTaskContext}: it appends each value to {@code file}, reports
     * the value {@code errant} through the errant record reporter instead, rewinds its partition to
     * offset 0 once after its first non-empty batch, and logs {@code open}/{@code close} calls to
     * {@code <file>.events}.
     */
    public static Path contextSink(Path pluginDir) throws IOException {
        return TestJars.jar()
                .source(CONTEXT_SINK, connectorSource("com.example.context", "ContextSinkConnector", "ContextSinkTask"))
                .source("com.example.context.ContextSinkTask", """
                        package com.example.context;
                        import java.io.IOException;
                        import java.io.UncheckedIOException;
                        import java.nio.charset.StandardCharsets;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        import java.nio.file.StandardOpenOption;
                        import java.util.Collection;
                        import java.util.Map;
                        import java.util.TreeSet;
                        import org.apache.kafka.common.TopicPartition;
                        import org.apache.kafka.connect.sink.SinkRecord;
                        import org.apache.kafka.connect.sink.SinkTask;
                        public class ContextSinkTask extends SinkTask {
                            private Path file;
                            private boolean rewound;
                            public void start(Map<String, String> props) { file = Path.of(props.get("file")); }
                            public void open(Collection<TopicPartition> partitions) { event("open " + new TreeSet<>(partitions.stream().map(String::valueOf).toList())); }
                            public void close(Collection<TopicPartition> partitions) { event("close " + new TreeSet<>(partitions.stream().map(String::valueOf).toList())); }
                            public void put(Collection<SinkRecord> records) {
                                for (SinkRecord record : records) {
                                    if ("errant".equals(record.value())) {
                                        try {
                                            context.errantRecordReporter().report(record, new IllegalArgumentException("errant on purpose")).get();
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    } else {
                                        append(file, String.valueOf(record.value()));
                                    }
                                }
                                if (!records.isEmpty() && !rewound) {
                                    rewound = true;
                                    SinkRecord first = records.iterator().next();
                                    context.offset(new TopicPartition(first.topic(), first.kafkaPartition()), 0L);
                                }
                            }
                            private void event(String text) { append(Path.of(file + ".events"), text); }
                            private static void append(Path path, String line) {
                                try {
                                    Files.writeString(path, line + "\\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                            public void stop() { }
                            public String version() { return "1.0"; }
                        }
                        """)
                .service(SinkConnector.class, CONTEXT_SINK)
                .build(pluginDir.resolve("context-sink.jar"));
    }

    private static String connectorSource(String packageName, String connector, String task) {
        return """
                package %1$s;
                import java.util.List;
                import java.util.Map;
                import org.apache.kafka.common.config.ConfigDef;
                import org.apache.kafka.connect.connector.Task;
                import org.apache.kafka.connect.sink.SinkConnector;
                public class %2$s extends SinkConnector {
                    private Map<String, String> props;
                    public void start(Map<String, String> props) { this.props = props; }
                    public Class<? extends Task> taskClass() { return %3$s.class; }
                    public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(props); }
                    public void stop() { }
                    public ConfigDef config() {
                        return new ConfigDef().define("file", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "output");
                    }
                    public String version() { return "1.0"; }
                }
                """.formatted(packageName, connector, task);
    }

    /**
     * A sink whose task throws from its first non-empty {@code put()} (and leaves
     * {@code <file>.failed} behind), then appends each record's value as a line to {@code file}.
     */
    public static Path flakySink(Path pluginDir) throws IOException {
        return TestJars.jar()
                .source(FLAKY_SINK, connectorSource("com.example.flaky", "FlakySinkConnector", "FlakySinkTask"))
                .source("com.example.flaky.FlakySinkTask", """
                        package com.example.flaky;
                        import java.io.IOException;
                        import java.io.UncheckedIOException;
                        import java.nio.charset.StandardCharsets;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        import java.nio.file.StandardOpenOption;
                        import java.util.Collection;
                        import java.util.Map;
                        import org.apache.kafka.connect.sink.SinkRecord;
                        import org.apache.kafka.connect.sink.SinkTask;
                        public class FlakySinkTask extends SinkTask {
                            private Path file;
                            public void start(Map<String, String> props) { file = Path.of(props.get("file")); }
                            public void put(Collection<SinkRecord> records) {
                                if (records.isEmpty()) {
                                    return;
                                }
                                try {
                                    Path marker = Path.of(file + ".failed");
                                    if (!Files.exists(marker)) {
                                        Files.createFile(marker);
                                        throw new IllegalStateException("flaky sink fails on purpose");
                                    }
                                    for (SinkRecord record : records) {
                                        Files.writeString(file, record.value() + "\\n", StandardCharsets.UTF_8,
                                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                                    }
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                            public void stop() { }
                            public String version() { return "1.0"; }
                        }
                        """)
                .service(SinkConnector.class, FLAKY_SINK)
                .build(pluginDir.resolve("flaky-sink.jar"));
    }
}
