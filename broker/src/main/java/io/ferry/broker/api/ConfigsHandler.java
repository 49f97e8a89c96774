package io.ferry.broker.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.ferry.broker.acl.Authorization;
import io.ferry.broker.cluster.ClusterMetadata;
import io.ferry.broker.cluster.DynamicBrokerConfigs;
import io.ferry.broker.cluster.TopicMetadata;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.TopicConfigs;
import io.ferry.broker.network.RequestContext;

/**
 * DescribeConfigs 1-4 for topics (values, sources, synonyms) and this broker; AlterConfigs 0-2 and
 * IncrementalAlterConfigs 0-1 for topics, and for brokers the replication throttle rates (the only dynamic broker
 * settings; the others are static, in server.properties). Describing needs
 * DESCRIBE_CONFIGS, altering ALTER_CONFIGS, on the topic (else TOPIC_AUTHORIZATION_FAILED), group
 * (GROUP_AUTHORIZATION_FAILED) or, for other resources, the cluster (CLUSTER_AUTHORIZATION_FAILED).
 */
public final class ConfigsHandler implements ApiFamily {

    private final ClusterMetadata metadata;
    private final BrokerConfig config;
    private final Authorization authz;
    private final DynamicBrokerConfigChanges dynamic;

    public ConfigsHandler(ClusterMetadata metadata, BrokerConfig config, Authorization authz,
                          DynamicBrokerConfigs dynamic) {
        this.metadata = metadata;
        this.config = config;
        this.authz = authz;
        this.dynamic = new DynamicBrokerConfigChanges(dynamic);
    }

    @Override
    public void registerWith(ApiRegistry registry) {
        registry.register(ApiKeys.DESCRIBE_CONFIGS, 1, 4,
                (RequestContext ctx, DescribeConfigsRequest r) -> ApiHandler.done(describe(ctx, r)));
        registry.register(ApiKeys.ALTER_CONFIGS, 0, 2,
                (RequestContext ctx, AlterConfigsRequest r) -> ApiHandler.done(alter(ctx, r)));
        registry.register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1,
                (RequestContext ctx, IncrementalAlterConfigsRequest r) -> ApiHandler.done(incrementalAlter(ctx, r)));
    }

    /** NONE when {@code op} is allowed on the config resource, else the authorization error its kind gets. */
    private Errors authorize(RequestContext ctx, AclOperation op, byte resourceType, String name) {
        ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
        if (type == ConfigResource.Type.TOPIC) {
            return authz.allowed(ctx, op, ResourceType.TOPIC, name) ? Errors.NONE : Errors.TOPIC_AUTHORIZATION_FAILED;
        }
        if (type == ConfigResource.Type.GROUP) {
            return authz.allowed(ctx, op, ResourceType.GROUP, name) ? Errors.NONE : Errors.GROUP_AUTHORIZATION_FAILED;
        }
        return authz.allowedOnCluster(ctx, op) ? Errors.NONE : Errors.CLUSTER_AUTHORIZATION_FAILED;
    }

    private DescribeConfigsResponse describe(RequestContext ctx, DescribeConfigsRequest request) {
        boolean synonyms = request.data().includeSynonyms();
        boolean docs = request.data().includeDocumentation();
        DescribeConfigsResponseData resp = new DescribeConfigsResponseData();
        for (DescribeConfigsResource res : request.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(res.resourceType())
                    .setResourceName(res.resourceName());
            Errors denied = authorize(ctx, AclOperation.DESCRIBE_CONFIGS, res.resourceType(), res.resourceName());
            if (denied != Errors.NONE) {
                resp.results().add(result.setErrorCode(denied.code()).setErrorMessage(denied.message()));
                continue;
            }
            Set<String> keys = res.configurationKeys() == null ? null : new LinkedHashSet<>(res.configurationKeys());
            try {
                ConfigResource.Type type = ConfigResource.Type.forId(res.resourceType());
                if (type == ConfigResource.Type.TOPIC) {
                    describeTopic(res.resourceName(), keys, synonyms, docs, result.configs());
                } else if (type == ConfigResource.Type.BROKER) {
                    checkBroker(res.resourceName());
                    describeBroker(keys, docs, result.configs());
                    dynamic.describe(config.nodeId(), keys, result.configs());
                } else {
                    throw new InvalidRequestException("Describing " + type + " configs is not supported");
                }
                result.setErrorCode(Errors.NONE.code());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            resp.results().add(result);
        }
        return new DescribeConfigsResponse(resp);
    }

    private void describeTopic(String name, Set<String> keys, boolean synonyms, boolean docs,
                               List<DescribeConfigsResourceResult> out) {
        TopicMetadata t = topic(name);
        for (TopicConfigs.Resolved r : TopicConfigs.resolveAll(t.configs(), config).values()) {
            if (keys != null && !keys.contains(r.name())) {
                continue;
            }
            TopicConfigs.Setting s = TopicConfigs.setting(r.name()).orElseThrow();
            DescribeConfigsResourceResult c = new DescribeConfigsResourceResult().setName(r.name()).setValue(r.value())
                    .setReadOnly(false).setIsSensitive(false).setConfigSource(ConfigSources.of(r.source()).id())
                    .setConfigType(type(s.type()).id()).setDocumentation(docs ? s.doc() : null);
            if (synonyms) {
                if (t.configs().containsKey(r.name())) {
                    c.synonyms().add(synonym(r.name(), t.configs().get(r.name()), ConfigSource.TOPIC_CONFIG));
                }
                for (TopicConfigs.Synonym syn : s.synonyms()) {
                    config.explicitValue(syn.brokerKey()).ifPresent(v ->
                            c.synonyms().add(synonym(syn.brokerKey(), v, ConfigSource.STATIC_BROKER_CONFIG)));
                }
                String defaultName = s.synonyms().isEmpty() ? s.name() : s.synonyms().get(0).brokerKey();
                c.synonyms().add(synonym(defaultName, TopicConfigs.render(s.defaultValue()),
                        ConfigSource.DEFAULT_CONFIG));
            }
            out.add(c);
        }
    }

    private void describeBroker(Set<String> keys, boolean docs, List<DescribeConfigsResourceResult> out) {
        for (ConfigDef.ConfigKey key : BrokerConfig.DEFINITION.configKeys().values()) {
            if (keys != null && !keys.contains(key.name)) {
                continue;
            }
            Optional<String> explicit = config.explicitValue(key.name);
            boolean sensitive = key.type == ConfigDef.Type.PASSWORD;
            String value = sensitive ? null : explicit.orElse(TopicConfigs.render(key.defaultValue));
            out.add(new DescribeConfigsResourceResult().setName(key.name).setValue(value).setReadOnly(true)
                    .setIsSensitive(sensitive)
                    .setConfigSource((explicit.isPresent() ? ConfigSource.STATIC_BROKER_CONFIG
                            : ConfigSource.DEFAULT_CONFIG).id())
                    .setConfigType(type(key.type).id()).setDocumentation(docs ? key.documentation : null));
        }
    }

    private AlterConfigsResponse alter(RequestContext ctx, AlterConfigsRequest request) {
        AlterConfigsResponseData resp = new AlterConfigsResponseData();
        for (AlterConfigsRequestData.AlterConfigsResource res : request.data().resources()) {
            Map<String, String> configs = new HashMap<>();
            res.configs().forEach(c -> configs.put(c.name(), c.value()));
            Errors denied = authorize(ctx, AclOperation.ALTER_CONFIGS, res.resourceType(), res.resourceName());
            ApiError error = denied != Errors.NONE ? new ApiError(denied, denied.message())
                    : apply(res.resourceType(), res.resourceName(), t -> configs, request.data().validateOnly());
            resp.responses().add(new AlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(res.resourceType()).setResourceName(res.resourceName())
                    .setErrorCode(error.error().code()).setErrorMessage(error.message()));
        }
        return new AlterConfigsResponse(resp);
    }

    private IncrementalAlterConfigsResponse incrementalAlter(RequestContext ctx,
                                                             IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData resp = new IncrementalAlterConfigsResponseData();
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource res : request.data().resources()) {
            boolean broker = res.resourceType() == ConfigResource.Type.BROKER.id();
            Errors denied = authorize(ctx, AclOperation.ALTER_CONFIGS, res.resourceType(), res.resourceName());
            ApiError error = denied != Errors.NONE ? new ApiError(denied, denied.message())
                    : broker ? dynamic.alter(res.resourceName(), res.configs(), request.data().validateOnly())
                    : apply(res.resourceType(), res.resourceName(), t -> {
                Map<String, String> configs = new HashMap<>(t.configs());
                for (IncrementalAlterConfigsRequestData.AlterableConfig c : res.configs()) {
                    applyOp(t, configs, c);
                }
                return configs;
            }, request.data().validateOnly());
            resp.responses().add(new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                    .setResourceType(res.resourceType()).setResourceName(res.resourceName())
                    .setErrorCode(error.error().code()).setErrorMessage(error.message()));
        }
        return new IncrementalAlterConfigsResponse(resp);
    }

    private void applyOp(TopicMetadata t, Map<String, String> configs,
                         IncrementalAlterConfigsRequestData.AlterableConfig c) {
        switch (c.configOperation()) {
            case 0 -> configs.put(c.name(), c.value());
            case 1 -> configs.remove(c.name());
            case 2, 3 -> {
                String current = configs.getOrDefault(c.name(),
                        TopicConfigs.resolve(c.name(), t.configs(), config).value());
                List<String> items = new ArrayList<>(current == null || current.isBlank() ? List.of()
                        : Arrays.asList(current.split("\\s*,\\s*")));
                List<String> change = Arrays.asList(c.value().split("\\s*,\\s*"));
                if (c.configOperation() == 2) {
                    change.stream().filter(v -> !items.contains(v)).forEach(items::add);
                } else {
                    items.removeAll(change);
                }
                configs.put(c.name(), String.join(",", items));
            }
            default -> throw new InvalidRequestException("Unknown config operation " + c.configOperation()
                    + " for " + c.name() + "; allowed: 0 (SET), 1 (DELETE), 2 (APPEND), 3 (SUBTRACT)");
        }
    }

    private ApiError apply(byte resourceType, String name,
                           java.util.function.Function<TopicMetadata, Map<String, String>> newConfigs,
                           boolean validateOnly) {
        try {
            ConfigResource.Type type = ConfigResource.Type.forId(resourceType);
            if (type == ConfigResource.Type.BROKER) {
                throw new InvalidRequestException("Broker configs are static in Ferry: edit server.properties and "
                        + "restart the broker");
            }
            if (type != ConfigResource.Type.TOPIC) {
                throw new InvalidRequestException("Altering " + type + " configs is not supported");
            }
            for (String key : newConfigs.apply(topic(name)).keySet()) {
                if (TopicConfigs.setting(key).isEmpty()) {
                    throw new InvalidConfigurationException("Unknown topic config '" + key + "'");
                }
            }
            metadata.alterTopicConfigs(name, newConfigs.apply(topic(name)), validateOnly);
            return ApiError.NONE;
        } catch (ApiException e) {
            return ApiError.fromThrowable(e);
        }
    }

    private TopicMetadata topic(String name) {
        return metadata.topic(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
    }

    private void checkBroker(String name) {
        if (!name.isEmpty() && !name.equals(Integer.toString(config.nodeId()))) {
            throw new InvalidRequestException("Unknown broker '" + name + "'; this is broker " + config.nodeId());
        }
    }

    private static DescribeConfigsSynonym synonym(String name, String value, ConfigSource source) {
        return new DescribeConfigsSynonym().setName(name).setValue(value).setSource(source.id());
    }

    private static ConfigType type(ConfigDef.Type type) {
        return switch (type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
