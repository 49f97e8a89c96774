package io.ferry.broker.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.security.authenticator.CredentialCache;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.Listener;
import io.ferry.broker.network.ListenerSecurity;

/**
 * The security of every listener of a broker, built at start-up so a bad keystore or JAAS entry stops the start with
 * the key named. Hands each listener's {@link ListenerSecurity} to the network server.
 */
public final class BrokerSecurity implements AutoCloseable {

    private final Map<String, BrokerListenerSecurity> listeners = new LinkedHashMap<>();

    public BrokerSecurity(BrokerConfig config, List<Listener> listeners, CredentialCache credentials) {
        try {
            for (Listener l : listeners) {
                this.listeners.put(l.name(), new BrokerListenerSecurity(config, l.name(), credentials));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ListenerSecurity listener(String name) {
        BrokerListenerSecurity s = listeners.get(name);
        if (s == null) {
            throw new IllegalArgumentException("No listener named " + name);
        }
        return s;
    }

    @Override
    public void close() {
        listeners.values().forEach(BrokerListenerSecurity::close);
    }
}
