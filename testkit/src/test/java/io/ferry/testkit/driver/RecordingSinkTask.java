package io.ferry.testkit.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink task that keeps what it is given and what it is told: values put, partitions opened and closed. The value
 * {@code errant} goes to the errant record reporter, {@code pause} pauses the record's partition.
 */
public class RecordingSinkTask extends SinkTask {

    final List<String> values = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    @Override
    public void start(Map<String, String> props) {
        events.add("start");
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        events.add("open " + partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            if ("errant".equals(record.value())) {
                try {
                    context.errantRecordReporter().report(record, new IllegalArgumentException("bad")).get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            } else if ("pause".equals(record.value())) {
                context.pause(tp);
            } else {
                values.add(String.valueOf(record.value()));
            }
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        events.add("close " + partitions);
    }

    @Override
    public void stop() {
        events.add("stop");
    }

    @Override
    public String version() {
        return "1.0";
    }
}
