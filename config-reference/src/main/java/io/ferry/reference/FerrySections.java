package io.ferry.reference;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.connect.file.FileSinkConnector;
import io.ferry.connect.file.FileSourceConnector;
import io.ferry.connect.nifi.http.NiFiHttpSinkConnector;
import io.ferry.connect.nifi.http.NiFiListenHttpSourceConnector;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSinkConnector;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSourceConnector;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSinkConnector;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceConnector;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.RestConfigDef;
import io.ferry.runtime.config.WorkerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;

/** The sections of Ferry's configuration reference, in order: broker, worker, REST API, connectors. */
final class FerrySections {

    private FerrySections() {
    }

    static List<Section> all() {
        Set<String> rest = RestConfigDef.definition().names();
        Set<String> clientSecurity = new ConfigDef().withClientSslSupport().withClientSaslSupport().names();
        List<Section> sections = new ArrayList<>(List.of(
                new Section("Broker", "`bin/ferry broker server.properties`, or the embedded broker with the prefix `ferry.broker.` "
                        + "in the worker's properties. Kafka's names.", BrokerConfig.DEFINITION),
                new Section("Worker", "`bin/ferry standalone connect-standalone.properties ...`: Kafka Connect's names and Ferry's "
                        + "`ferry.*`. Also passed on: `producer.*`, `consumer.*`, `admin.*` (the clients), `key.converter.*`, "
                        + "`value.converter.*`, `header.converter.*`, `config.providers.*`, `ferry.broker.*`.",
                        only(WorkerConfig.DEFINITION, name -> !rest.contains(name) && !clientSecurity.contains(name)
                                && !name.equals(WorkerConfig.SECURITY_PROTOCOL))),
                new Section("Worker: security of its own clients", "In the worker's properties: how the worker's own clients (the "
                        + "offsets topic, admin clients) reach a secured cluster; then `admin.*`. Tasks' producers and consumers take "
                        + "`producer.*` and `consumer.*` (e.g. `producer.security.protocol`), as in Kafka Connect.",
                        only(WorkerConfig.DEFINITION, name -> clientSecurity.contains(name) || name.equals(WorkerConfig.SECURITY_PROTOCOL))),
                new Section("Worker: REST API", "In the worker's properties, beside `listeners`.", RestConfigDef.definition()),
                new Section("Connector configuration", "Every connector's configuration (REST API or properties file): the "
                        + "keys the worker reads; the connector's own keys follow below for Ferry's connectors.", ConnectorConfig.DEFINITION)));
        for (Connector connector : List.of(new FileSourceConnector(), new FileSinkConnector(), new NiFiSiteToSiteSourceConnector(),
                new NiFiSiteToSiteSinkConnector(), new NiFiSiteToSiteClientSourceConnector(), new NiFiSiteToSiteClientSinkConnector(),
                new NiFiListenHttpSourceConnector(), new NiFiHttpSinkConnector())) {
            String name = connector.getClass().getName();
            sections.add(new Section("Connector " + connector.getClass().getSimpleName(), "`connector.class=" + name + "`.",
                    connector.config()));
        }
        return sections;
    }

    private static ConfigDef only(ConfigDef definition, Predicate<String> keep) {
        ConfigDef result = new ConfigDef();
        definition.configKeys().values().stream().filter(key -> keep.test(key.name)).forEach(result::define);
        return result;
    }
}
