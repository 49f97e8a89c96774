package io.ferry.connect.nifi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.connect.nifi.http.HttpSinkConfig;
import io.ferry.connect.nifi.http.ListenHttpSourceConfig;
import io.ferry.connect.nifi.http.NiFiHttpSinkConnector;
import io.ferry.connect.nifi.http.NiFiHttpSinkTask;
import io.ferry.connect.nifi.http.NiFiListenHttpSourceConnector;
import io.ferry.connect.nifi.http.NiFiListenHttpSourceTask;
import io.ferry.connect.nifi.s2s.client.ClientSinkConfig;
import io.ferry.connect.nifi.s2s.client.ClientSourceConfig;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSinkConnector;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSinkTask;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSourceConnector;
import io.ferry.connect.nifi.s2s.client.NiFiSiteToSiteClientSourceTask;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSinkConnector;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSinkTask;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceConnector;
import io.ferry.connect.nifi.s2s.server.NiFiSiteToSiteSourceTask;
import io.ferry.connect.nifi.s2s.server.SiteToSiteSinkConfig;
import io.ferry.connect.nifi.s2s.server.SiteToSiteSourceConfig;
import io.ferry.connect.nifi.testing.Sites;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every connector of the plugin does alike: validate, hand the properties to its tasks, describe itself. */
class ConnectorsTest {

    private record Case(Supplier<Connector> connector, Class<?> kind, Class<? extends Task> task, ConfigDef definition,
            Map<String, String> valid, int tasksOfThree) {

        @Override
        public String toString() {
            return connector.get().getClass().getSimpleName();
        }
    }

    private static final String REMOTE = "http://localhost:1/nifi";

    static Stream<Case> connectors() {
        return Stream.of(
                new Case(NiFiHttpSinkConnector::new, SinkConnector.class, NiFiHttpSinkTask.class, HttpSinkConfig.CONFIG_DEF,
                        Map.of("http.url", "http://localhost:1/contentListener"), 3),
                new Case(NiFiListenHttpSourceConnector::new, SourceConnector.class, NiFiListenHttpSourceTask.class,
                        ListenHttpSourceConfig.CONFIG_DEF, Map.of("topic", "events"), 1),
                new Case(NiFiSiteToSiteClientSinkConnector::new, SinkConnector.class, NiFiSiteToSiteClientSinkTask.class,
                        ClientSinkConfig.CONFIG_DEF, Map.of("nifi.urls", REMOTE, "nifi.port.name", "in"), 3),
                new Case(NiFiSiteToSiteClientSourceConnector::new, SourceConnector.class, NiFiSiteToSiteClientSourceTask.class,
                        ClientSourceConfig.CONFIG_DEF, Map.of("nifi.urls", REMOTE, "nifi.port.name", "out", "topic", "t"), 3),
                new Case(NiFiSiteToSiteSinkConnector::new, SinkConnector.class, NiFiSiteToSiteSinkTask.class,
                        SiteToSiteSinkConfig.CONFIG_DEF, Sites.sink("out", "to-nifi"), 3),
                new Case(NiFiSiteToSiteSourceConnector::new, SourceConnector.class, NiFiSiteToSiteSourceTask.class,
                        SiteToSiteSourceConfig.CONFIG_DEF, Sites.source("in", "from-nifi", "events"), 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void describesItself(Case c) {
        Connector connector = c.connector().get();

        assertThat(connector).isInstanceOf(c.kind());
        assertThat(connector.taskClass()).isEqualTo(c.task());
        assertThat(connector.config()).isSameAs(c.definition());
        assertThat(connector.version()).isEqualTo(Version.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void givesEachTaskTheValidatedProperties(Case c) {
        Connector connector = c.connector().get();

        connector.start(c.valid());

        assertThat(connector.taskConfigs(3)).hasSize(c.tasksOfThree())
                .allSatisfy(props -> assertThat(props).isEqualTo(c.valid()));
        connector.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void refusesPropertiesItsConfigurationRejects(Case c) {
        assertThatThrownBy(() -> c.connector().get().start(Map.of())).isInstanceOf(ConfigException.class);
    }
}
