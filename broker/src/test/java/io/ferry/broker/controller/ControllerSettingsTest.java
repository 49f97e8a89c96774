package io.ferry.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ferry.broker.config.BrokerConfig;

class ControllerSettingsTest {

    @Test
    void kafkaDefaults() {
        ControllerSettings s = ControllerSettings.from(new BrokerConfig(Map.of()));
        assertThat(s).isEqualTo(new ControllerSettings(false, true, Duration.ofSeconds(300), 10, 500));
        assertThat(ControllerSettings.defaults()).isEqualTo(new ControllerSettings(false, true,
                Duration.ofSeconds(300), 10, 0));
    }

    @Test
    void fromBrokerKeys() {
        ControllerSettings s = ControllerSettings.from(new BrokerConfig(Map.of(
                "unclean.leader.election.enable", "true", "auto.leader.rebalance.enable", "false",
                "leader.imbalance.check.interval.seconds", "7", "leader.imbalance.per.broker.percentage", "25",
                "controller.broker.probe.interval.ms", "0")));
        assertThat(s).isEqualTo(new ControllerSettings(true, false, Duration.ofSeconds(7), 25, 0));
    }
}
