package io.ferry.broker.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import io.ferry.broker.cluster.DynamicBrokerConfigs;

/**
 * IncrementalAlterConfigs and DescribeConfigs of the dynamic broker settings (the replication throttle rates that
 * {@code kafka-reassign-partitions --throttle} sets and {@code --verify} removes) for one broker id, or for all
 * brokers with an empty resource name. Every other broker setting is static (server.properties).
 */
final class DynamicBrokerConfigChanges {

    private static final String LOG_DIR_MOVE_RATE = "replica.alter.log.dirs.io.max.bytes.per.second";

    private final DynamicBrokerConfigs dynamic;

    DynamicBrokerConfigChanges(DynamicBrokerConfigs dynamic) {
        this.dynamic = dynamic;
    }

    ApiError alter(String resourceName, java.util.Collection<AlterableConfig> changes, boolean validateOnly) {
        try {
            String broker = broker(resourceName);
            for (AlterableConfig c : changes) {
                check(c);
            }
            if (!validateOnly) {
                dynamic.update(broker, current -> {
                    Map<String, String> next = new TreeMap<>(current);
                    for (AlterableConfig c : changes) {
                        if (c.name().equals(LOG_DIR_MOVE_RATE)) {
                            continue;
                        }
                        if (c.configOperation() == 0) {
                            next.put(c.name(), c.value().trim());
                        } else {
                            next.remove(c.name());
                        }
                    }
                    return next;
                });
            }
            return ApiError.NONE;
        } catch (ApiException e) {
            return ApiError.fromThrowable(e);
        }
    }

    /** The dynamic settings of broker {@code id} as DescribeConfigs entries (its own value, else the default). */
    void describe(int id, java.util.Set<String> keys, List<DescribeConfigsResourceResult> out) {
        for (String key : new java.util.TreeSet<>(DynamicBrokerConfigs.KEYS)) {
            if (keys != null && !keys.contains(key)) {
                continue;
            }
            String own = dynamic.get(Integer.toString(id)).get(key);
            String all = dynamic.get(DynamicBrokerConfigs.DEFAULT).get(key);
            ConfigSource source = own != null ? ConfigSource.DYNAMIC_BROKER_CONFIG
                    : all != null ? ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
            out.add(new DescribeConfigsResourceResult().setName(key)
                    .setValue(own != null ? own : all != null ? all : Long.toString(Long.MAX_VALUE))
                    .setReadOnly(false).setIsSensitive(false).setConfigSource(source.id())
                    .setConfigType(ConfigType.LONG.id()));
        }
    }

    private static String broker(String resourceName) {
        if (resourceName.isEmpty()) {
            return DynamicBrokerConfigs.DEFAULT;
        }
        try {
            return Integer.toString(Integer.parseInt(resourceName.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Unknown broker '" + resourceName + "': expected a broker id, or an "
                    + "empty name for every broker");
        }
    }

    private static void check(AlterableConfig c) {
        if (c.name().equals(LOG_DIR_MOVE_RATE)) {
            // --verify clears it with the other throttles; Ferry does not move replicas between log directories.
            if (c.configOperation() != 1) {
                throw new InvalidRequestException(LOG_DIR_MOVE_RATE + " throttles moves between log directories, "
                        + "which Ferry does not support");
            }
            return;
        }
        if (!DynamicBrokerConfigs.KEYS.contains(c.name())) {
            throw new InvalidRequestException("Broker config '" + c.name() + "' is static in Ferry: edit "
                    + "server.properties and restart the broker; dynamic: " + String.join(", ",
                    new java.util.TreeSet<>(DynamicBrokerConfigs.KEYS)));
        }
        switch (c.configOperation()) {
            case 0 -> {
                try {
                    if (c.value() == null || Long.parseLong(c.value().trim()) < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidConfigurationException(c.name() + "=" + c.value()
                            + " is not a rate in bytes per second (a whole number, 0 or more)");
                }
            }
            case 1 -> {
            }
            default -> throw new InvalidRequestException(c.name() + " can only be SET or DELETEd");
        }
    }
}
