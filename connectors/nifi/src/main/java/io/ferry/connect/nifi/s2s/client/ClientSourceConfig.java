package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.mapping.MappingConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Configuration of {@link NiFiSiteToSiteClientSourceConnector}. */
public final class ClientSourceConfig extends AbstractConfig {

    public static final String TOPIC = "topic";
    public static final String POLL_INTERVAL_MS = "nifi.poll.interval.ms";
    public static final String REQUEST_BATCH_COUNT = "nifi.request.batch.count";

    public static final ConfigDef CONFIG_DEF = MappingConfig.defineFlowFileToRecord(RemoteSiteConfig.define(new ConfigDef())
            .define(TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The topic pulled FlowFiles are written to (see topic.name.attribute).")
            .define(POLL_INTERVAL_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How long to wait before asking again when the port had no data.")
            .define(REQUEST_BATCH_COUNT, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "The most FlowFiles to ask for per transaction (0: as many as NiFi sends)."));

    public ClientSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        RemoteSiteConfig.builder(this);
    }
}
