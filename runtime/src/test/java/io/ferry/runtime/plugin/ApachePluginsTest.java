package io.ferry.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apache's own connect-file and connect-transforms JARs, unmodified, in a plugin folder. */
class ApachePluginsTest {

    @TempDir
    Path pluginDir;
    @TempDir
    Path dataDir;

    private Path fileJar;
    private Path transformsJar;
    private Plugins plugins;

    @BeforeEach
    void setUp() throws Exception {
        fileJar = TestJars.copyApacheJar("connect-file", pluginDir);
        transformsJar = TestJars.copyApacheJar("connect-transforms", pluginDir);
        plugins = Plugins.load(List.of(pluginDir), PluginDiscoveryMode.HYBRID_WARN);
    }

    @AfterEach
    void tearDown() {
        plugins.close();
    }

    @Test
    void resolvesConnectorByFullSimpleAndShortName() {
        PluginDesc full = plugins.resolveConnector("org.apache.kafka.connect.file.FileStreamSourceConnector");
        assertThat(plugins.resolveConnector("FileStreamSourceConnector")).isEqualTo(full);
        assertThat(plugins.resolveConnector("FileStreamSource")).isEqualTo(full);
        assertThat(plugins.resolve(PluginKind.SOURCE_CONNECTOR, "FileStreamSource")).isEqualTo(full);
        assertThat(full.kind()).isEqualTo(PluginKind.SOURCE_CONNECTOR);
        assertThat(full.version()).isEqualTo("4.3.1");
        assertThat(full.location()).isEqualTo(fileJar.toString());
        assertThat(full.isolated()).isTrue();
        assertThat(plugins.resolveConnector("FileStreamSink").kind()).isEqualTo(PluginKind.SINK_CONNECTOR);
    }

    @Test
    void resolvesTransformationsAndPredicates() {
        PluginDesc hoist = plugins.resolve(PluginKind.TRANSFORMATION, "org.apache.kafka.connect.transforms.HoistField$Value");
        assertThat(plugins.resolve(PluginKind.TRANSFORMATION, "HoistField$Value")).isEqualTo(hoist);
        assertThat(plugins.resolve(PluginKind.TRANSFORMATION, "HoistField.Value")).isEqualTo(hoist);
        assertThat(hoist.location()).isEqualTo(transformsJar.toString());
        assertThat(plugins.resolve(PluginKind.TRANSFORMATION, "RegexRouter").className())
                .isEqualTo("org.apache.kafka.connect.transforms.RegexRouter");
        assertThat(plugins.resolve(PluginKind.PREDICATE, "TopicNameMatches").className())
                .isEqualTo("org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        assertThat(plugins.plugins(PluginKind.TRANSFORMATION)).extracting(PluginDesc::className)
                .contains("org.apache.kafka.connect.transforms.HoistField$Key", "org.apache.kafka.connect.transforms.Cast$Value");
    }

    @Test
    void instantiatesThroughThePluginLoaderWithTheWorkersApi() throws Exception {
        PluginClassLoader fileLoader = plugins.loaderOf(fileJar);
        Connector connector = plugins.newConnector("FileStreamSource");
        assertThat(connector.getClass().getClassLoader()).isSameAs(fileLoader);
        assertThat(Class.forName("org.apache.kafka.connect.connector.Connector", false, fileLoader)).isSameAs(Connector.class);
        assertThat(Class.forName("org.apache.kafka.connect.file.FileStreamSourceConnector", false, fileLoader))
                .isSameAs(connector.getClass());

        Transformation<?> router = plugins.newInstance(PluginKind.TRANSFORMATION, "RegexRouter", Transformation.class);
        assertThat(router.getClass().getClassLoader()).isSameAs(plugins.loaderOf(transformsJar));
        assertThat(Class.forName("org.apache.kafka.connect.transforms.Transformation", false, plugins.loaderOf(transformsJar)))
                .isSameAs(Transformation.class);
        // The two plugins do not see each other.
        assertThatThrownBy(() -> Class.forName("org.apache.kafka.connect.transforms.RegexRouter", false, fileLoader))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void namesOfAnotherKindOrUnknownAreClearErrors() {
        assertThatThrownBy(() -> plugins.resolveConnector("org.apache.kafka.connect.transforms.RegexRouter"))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("is a transformation, not a connector");
        assertThatThrownBy(() -> plugins.resolveConnector("NoSuchConnector"))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("Found no connector named 'NoSuchConnector'")
                .hasMessageContaining("org.apache.kafka.connect.file.FileStreamSinkConnector 4.3.1 (" + fileJar + ")")
                .hasMessageContaining("org.apache.kafka.connect.file.FileStreamSourceConnector 4.3.1");
    }

    /**
     * FileStreamSource -> HoistField$Value -> RegexRouter -> JsonConverter (worker class path)
     * and back -> FileStreamSink, every plugin created by the registry and run unmodified.
     */
    @Test
    @SuppressWarnings("try")
    void runsFileStreamSourceThroughTransformsIntoFileStreamSink() throws Exception {
        Path input = Files.writeString(dataDir.resolve("input.txt"), "first line\nsecond line\nthird line\n");
        Path output = dataDir.resolve("output.txt");

        Connector sourceConnector = plugins.newConnector("FileStreamSource");
        PluginDesc sourceDesc = plugins.resolveConnector("FileStreamSource");
        SourceTask sourceTask;
        Map<String, String> sourceTaskConfig;
        try (LoaderSwap swap = LoaderSwap.to(sourceDesc.loader())) {
            sourceConnector.start(Map.of("file", input.toString(), "topic", "lines"));
            sourceTaskConfig = sourceConnector.taskConfigs(1).get(0);
            sourceTask = (SourceTask) newTask(sourceConnector.taskClass());
            sourceTask.initialize(new InMemoryTaskContexts.Source(sourceTaskConfig, new InMemoryTaskContexts.InMemoryOffsets()));
            sourceTask.start(sourceTaskConfig);
        }
        assertThat(sourceTask.getClass().getClassLoader()).isSameAs(sourceDesc.loader());

        @SuppressWarnings("unchecked")
        Transformation<SourceRecord> hoist = plugins.newInstance(PluginKind.TRANSFORMATION, "HoistField$Value", Transformation.class);
        @SuppressWarnings("unchecked")
        Transformation<SourceRecord> router = plugins.newInstance(PluginKind.TRANSFORMATION, "RegexRouter", Transformation.class);
        hoist.configure(Map.of("field", "line"));
        router.configure(Map.of("regex", "(.*)", "replacement", "routed-$1"));

        Converter json = plugins.newInstance(PluginKind.CONVERTER, "JsonConverter", Converter.class);
        json.configure(Map.of("schemas.enable", "true"), false);

        List<SinkRecord> sinkRecords = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (sinkRecords.size() < 3 && Instant.now().isBefore(deadline)) {
            List<SourceRecord> polled = sourceTask.poll();
            if (polled == null) {
                continue;
            }
            for (SourceRecord record : polled) {
                SourceRecord transformed = router.apply(hoist.apply(record));
                byte[] bytes = json.fromConnectData(transformed.topic(), transformed.valueSchema(), transformed.value());
                SchemaAndValue back = json.toConnectData(transformed.topic(), bytes);
                sinkRecords.add(new SinkRecord(transformed.topic(), 0, null, null, back.schema(), back.value(),
                        sinkRecords.size(), transformed.timestamp(), TimestampType.CREATE_TIME));
            }
        }
        sourceTask.stop();
        sourceConnector.stop();
        assertThat(sinkRecords).hasSize(3);
        assertThat(sinkRecords).extracting(SinkRecord::topic).containsOnly("routed-lines");
        assertThat(sinkRecords.get(0).value()).isInstanceOf(Struct.class);
        assertThat(((Struct) sinkRecords.get(0).value()).getString("line")).isEqualTo("first line");

        Connector sinkConnector = plugins.newConnector("FileStreamSink");
        PluginDesc sinkDesc = plugins.resolveConnector("FileStreamSink");
        try (LoaderSwap swap = LoaderSwap.to(sinkDesc.loader())) {
            sinkConnector.start(Map.of("file", output.toString(), "topics", "routed-lines"));
            Map<String, String> sinkTaskConfig = sinkConnector.taskConfigs(1).get(0);
            SinkTask sinkTask = (SinkTask) newTask(sinkConnector.taskClass());
            TopicPartition partition = new TopicPartition("routed-lines", 0);
            sinkTask.initialize(new InMemoryTaskContexts.Sink(sinkTaskConfig, Set.of(partition)));
            sinkTask.start(sinkTaskConfig);
            sinkTask.put(sinkRecords);
            sinkTask.flush(Map.of());
            sinkTask.stop();
            sinkConnector.stop();
        }
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(
                "Struct{line=first line}\nStruct{line=second line}\nStruct{line=third line}\n");
    }

    private static Task newTask(Class<? extends Task> taskClass) throws ReflectiveOperationException {
        return taskClass.getConstructor().newInstance();
    }
}
