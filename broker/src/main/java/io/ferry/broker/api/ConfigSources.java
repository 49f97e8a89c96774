package io.ferry.broker.api;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

import io.ferry.broker.config.TopicConfigs;

/** Maps where a topic value came from to DescribeConfigs' config source. */
final class ConfigSources {

    private ConfigSources() {
    }

    static ConfigSource of(TopicConfigs.Source source) {
        return switch (source) {
            case TOPIC -> ConfigSource.TOPIC_CONFIG;
            case BROKER -> ConfigSource.STATIC_BROKER_CONFIG;
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG;
        };
    }
}
