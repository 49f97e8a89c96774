package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.mapping.MappingConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link NiFiSiteToSiteSourceConnector}: an input port of a NiFi site feeding a topic. */
public final class SiteToSiteSourceConfig extends AbstractConfig {

    private static final String GROUP = "Input port";

    public static final String TOPIC = "topic";
    public static final String ACK_TIMEOUT_MS = "nifi.ack.timeout.ms";
    public static final String QUEUE_MAX_RECORDS = "nifi.queue.max.records";
    public static final String TRANSACTION_MAX_BYTES = "nifi.transaction.max.bytes";
    public static final String POLL_MAX_RECORDS = "nifi.poll.max.records";

    public static final ConfigDef CONFIG_DEF = define();

    public SiteToSiteSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        SiteConfig.siteSettings(this);
    }

    private static ConfigDef define() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The topic FlowFiles sent to the port are written to (see topic.name.attribute).",
                        GROUP, order++, Width.MEDIUM, TOPIC)
                .define(ACK_TIMEOUT_MS, Type.LONG, 15_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long a confirmed transaction waits for Kafka to acknowledge its records before the sender "
                                + "gets 503 and the transaction is rolled back (keep it below the sender's timeout, 30 s in NiFi).",
                        GROUP, order++, Width.SHORT, ACK_TIMEOUT_MS)
                .define(QUEUE_MAX_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Back pressure: with this many FlowFiles handed over and not yet acknowledged, new transactions "
                                + "get 503 (destination full) and commits answer 'finished but destination full'.",
                        GROUP, order++, Width.SHORT, QUEUE_MAX_RECORDS)
                .define(TRANSACTION_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The most content bytes one transaction may carry; FlowFiles wait in memory until the sender confirms.",
                        GROUP, order++, Width.SHORT, TRANSACTION_MAX_BYTES)
                .define(POLL_MAX_RECORDS, Type.INT, 2_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The most records one poll() returns; a NiFi transaction is never split (a larger one is returned alone).", GROUP, order, Width.SHORT, POLL_MAX_RECORDS);
        SiteConfig.define(def);
        MappingConfig.defineFlowFileToRecord(def);
        return def;
    }
}
