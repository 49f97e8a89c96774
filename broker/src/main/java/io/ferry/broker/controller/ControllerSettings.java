package io.ferry.broker.controller;

import java.time.Duration;
import java.util.Map;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.TopicConfigs;

/**
 * What the controller takes from the broker configuration.
 *
 * @param uncleanLeaderElectionEnable broker default of the topic config {@code unclean.leader.election.enable}
 * @param autoLeaderRebalanceEnable   {@code auto.leader.rebalance.enable}
 * @param leaderImbalanceCheckInterval {@code leader.imbalance.check.interval.seconds}
 * @param leaderImbalancePerBrokerPercentage {@code leader.imbalance.per.broker.percentage}
 * @param brokerProbeIntervalMs {@code controller.broker.probe.interval.ms}: how often the active controller checks
 *     that brokers' listeners accept connections (0: never; then only ZooKeeper sessions tell a crash)
 */
public record ControllerSettings(boolean uncleanLeaderElectionEnable, boolean autoLeaderRebalanceEnable,
                                 Duration leaderImbalanceCheckInterval, int leaderImbalancePerBrokerPercentage,
                                 long brokerProbeIntervalMs) {

    /** Without the crash probe (ZooKeeper sessions alone tell a crash, as in Kafka). */
    public ControllerSettings(boolean uncleanLeaderElectionEnable, boolean autoLeaderRebalanceEnable,
                              Duration leaderImbalanceCheckInterval, int leaderImbalancePerBrokerPercentage) {
        this(uncleanLeaderElectionEnable, autoLeaderRebalanceEnable, leaderImbalanceCheckInterval,
                leaderImbalancePerBrokerPercentage, 0);
    }

    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";

    public ControllerSettings {
        if (leaderImbalanceCheckInterval.isNegative() || leaderImbalanceCheckInterval.isZero()) {
            throw new IllegalArgumentException("leader imbalance check interval must be positive");
        }
    }

    /** Kafka's defaults: no unclean election, auto rebalance every 300 s above 10 %, no crash probe. */
    public static ControllerSettings defaults() {
        return new ControllerSettings(false, true, Duration.ofSeconds(300), 10);
    }

    public static ControllerSettings from(BrokerConfig config) {
        boolean unclean = Boolean.parseBoolean(
                TopicConfigs.resolve(UNCLEAN_LEADER_ELECTION_ENABLE, Map.of(), config).value().trim());
        return new ControllerSettings(unclean, config.autoLeaderRebalanceEnable(),
                Duration.ofMillis(config.leaderImbalanceCheckIntervalMs()),
                config.leaderImbalancePerBrokerPercentage(), config.controllerBrokerProbeIntervalMs());
    }

    public ControllerSettings withUncleanLeaderElection(boolean enable) {
        return new ControllerSettings(enable, autoLeaderRebalanceEnable, leaderImbalanceCheckInterval,
                leaderImbalancePerBrokerPercentage, brokerProbeIntervalMs);
    }

    public ControllerSettings withAutoLeaderRebalance(boolean enable, Duration interval) {
        return new ControllerSettings(uncleanLeaderElectionEnable, enable, interval,
                leaderImbalancePerBrokerPercentage, brokerProbeIntervalMs);
    }
}
