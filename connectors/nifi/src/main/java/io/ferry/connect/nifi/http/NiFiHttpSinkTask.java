package io.ferry.connect.nifi.http;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.mapping.MappingConfig;
import io.ferry.connect.nifi.mapping.RecordToFlowFile;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Posts each {@code put()} batch before returning, so the worker commits only offsets the receiver
 * accepted; a retryable failure (5xx, I/O) is a {@link org.apache.kafka.connect.errors.RetriableException}
 * and the worker delivers the same batch again.
 */
public class NiFiHttpSinkTask extends SinkTask {

    private RecordToFlowFile mapping;
    private FlowFilePoster poster;
    private int batchSize;

    @Override
    public void start(Map<String, String> props) {
        HttpSinkConfig config = new HttpSinkConfig(props);
        mapping = MappingConfig.recordToFlowFile(config);
        poster = new FlowFilePoster(config);
        batchSize = config.getInt(HttpSinkConfig.BATCH_MAX_RECORDS);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        mapping.forEachBatch(records, batchSize, poster::post);
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return Version.get();
    }
}
