package io.ferry.connect.nifi.s2s.server;

import io.ferry.connect.nifi.mapping.MappingConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Configuration of {@link NiFiSiteToSiteSinkConnector}: an output port of a NiFi site serving the
 * records of the connector's {@code topics} (or {@code topics.regex}).
 */
public final class SiteToSiteSinkConfig extends AbstractConfig {

    private static final String GROUP = "Output port";

    public static final String BUFFER_MAX_RECORDS = "nifi.buffer.max.records";
    public static final String BUFFER_MAX_BYTES = "nifi.buffer.max.bytes";
    public static final String BATCH_MAX_RECORDS = "nifi.batch.max.records";
    public static final String BATCH_MAX_BYTES = "nifi.batch.max.bytes";

    public static final ConfigDef CONFIG_DEF = define();

    public SiteToSiteSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        SiteConfig.siteSettings(this);
    }

    private static ConfigDef define() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(BUFFER_MAX_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Back pressure: with this many records waiting for NiFi to pull them, the task pauses consuming "
                                + "until half of them were taken.", GROUP, order++, Width.SHORT, BUFFER_MAX_RECORDS)
                .define(BUFFER_MAX_BYTES, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Back pressure by size: the content bytes waiting for NiFi at which the task pauses.",
                        GROUP, order++, Width.SHORT, BUFFER_MAX_BYTES)
                .define(BATCH_MAX_RECORDS, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "The most FlowFiles one transaction carries (less if the client asks for less).",
                        GROUP, order++, Width.SHORT, BATCH_MAX_RECORDS)
                .define(BATCH_MAX_BYTES, Type.LONG, 8L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "About the most content bytes one transaction carries (at least one FlowFile).",
                        GROUP, order, Width.SHORT, BATCH_MAX_BYTES);
        SiteConfig.define(def);
        MappingConfig.defineRecordToFlowFile(def);
        return def;
    }
}
