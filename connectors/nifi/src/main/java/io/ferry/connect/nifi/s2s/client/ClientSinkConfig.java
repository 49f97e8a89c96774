package io.ferry.connect.nifi.s2s.client;

import io.ferry.connect.nifi.mapping.MappingConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Configuration of {@link NiFiSiteToSiteClientSinkConnector}. */
public final class ClientSinkConfig extends AbstractConfig {

    public static final String BATCH_MAX_RECORDS = "nifi.batch.max.records";

    public static final ConfigDef CONFIG_DEF = MappingConfig.defineRecordToFlowFile(RemoteSiteConfig.define(new ConfigDef())
            .define(BATCH_MAX_RECORDS, ConfigDef.Type.INT, 10_000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "The most FlowFiles in one transaction; a put() batch larger than this takes several."));

    public ClientSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        RemoteSiteConfig.builder(this);
    }
}
