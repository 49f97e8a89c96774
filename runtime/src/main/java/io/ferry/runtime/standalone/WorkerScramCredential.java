package io.ferry.runtime.standalone;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.Listener;
import io.ferry.broker.security.FileScramCredentialStore;
import io.ferry.broker.security.ScramCredentialStore.Change;
import io.ferry.runtime.config.WorkerConfig;

/**
 * The worker's own SCRAM login on its embedded broker, so a worker and its broker secured with SCRAM start without a
 * separate {@code ferry scram} step: when the worker's clients log in with SCRAM ({@code sasl.mechanism}
 * SCRAM-SHA-256/512, {@code sasl.jaas.config} of ScramLoginModule with username and password), a listener of the
 * embedded single-node broker with the worker's {@code security.protocol} enables that mechanism, and the broker has
 * no credential of that user and mechanism yet, it is created in the broker's data folder before the broker starts.
 * An existing credential is never changed (a changed password goes through {@code kafka-configs}).
 */
final class WorkerScramCredential {

    private static final Logger log = LoggerFactory.getLogger(WorkerScramCredential.class);
    private static final int ITERATIONS = 4096;

    private WorkerScramCredential() {
    }

    static void ensure(WorkerConfig worker, BrokerConfig broker) throws IOException {
        Object mechanismName = worker.originals().get(SaslConfigs.SASL_MECHANISM);
        ScramMechanism mechanism = mechanismName == null ? null
                : ScramMechanism.forMechanismName(mechanismName.toString().trim());
        if (mechanism == null || broker.zookeeperConnect().isPresent() || !enabled(worker, broker, mechanism)) {
            return;
        }
        Optional<Map<String, ?>> login = scramLogin(worker);
        Object user = login.map(o -> o.get("username")).orElse(null);
        Object password = login.map(o -> o.get("password")).orElse(null);
        if (user == null || password == null) {
            return;
        }
        FileScramCredentialStore store = FileScramCredentialStore.in(broker.logDirs());
        if (store.load().getOrDefault(user.toString(), Map.of()).containsKey(mechanism)) {
            return;
        }
        store.apply(List.of(new Change(user.toString(), mechanism, credential(mechanism, password.toString()))));
        log.info("Created the {} credential of the worker's user {} on the embedded broker (it had none)",
                mechanism.mechanismName(), user);
    }

    /** Whether a listener of the worker's security protocol enables {@code mechanism}. */
    private static boolean enabled(WorkerConfig worker, BrokerConfig broker, ScramMechanism mechanism) {
        for (String l : broker.listeners()) {
            String name = Listener.parse(BrokerConfig.LISTENERS, l).name();
            if (broker.securityProtocol(name) == worker.securityProtocol()) {
                Object mechanisms = broker.listenerValues(name).get("sasl.enabled.mechanisms");
                if (mechanisms instanceof List<?> list && list.contains(mechanism.mechanismName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The options of the worker's ScramLoginModule entry in {@code sasl.jaas.config}, parsed by kafka-clients. */
    private static Optional<Map<String, ?>> scramLogin(WorkerConfig worker) {
        Object jaas = worker.originals().get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas == null) {
            return Optional.empty();
        }
        Password value = jaas instanceof Password p ? p : new Password(jaas.toString());
        List<AppConfigurationEntry> entries;
        try {
            entries = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, value)).configurationEntries();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the worker's clients report a malformed sasl.jaas.config when they start
        }
        return entries.stream().filter(e -> e.getLoginModuleName().equals(ScramLoginModule.class.getName()))
                .<Map<String, ?>>map(AppConfigurationEntry::getOptions).findFirst();
    }

    private static ScramCredential credential(ScramMechanism mechanism, String password) {
        try {
            return new ScramFormatter(mechanism).generateCredential(password, ITERATIONS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(mechanism.mechanismName() + " is not available in this JVM", e);
        }
    }
}
