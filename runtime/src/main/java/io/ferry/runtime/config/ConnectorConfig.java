package io.ferry.runtime.config;

import io.ferry.runtime.errors.ErrorPolicy;
import io.ferry.runtime.errors.ToleranceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys every connector configuration may carry, read by the runtime (the connector's own keys
 * are passed to it unchanged): {@code name}, {@code connector.class}, {@code tasks.max},
 * converter overrides, {@code transforms} and {@code predicates}, {@code errors.*}, and for sinks
 * {@code topics} or {@code topics.regex} and the dead letter queue.
 *
 * <p>Transformations and predicates follow Kafka Connect: {@code transforms=a,b} with
 * {@code transforms.a.type=<class>} and the transformation's own settings under
 * {@code transforms.a.}; {@code transforms.a.predicate=p} with {@code transforms.a.negate};
 * {@code predicates=p} with {@code predicates.p.type=<class>} and its settings under
 * {@code predicates.p.}.
 */
public final class ConnectorConfig extends AbstractConfig {

    public static final String NAME = "name";
    public static final String CONNECTOR_CLASS = "connector.class";
    public static final String TASKS_MAX = "tasks.max";
    public static final String TASKS_MAX_ENFORCE = "tasks.max.enforce";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String TRANSFORMS = "transforms";
    public static final String PREDICATES = "predicates";
    public static final String TOPICS = "topics";
    public static final String TOPICS_REGEX = "topics.regex";
    public static final String ERRORS_RETRY_TIMEOUT = "errors.retry.timeout";
    public static final String ERRORS_RETRY_MAX_DELAY = "errors.retry.delay.max.ms";
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    public static final String ERRORS_LOG_ENABLE = "errors.log.enable";
    public static final String ERRORS_LOG_INCLUDE_MESSAGES = "errors.log.include.messages";
    public static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";
    public static final String DLQ_REPLICATION_FACTOR = "errors.deadletterqueue.topic.replication.factor";
    public static final String DLQ_CONTEXT_HEADERS = "errors.deadletterqueue.context.headers.enable";
    public static final String EXACTLY_ONCE_SUPPORT = "exactly.once.support";
    public static final String TRANSACTION_BOUNDARY = "transaction.boundary";
    public static final String TRANSACTION_BOUNDARY_INTERVAL_MS = "transaction.boundary.interval.ms";
    public static final String OFFSETS_STORAGE_TOPIC = "offsets.storage.topic";
    public static final String SCHEDULE_CRON = "schedule.cron";
    public static final String SCHEDULE_IDLE_MS = "schedule.idle.ms";

    /** Within {@code transforms.<alias>.}: the class, the predicate alias and whether to negate it. */
    public static final String TYPE = "type";
    public static final String PREDICATE = "predicate";
    public static final String NEGATE = "negate";

    /** Prefixes of a connector's overrides of its Kafka clients' settings. */
    public static final String PRODUCER_OVERRIDE_PREFIX = "producer.override.";
    public static final String CONSUMER_OVERRIDE_PREFIX = "consumer.override.";
    public static final String ADMIN_OVERRIDE_PREFIX = "admin.override.";

    public static final ConfigDef DEFINITION = definition();

    private static ConfigDef definition() {
        return new ConfigDef()
                .define(NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                        Importance.HIGH, "unique name of the connector")
                .define(CONNECTOR_CLASS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "the connector: full class name, simple name, or simple name without 'Connector'")
                .define(TASKS_MAX, Type.INT, 1, Range.atLeast(1), Importance.HIGH, "most tasks the connector may run")
                .define(TASKS_MAX_ENFORCE, Type.BOOLEAN, true, Importance.LOW,
                        "fail the connector if it asks for more than tasks.max tasks")
                .define(KEY_CONVERTER, Type.STRING, null, Importance.LOW, "key converter instead of the worker's")
                .define(VALUE_CONVERTER, Type.STRING, null, Importance.LOW, "value converter instead of the worker's")
                .define(HEADER_CONVERTER, Type.STRING, null, Importance.LOW, "header converter instead of the worker's")
                .define(TRANSFORMS, Type.LIST, "", Importance.LOW, "aliases of the transformations, applied in order")
                .define(PREDICATES, Type.LIST, "", Importance.LOW, "aliases of the predicates transformations may use")
                .define(TOPICS, Type.LIST, "", Importance.HIGH, "sinks: topics to consume")
                .define(TOPICS_REGEX, Type.STRING, "", Importance.HIGH, "sinks: regular expression of topics to consume")
                .define(ERRORS_RETRY_TIMEOUT, Type.LONG, 0L, Range.atLeast(-1), Importance.MEDIUM,
                        "how long a failed conversion or transformation is retried (ms); 0 never, -1 forever")
                .define(ERRORS_RETRY_MAX_DELAY, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                        "longest wait between retries (ms)")
                .define(ERRORS_TOLERANCE, Type.STRING, ToleranceType.NONE.value(),
                        ConfigDef.CaseInsensitiveValidString.in(ToleranceType.NONE.value(), ToleranceType.ALL.value()),
                        Importance.MEDIUM, "none: an error fails the task; all: failing records are skipped")
                .define(ERRORS_LOG_ENABLE, Type.BOOLEAN, false, Importance.MEDIUM, "log each failed record")
                .define(ERRORS_LOG_INCLUDE_MESSAGES, Type.BOOLEAN, false, Importance.MEDIUM,
                        "include keys and values in those log lines")
                .define(DLQ_TOPIC, Type.STRING, "", Importance.MEDIUM, "sinks: topic receiving failed records")
                .define(DLQ_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.LOW,
                        "replication factor of the dead letter queue topic when it is created")
                .define(DLQ_CONTEXT_HEADERS, Type.BOOLEAN, false, Importance.MEDIUM,
                        "add __connect.errors.* headers describing the failure to dead letter queue records")
                .define(EXACTLY_ONCE_SUPPORT, Type.STRING, "requested", ConfigDef.CaseInsensitiveValidString.in("requested", "required"),
                        Importance.MEDIUM, "sources: required refuses the connector unless it declares exactly-once support "
                                + "and the worker has exactly.once.source.support=enabled")
                .define(TRANSACTION_BOUNDARY, Type.STRING, TransactionBoundary.POLL.value(),
                        ConfigDef.CaseInsensitiveValidString.in(TransactionBoundary.configValues()), Importance.MEDIUM,
                        "sources with exactly-once delivery: a transaction per poll() batch, per interval, or as the connector "
                                + "defines through its TransactionContext")
                .define(TRANSACTION_BOUNDARY_INTERVAL_MS, Type.LONG, null, ConfigDef.LambdaValidator.with((key, value) -> {
                            if (value != null && (Long) value < 0) {
                                throw new ConfigException(key, value, "Value must be at least 0");
                            }
                        }, () -> "[0,...]"), Importance.LOW,
                        "with transaction.boundary=interval: how often a transaction is committed (default offset.flush.interval.ms)")
                .define(OFFSETS_STORAGE_TOPIC, Type.STRING, null, Importance.LOW,
                        "sources with exactly-once delivery: the connector's own offsets topic (default the worker's offset.storage.topic)")
                .define(SCHEDULE_CRON, Type.STRING, null, Importance.MEDIUM,
                        "Quartz cron expression (seconds first, e.g. '0 0/15 * * * ?'): the tasks run at each firing until idle, "
                                + "then stop until the next firing")
                .define(SCHEDULE_IDLE_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                        "with schedule.cron: how long the tasks may report nothing new before they are stopped until the next firing");
    }

    private final Map<String, String> props;

    private ConnectorConfig(Map<String, String> props) {
        super(DEFINITION, props, false);
        this.props = Map.copyOf(props);
    }

    /**
     * Checks the runtime's keys (not the plugins: see the worker's validation).
     *
     * @throws ConnectorConfigException listing every problem
     */
    public static ConnectorConfig parse(Map<String, String> props) {
        List<ConfigProblem> problems = problems(props);
        if (!problems.isEmpty()) {
            throw new ConnectorConfigException(props.get(NAME), problems);
        }
        return new ConnectorConfig(props);
    }

    /** Every problem with the runtime's keys of {@code props}. */
    public static List<ConfigProblem> problems(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>(ConfigProblem.validate(DEFINITION, props, ""));
        List<String> transforms = aliases(props.get(TRANSFORMS));
        List<String> predicates = aliases(props.get(PREDICATES));
        duplicates(TRANSFORMS, transforms, problems);
        duplicates(PREDICATES, predicates, problems);
        for (String alias : transforms) {
            String prefix = TRANSFORMS + "." + alias + ".";
            if (isBlank(props.get(prefix + TYPE))) {
                problems.add(new ConfigProblem(prefix + TYPE, "missing: the class of transformation '" + alias + "'"));
            }
            String predicate = props.get(prefix + PREDICATE);
            if (!isBlank(predicate) && !predicates.contains(predicate.trim())) {
                problems.add(new ConfigProblem(prefix + PREDICATE, "'" + predicate.trim() + "' is not one of the predicates "
                        + PREDICATES + "=" + predicates));
            }
            String negate = props.get(prefix + NEGATE);
            if (negate != null && !negate.trim().equalsIgnoreCase("true") && !negate.trim().equalsIgnoreCase("false")) {
                problems.add(new ConfigProblem(prefix + NEGATE, "must be true or false, not '" + negate + "'"));
            } else if (negate != null && isBlank(predicate)) {
                problems.add(new ConfigProblem(prefix + NEGATE, "is only allowed together with " + prefix + PREDICATE));
            }
        }
        for (String alias : predicates) {
            String key = PREDICATES + "." + alias + "." + TYPE;
            if (isBlank(props.get(key))) {
                problems.add(new ConfigProblem(key, "missing: the class of predicate '" + alias + "'"));
            }
        }
        String regex = props.get(TOPICS_REGEX);
        if (!isBlank(regex)) {
            try {
                Pattern.compile(regex.trim());
            } catch (PatternSyntaxException e) {
                problems.add(new ConfigProblem(TOPICS_REGEX, "not a valid regular expression: " + e.getDescription()));
            }
        }
        return problems;
    }

    /**
     * The sink-only rules: exactly one of {@code topics} and {@code topics.regex}, and the dead
     * letter queue topic not among the consumed topics.
     */
    public List<ConfigProblem> sinkProblems() {
        List<ConfigProblem> problems = new ArrayList<>();
        boolean hasTopics = !topics().isEmpty();
        boolean hasRegex = !topicsRegex().isEmpty();
        if (hasTopics == hasRegex) {
            String what = hasTopics ? "not both" : "one is required";
            problems.add(new ConfigProblem(TOPICS, "a sink connector needs " + TOPICS + " or " + TOPICS_REGEX + " (" + what + ")"));
        }
        String dlq = errorPolicy().dlqTopic();
        if (!dlq.isEmpty() && (topics().contains(dlq) || (hasRegex && Pattern.matches(topicsRegex(), dlq)))) {
            problems.add(new ConfigProblem(DLQ_TOPIC, "the dead letter queue topic '" + dlq + "' must not be a topic the connector consumes"));
        }
        return problems;
    }

    /** Every problem of a source connector's configuration with the sink-only keys. */
    public List<ConfigProblem> sourceProblems() {
        List<ConfigProblem> problems = new ArrayList<>();
        if (errorPolicy().hasDeadLetterQueue()) {
            problems.add(new ConfigProblem(DLQ_TOPIC, "dead letter queues are for sink connectors only"));
        }
        return problems;
    }

    /** The configuration as given. */
    public Map<String, String> props() {
        return props;
    }

    public String name() {
        return getString(NAME);
    }

    public String connectorClass() {
        return getString(CONNECTOR_CLASS).trim();
    }

    public int tasksMax() {
        return getInt(TASKS_MAX);
    }

    public boolean tasksMaxEnforce() {
        return getBoolean(TASKS_MAX_ENFORCE);
    }

    /** The converter class given for {@code classKey} ({@link #KEY_CONVERTER}, ...), or null for the worker's. */
    public String converter(String classKey) {
        String value = getString(classKey);
        return isBlank(value) ? null : value.trim();
    }

    /** The converter's settings: the keys under {@code <classKey>.}, without the prefix. */
    public Map<String, Object> converterProps(String classKey) {
        return originalsWithPrefix(classKey + ".");
    }

    public List<String> transforms() {
        return aliases(props.get(TRANSFORMS));
    }

    public List<String> predicates() {
        return aliases(props.get(PREDICATES));
    }

    /** The class of transformation {@code alias}. */
    public String transformType(String alias) {
        return props.get(TRANSFORMS + "." + alias + "." + TYPE).trim();
    }

    /** The predicate alias of transformation {@code alias}, or null. */
    public String transformPredicate(String alias) {
        String predicate = props.get(TRANSFORMS + "." + alias + "." + PREDICATE);
        return isBlank(predicate) ? null : predicate.trim();
    }

    public boolean transformNegate(String alias) {
        return Boolean.parseBoolean(props.getOrDefault(TRANSFORMS + "." + alias + "." + NEGATE, "false").trim());
    }

    /** The settings of transformation {@code alias} (with {@code type}, as Kafka Connect passes them), without the prefix. */
    public Map<String, String> transformProps(String alias) {
        Map<String, String> result = withPrefix(TRANSFORMS + "." + alias + ".");
        result.remove(PREDICATE);
        result.remove(NEGATE);
        return result;
    }

    public String predicateType(String alias) {
        return props.get(PREDICATES + "." + alias + "." + TYPE).trim();
    }

    /** The settings of predicate {@code alias} (with {@code type}), without the prefix. */
    public Map<String, String> predicateProps(String alias) {
        return withPrefix(PREDICATES + "." + alias + ".");
    }

    public List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String topic : getList(TOPICS)) {
            if (!topic.isBlank()) {
                topics.add(topic.trim());
            }
        }
        return topics;
    }

    public String topicsRegex() {
        return getString(TOPICS_REGEX).trim();
    }

    /** Whether {@code exactly.once.support=required}. */
    public boolean exactlyOnceRequired() {
        return "required".equalsIgnoreCase(getString(EXACTLY_ONCE_SUPPORT));
    }

    public TransactionBoundary transactionBoundary() {
        return TransactionBoundary.parse(getString(TRANSACTION_BOUNDARY));
    }

    /** {@code transaction.boundary.interval.ms}, or null for the worker's {@code offset.flush.interval.ms}. */
    public Long transactionBoundaryIntervalMs() {
        return getLong(TRANSACTION_BOUNDARY_INTERVAL_MS);
    }

    /** The connector's own offsets topic, or null for the worker's. */
    public String offsetsStorageTopic() {
        String topic = getString(OFFSETS_STORAGE_TOPIC);
        return isBlank(topic) ? null : topic.trim();
    }

    /** The cron expression of the connector's schedule, or null if it runs all the time. */
    public String scheduleCron() {
        String cron = getString(SCHEDULE_CRON);
        return isBlank(cron) ? null : cron.trim();
    }

    public long scheduleIdleMs() {
        return getLong(SCHEDULE_IDLE_MS);
    }

    public ErrorPolicy errorPolicy() {
        return new ErrorPolicy(ToleranceType.parse(getString(ERRORS_TOLERANCE)), getLong(ERRORS_RETRY_TIMEOUT),
                getLong(ERRORS_RETRY_MAX_DELAY), getBoolean(ERRORS_LOG_ENABLE), getBoolean(ERRORS_LOG_INCLUDE_MESSAGES),
                getString(DLQ_TOPIC), getShort(DLQ_REPLICATION_FACTOR), getBoolean(DLQ_CONTEXT_HEADERS));
    }

    /** The connector's overrides of one client's settings ({@link #PRODUCER_OVERRIDE_PREFIX}, ...), without the prefix. */
    public Map<String, Object> clientOverrides(String prefix) {
        return new HashMap<>(withPrefix(prefix));
    }

    private Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    private static List<String> aliases(String list) {
        List<String> result = new ArrayList<>();
        if (list == null) {
            return result;
        }
        for (String alias : list.split(",")) {
            if (!alias.isBlank()) {
                result.add(alias.trim());
            }
        }
        return result;
    }

    private static void duplicates(String key, List<String> aliases, List<ConfigProblem> problems) {
        Set<String> seen = new LinkedHashSet<>();
        for (String alias : aliases) {
            if (!seen.add(alias)) {
                problems.add(new ConfigProblem(key, "alias '" + alias + "' is listed twice"));
            }
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
