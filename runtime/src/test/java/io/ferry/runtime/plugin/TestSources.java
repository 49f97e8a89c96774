package io.ferry.runtime.plugin;

/** Java sources of the tiny plugins that tests compile at run time. */
final class TestSources {

    private TestSources() {
    }

    static String lib(String version) {
        return """
                package com.example.shared;
                public final class Lib {
                    public static String version() { return "%s"; }
                }
                """.formatted(version);
    }

    /** A converter that reports the version of {@code com.example.shared.Lib} it sees. */
    static String libConverter(String packageName, String simpleName) {
        return """
                package %s;
                import java.nio.charset.StandardCharsets;
                import java.util.Map;
                import org.apache.kafka.connect.components.Versioned;
                import org.apache.kafka.connect.data.Schema;
                import org.apache.kafka.connect.data.SchemaAndValue;
                import org.apache.kafka.connect.storage.Converter;
                import com.example.shared.Lib;
                public class %s implements Converter, Versioned {
                    public void configure(Map<String, ?> configs, boolean isKey) { }
                    public byte[] fromConnectData(String topic, Schema schema, Object value) {
                        return Lib.version().getBytes(StandardCharsets.UTF_8);
                    }
                    public SchemaAndValue toConnectData(String topic, byte[] value) {
                        return new SchemaAndValue(Schema.STRING_SCHEMA, Lib.version());
                    }
                    public String version() { return "converter-" + Lib.version(); }
                }
                """.formatted(packageName, simpleName);
    }

    /** A source connector whose version is the version of {@code com.example.shared.Lib} it sees. */
    static String libSourceConnector(String packageName, String simpleName) {
        return """
                package %1$s;
                import java.util.List;
                import java.util.Map;
                import org.apache.kafka.common.config.ConfigDef;
                import org.apache.kafka.connect.connector.Task;
                import org.apache.kafka.connect.source.SourceConnector;
                import org.apache.kafka.connect.source.SourceRecord;
                import org.apache.kafka.connect.source.SourceTask;
                import com.example.shared.Lib;
                public class %2$s extends SourceConnector {
                    public static class NoopTask extends SourceTask {
                        public String version() { return Lib.version(); }
                        public void start(Map<String, String> props) { }
                        public List<SourceRecord> poll() { return null; }
                        public void stop() { }
                    }
                    public String version() { return Lib.version(); }
                    public void start(Map<String, String> props) { }
                    public Class<? extends Task> taskClass() { return NoopTask.class; }
                    public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(Map.of()); }
                    public void stop() { }
                    public ConfigDef config() { return new ConfigDef(); }
                }
                """.formatted(packageName, simpleName);
    }

    /** A converter with a fixed version. */
    static String versionedConverter(String packageName, String simpleName, String version) {
        return """
                package %s;
                import java.util.Map;
                import org.apache.kafka.connect.components.Versioned;
                import org.apache.kafka.connect.data.Schema;
                import org.apache.kafka.connect.data.SchemaAndValue;
                import org.apache.kafka.connect.storage.Converter;
                public class %s implements Converter, Versioned {
                    public void configure(Map<String, ?> configs, boolean isKey) { }
                    public byte[] fromConnectData(String topic, Schema schema, Object value) { return new byte[0]; }
                    public SchemaAndValue toConnectData(String topic, byte[] value) { return SchemaAndValue.NULL; }
                    public String version() { return "%s"; }
                }
                """.formatted(packageName, simpleName, version);
    }
}
