package io.ferry.connect.file;

import io.ferry.connect.file.sink.SinkWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Ferry's file sink: records of topics into one file or rolled files, the value per line or JSON
 * lines, exactly once. Accepts FileStreamSink's keys. One task (one writer per output).
 */
public final class FileSinkConnector extends SinkConnector {

    private final ConnectorSupport support =
            new ConnectorSupport("file sink", props -> new FileSinkConfig(props).problems());

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        support.start(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileSinkTask.class;
    }

    /** One task: a file has one writer. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return support.taskConfigs();
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return FileSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return support.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /**
     * Refused: the sink resumes at the offsets recorded with its output (its state file), not at the
     * consumer group's, so altered group offsets would not take effect.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        FileSinkConfig config = new FileSinkConfig(connectorConfig);
        SinkWriter.Settings settings = new SinkWriter.Settings(config.file(), config.pattern(), 0, 0, null, false);
        throw new ConnectException("The file sink resumes at the offsets recorded with its output in "
                + settings.stateFile() + ", not at the consumer group's; to start over, stop the connector and remove "
                + "that file (and the output)");
    }
}
