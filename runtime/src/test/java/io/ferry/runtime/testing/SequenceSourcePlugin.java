package io.ferry.runtime.testing;

import io.ferry.runtime.plugin.TestJars;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source plugin compiled at test time: {@code com.example.seq.SequenceSource} writes the values
 * {@code record-0}, {@code record-1}, ... up to {@code count} (exclusive) to {@code topic}, {@code batch}
 * per {@code poll()}, with source partition {@code {"seq":"s"}} and offset {@code {"next":i+1}}; it
 * resumes from its committed offset. Settings for exactly-once tests:
 * <ul>
 *   <li>{@code exactly.once} / {@code boundaries}: what {@code exactlyOnceSupport()} /
 *       {@code canDefineTransactionBoundaries()} return (SUPPORTED by default);</li>
 *   <li>{@code fail.on.poll=n}: the n-th {@code poll()} throws, once per {@code fail.marker} file;</li>
 *   <li>{@code commit.every=k}: asks its transaction context to commit after every k-th record;
 *       {@code abort.at=i}: to abort after record i;</li>
 *   <li>{@code large.at=i}: record i holds 100,000 characters.</li>
 * </ul>
 */
public final class SequenceSourcePlugin {

    public static final String CONNECTOR = "com.example.seq.SequenceSource";

    private SequenceSourcePlugin() {
    }

    public static Path build(Path pluginDir) throws IOException {
        return TestJars.jar()
                .source(CONNECTOR, """
                        package com.example.seq;
                        import java.util.List;
                        import java.util.Map;
                        import org.apache.kafka.common.config.ConfigDef;
                        import org.apache.kafka.connect.connector.Task;
                        import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
                        import org.apache.kafka.connect.source.ExactlyOnceSupport;
                        import org.apache.kafka.connect.source.SourceConnector;
                        public class SequenceSource extends SourceConnector {
                            private Map<String, String> props;
                            public void start(Map<String, String> props) { this.props = props; }
                            public Class<? extends Task> taskClass() { return SequenceTask.class; }
                            public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(props); }
                            public void stop() { }
                            public ConfigDef config() {
                                return new ConfigDef().define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "topic")
                                        .define("secret.password", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.LOW, "a secret")
                                        .define("api.credential", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.LOW, "another");
                            }
                            public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> props) {
                                return ExactlyOnceSupport.valueOf(props.getOrDefault("exactly.once", "SUPPORTED"));
                            }
                            public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> props) {
                                return ConnectorTransactionBoundaries.valueOf(props.getOrDefault("boundaries", "SUPPORTED"));
                            }
                            public String version() { return "1.0"; }
                        }
                        """)
                .source("com.example.seq.SequenceTask", """
                        package com.example.seq;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        import java.util.ArrayList;
                        import java.util.List;
                        import java.util.Map;
                        import org.apache.kafka.connect.data.Schema;
                        import org.apache.kafka.connect.source.SourceRecord;
                        import org.apache.kafka.connect.source.SourceTask;
                        import org.apache.kafka.connect.source.TransactionContext;
                        public class SequenceTask extends SourceTask {
                            private static final Map<String, String> PARTITION = Map.of("seq", "s");
                            private String topic;
                            private long next, count, commitEvery, abortAt, largeAt;
                            private int batch, failOnPoll, polls;
                            private String failMarker;
                            public void start(Map<String, String> props) {
                                topic = props.get("topic");
                                count = Long.parseLong(props.getOrDefault("count", "1000000000"));
                                batch = Integer.parseInt(props.getOrDefault("batch", "10"));
                                failOnPoll = Integer.parseInt(props.getOrDefault("fail.on.poll", "0"));
                                failMarker = props.get("fail.marker");
                                commitEvery = Long.parseLong(props.getOrDefault("commit.every", "0"));
                                abortAt = Long.parseLong(props.getOrDefault("abort.at", "-1"));
                                largeAt = Long.parseLong(props.getOrDefault("large.at", "-1"));
                                Map<String, Object> offset = context.offsetStorageReader().offset(PARTITION);
                                next = offset == null ? 0 : (Long) offset.get("next");
                            }
                            public List<SourceRecord> poll() throws InterruptedException {
                                polls++;
                                if (polls == failOnPoll && failMarker != null && !Files.exists(Path.of(failMarker))) {
                                    try {
                                        Files.createFile(Path.of(failMarker));
                                    } catch (java.io.IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                    throw new IllegalStateException("sequence source fails on purpose at poll " + polls);
                                }
                                if (next >= count) {
                                    Thread.sleep(50);
                                    return null;
                                }
                                TransactionContext transactions = context.transactionContext();
                                List<SourceRecord> records = new ArrayList<>();
                                for (int i = 0; i < batch && next < count; i++, next++) {
                                    String value = next == largeAt ? "x".repeat(100_000) : "record-" + next;
                                    SourceRecord record = new SourceRecord(PARTITION, Map.of("next", next + 1), topic, null,
                                            Schema.STRING_SCHEMA, value);
                                    records.add(record);
                                    if (transactions != null && next == abortAt) {
                                        transactions.abortTransaction(record);
                                    } else if (transactions != null && commitEvery > 0 && (next + 1) % commitEvery == 0) {
                                        transactions.commitTransaction(record);
                                    }
                                }
                                return records;
                            }
                            public void stop() { }
                            public String version() { return "1.0"; }
                        }
                        """)
                .service(SourceConnector.class, CONNECTOR)
                .build(pluginDir.resolve("sequence-source.jar"));
    }
}
