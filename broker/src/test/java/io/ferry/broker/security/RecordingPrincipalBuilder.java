package io.ferry.broker.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.KafkaPrincipalSerde;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

/**
 * A {@code principal.builder.class} for tests: Kafka's default builder (with the configured
 * {@code ssl.principal.mapping.rules}) that remembers the principal it built per listener, so a test can see who the
 * broker thinks a connection is (the ACL work checks what principals may do).
 */
public final class RecordingPrincipalBuilder implements KafkaPrincipalBuilder, KafkaPrincipalSerde, Configurable {

    static final Map<String, KafkaPrincipal> LAST = new ConcurrentHashMap<>();
    private DefaultKafkaPrincipalBuilder delegate;

    @Override
    public void configure(Map<String, ?> configs) {
        String rules = (String) configs.get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG);
        delegate = new DefaultKafkaPrincipalBuilder(null, SslPrincipalMapper.fromRules(rules));
    }

    @Override
    public KafkaPrincipal build(AuthenticationContext context) {
        KafkaPrincipal p = delegate.build(context);
        LAST.put(context.listenerName(), p);
        return p;
    }

    @Override
    public byte[] serialize(KafkaPrincipal principal) {
        return delegate.serialize(principal);
    }

    @Override
    public KafkaPrincipal deserialize(byte[] bytes) {
        return delegate.deserialize(bytes);
    }
}
