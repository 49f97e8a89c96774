package io.ferry.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Which listeners may accept unauthenticated connections from other hosts, and the opt-in that allows it. */
class ListenerExposureTest {

    private static BrokerConfig config(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new BrokerConfig(m);
    }

    @Test
    void loopbackAndAuthenticatingListenersNeedNothing() {
        assertThat(ListenerExposure.check(config("listeners", "PLAINTEXT://localhost:9092"))).isEmpty();
        assertThat(ListenerExposure.check(config("listeners", "PLAINTEXT://127.0.0.1:9092,SASL_SSL://0.0.0.0:9094,"
                + "SASL_PLAINTEXT://:9095", "sasl.enabled.mechanisms", "PLAIN"))).isEmpty();
        assertThat(ListenerExposure.check(config("listeners", "SSL://:9093",
                "listener.name.ssl.ssl.client.auth", "required"))).isEmpty();
    }

    @Test
    void anUnauthenticatedListenerBeyondLoopbackIsRefusedUnlessOptedIn() {
        for (String listeners : new String[] {"PLAINTEXT://:9092", "PLAINTEXT://0.0.0.0:9092", "SSL://[::]:9093"}) {
            assertThatThrownBy(() -> ListenerExposure.check(config("listeners", listeners)))
                    .as(listeners).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(listeners).hasMessageContaining("allow.unauthenticated.remote.listeners=true")
                    .hasMessageContaining("SASL_SSL");
        }
        assertThat(ListenerExposure.check(config("listeners", "PLAINTEXT://localhost:9092,PLAINTEXT2://0.0.0.0:9093",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,PLAINTEXT2:PLAINTEXT",
                "allow.unauthenticated.remote.listeners", "true")))
                .containsExactly("PLAINTEXT2://0.0.0.0:9093");
    }
}
