package io.ferry.runtime.standalone;

import java.net.UnknownHostException;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import io.ferry.broker.BrokerServer;
import io.ferry.runtime.config.WorkerConfig;

/**
 * Where the worker's own clients reach its embedded broker: the first of the broker's advertised listeners whose
 * security protocol is the worker's {@code security.protocol}, so a broker with a loopback PLAINTEXT listener and a
 * SASL_SSL one serves a worker configured for either.
 */
final class EmbeddedBrokerAddress {

    private EmbeddedBrokerAddress() {
    }

    /**
     * @throws ConfigException naming {@code ferry.broker.listeners} and {@code security.protocol} when no listener of
     *                         the worker's protocol exists
     */
    static String of(BrokerServer broker, WorkerConfig config) throws UnknownHostException {
        SecurityProtocol protocol = config.securityProtocol();
        return broker.bootstrapServers(protocol).orElseThrow(() -> new ConfigException(WorkerConfig.BROKER_PREFIX
                + "listeners", config.brokerProps().get("listeners"), "the embedded broker has no listener for the "
                + "worker's " + WorkerConfig.SECURITY_PROTOCOL + "=" + protocol + "; add one (e.g. " + protocol
                + "://localhost:9094) or set " + WorkerConfig.SECURITY_PROTOCOL + " (and ssl.*, sasl.*) to match one "
                + "of its listeners"));
    }
}
