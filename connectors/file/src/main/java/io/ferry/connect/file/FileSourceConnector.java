package io.ferry.connect.file;

import io.ferry.connect.file.source.SourcePosition;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Ferry's file source: one file or a folder of files into a topic, with byte-exact offsets per
 * file identity, rotation and truncation followed. Accepts FileStreamSource's keys. One task.
 */
public final class FileSourceConnector extends SourceConnector {

    private final ConnectorSupport support =
            new ConnectorSupport("file source", props -> new FileSourceConfig(props).problems());

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
        return FileSourceTask.class;
    }

    /** One task: a file, or a folder, is read in order by one reader. */
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
        return FileSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return support.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /**
     * Records and offsets are a function of the file's bytes and the stored position: a task that
     * restarts from a stored offset produces exactly the records after it again.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** Accepts offsets of this connector's shape (partition {"file"}, offset with a byte "position"). */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        offsets.forEach((partition, offset) -> {
            if (partition == null || !(partition.get(SourcePosition.FILE) instanceof String)) {
                throw new ConnectException("A file source partition is {\"" + SourcePosition.FILE + "\": <absolute path>}, not " + partition);
            }
            if (offset != null && (!(offset.get("position") instanceof Number n) || n.longValue() < 0)) {
                throw new ConnectException("A file source offset needs a \"position\" (bytes, >= 0), not " + offset);
            }
        });
        return true;
    }
}
