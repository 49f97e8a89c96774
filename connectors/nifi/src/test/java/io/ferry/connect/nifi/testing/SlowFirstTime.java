package io.ferry.connect.nifi.testing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A transformation that keeps the worker busy for {@code delay.ms} the first time it sees a record
 * whose {@code index} header is {@code at} modulo {@code every}: a slow worker in the
 * middle of a Kafka transaction, so that the NiFi transaction times out mid-way. A resent record
 * passes at once.
 */
public final class SlowFirstTime implements Transformation<SourceRecord> {

    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    private long delayMs;
    private int every;
    private int at;

    @Override
    public void configure(Map<String, ?> configs) {
        delayMs = Long.parseLong(String.valueOf(configs.get("delay.ms")));
        every = Integer.parseInt(String.valueOf(configs.get("every")));
        at = Integer.parseInt(String.valueOf(configs.get("at")));
    }

    @Override
    public SourceRecord apply(SourceRecord record) {
        Header index = record.headers().lastWithName("index");
        Header name = record.headers().lastWithName("filename");
        if (index != null && name != null && Integer.parseInt(String.valueOf(index.value())) % every == at
                && SEEN.add(String.valueOf(name.value()))) {
            System.out.println("SLOW " + name.value()); // a worker process tells its parent where it is
            System.out.flush();
            try {
                Thread.sleep(delayMs); // simulates a slow worker, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }
}
