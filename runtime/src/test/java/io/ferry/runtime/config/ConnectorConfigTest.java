package io.ferry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.runtime.errors.ErrorPolicy;
import io.ferry.runtime.errors.ToleranceType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

    private static Map<String, String> props(String... keysAndValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return props;
    }

    @Test
    void collectsEveryProblemNamingTheConnectorAndTheKey() {
        Map<String, String> bad = props("name", "files", "connector.class", "FileStreamSink", "tasks.max", "0",
                "errors.tolerance", "some", "errors.retry.timeout", "-5",
                "transforms", "a,b", "transforms.a.predicate", "nope", "transforms.b.type", "RegexRouter",
                "transforms.b.negate", "true", "predicates", "p", "topics.regex", "([");
        assertThatThrownBy(() -> ConnectorConfig.parse(bad))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageStartingWith("Configuration of connector 'files' has 8 errors")
                .hasMessageContaining("tasks.max: ")
                .hasMessageContaining("errors.tolerance: ")
                .hasMessageContaining("ALL, NONE")
                .hasMessageContaining("errors.retry.timeout: ")
                .hasMessageContaining("transforms.a.type: missing")
                .hasMessageContaining("transforms.a.predicate: 'nope' is not one of the predicates")
                .hasMessageContaining("transforms.b.negate: is only allowed together with transforms.b.predicate")
                .hasMessageContaining("predicates.p.type: missing")
                .hasMessageContaining("topics.regex: not a valid regular expression");
        assertThat(ConnectorConfig.problems(props())).extracting(ConfigProblem::key).containsExactlyInAnyOrder("name", "connector.class");
    }

    @Test
    void readsTransformationsPredicatesAndErrorSettingsTheKafkaConnectWay() {
        ConnectorConfig config = ConnectorConfig.parse(props("name", "x", "connector.class", "FileStreamSink", "topics", "a, b",
                "transforms", "route", "transforms.route.type", "RegexRouter", "transforms.route.regex", ".*",
                "transforms.route.predicate", "isA", "transforms.route.negate", "true",
                "predicates", "isA", "predicates.isA.type", "TopicNameMatches", "predicates.isA.pattern", "a",
                "errors.tolerance", "ALL", "errors.deadletterqueue.topic.name", "dlq",
                "key.converter", "StringConverter", "key.converter.foo", "bar", "consumer.override.max.poll.records", "5"));
        assertThat(config.transforms()).containsExactly("route");
        assertThat(config.transformType("route")).isEqualTo("RegexRouter");
        assertThat(config.transformProps("route")).isEqualTo(Map.of("type", "RegexRouter", "regex", ".*"));
        assertThat(config.transformPredicate("route")).isEqualTo("isA");
        assertThat(config.transformNegate("route")).isTrue();
        assertThat(config.predicateProps("isA")).isEqualTo(Map.of("type", "TopicNameMatches", "pattern", "a"));
        assertThat(config.topics()).containsExactly("a", "b");
        ErrorPolicy policy = config.errorPolicy();
        assertThat(policy.tolerance()).isEqualTo(ToleranceType.ALL);
        assertThat(policy.dlqTopic()).isEqualTo("dlq");
        assertThat(policy.dlqReplicationFactor()).isEqualTo((short) 3);
        assertThat(config.converter("key.converter")).isEqualTo("StringConverter");
        assertThat(config.converter("value.converter")).isNull();
        assertThat(config.converterProps("key.converter")).isEqualTo(Map.of("foo", "bar"));
        assertThat(config.clientOverrides(ConnectorConfig.CONSUMER_OVERRIDE_PREFIX)).isEqualTo(Map.of("max.poll.records", "5"));
        assertThat(config.sinkProblems()).isEmpty();
    }

    @Test
    void sinksNeedExactlyOneWayOfNamingTopicsAndMayNotConsumeTheirDeadLetterQueue() {
        assertThat(ConnectorConfig.parse(props("name", "x", "connector.class", "S")).sinkProblems())
                .singleElement().asString().contains("topics: a sink connector needs topics or topics.regex (one is required)");
        assertThat(ConnectorConfig.parse(props("name", "x", "connector.class", "S", "topics", "a", "topics.regex", "a.*")).sinkProblems())
                .singleElement().asString().contains("(not both)");
        assertThat(ConnectorConfig.parse(props("name", "x", "connector.class", "S", "topics.regex", "a.*",
                "errors.deadletterqueue.topic.name", "a-dlq")).sinkProblems())
                .singleElement().asString().startsWith("errors.deadletterqueue.topic.name: ");
        assertThat(ConnectorConfig.parse(props("name", "x", "connector.class", "S",
                "errors.deadletterqueue.topic.name", "dlq")).sourceProblems())
                .singleElement().asString().contains("sink connectors only");
    }
}
