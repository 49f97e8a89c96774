package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.Version;
import io.ferry.connect.nifi.mapping.MappingConfig;
import io.ferry.connect.nifi.mapping.RecordToFlowFile;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Serves one output port on a shared site: {@link #put} buffers records as FlowFiles, clients pull
 * them in transactions, {@link #preCommit} offers only offsets below the first unconfirmed record.
 * A full buffer pauses the task's partitions ({@link org.apache.kafka.connect.sink.SinkTaskContext#pause});
 * they resume on the task's thread (next put or preCommit) once half of it was taken.
 */
public class NiFiSiteToSiteSinkTask extends SinkTask {

    private SinkOutbox outbox;
    private SitePort port;
    private RecordToFlowFile mapping;
    private boolean paused;

    @Override
    public void start(Map<String, String> props) {
        SiteToSiteSinkConfig config = new SiteToSiteSinkConfig(props);
        mapping = MappingConfig.recordToFlowFile(config);
        outbox = new SinkOutbox(config.getInt(SiteToSiteSinkConfig.BUFFER_MAX_RECORDS), config.getLong(SiteToSiteSinkConfig.BUFFER_MAX_BYTES),
                config.getInt(SiteToSiteSinkConfig.BATCH_MAX_RECORDS), config.getLong(SiteToSiteSinkConfig.BATCH_MAX_BYTES),
                () -> context.requestCommit());
        port = new SitePort(outbox::close);
        port.open(config, site -> site.registerOutputPort(SiteConfig.portIdentity(config, false),
                props.getOrDefault("name", "unnamed"), outbox));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            outbox.add(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()),
                    record.originalKafkaOffset(), mapping.toFlowFile(record));
        }
        applyBackPressure();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        applyBackPressure();
        Map<TopicPartition, OffsetAndMetadata> confirmed = new HashMap<>();
        outbox.confirmedOffsets().forEach((partition, offset) -> {
            if (currentOffsets.containsKey(partition)) {
                confirmed.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return confirmed;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (paused && !partitions.isEmpty()) {
            context.pause(partitions.toArray(new TopicPartition[0]));
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        outbox.drop(partitions);
    }

    @Override
    public void stop() {
        if (port != null) {
            port.close();
        }
    }

    @Override
    public String version() {
        return Version.get();
    }

    /** Pauses or resumes consumption by the buffer's fill; on the task's thread only. */
    private void applyBackPressure() {
        if (!paused && outbox.isFull()) {
            paused = true;
            Set<TopicPartition> assigned = context.assignment();
            context.pause(assigned.toArray(new TopicPartition[0]));
        } else if (paused && outbox.hasRoom()) {
            paused = false;
            Set<TopicPartition> assigned = context.assignment();
            context.resume(assigned.toArray(new TopicPartition[0]));
        }
    }
}
