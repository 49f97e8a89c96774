package io.ferry.runtime.config;

import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.config.KeySuggestions;
import io.ferry.runtime.plugin.PluginDiscoveryMode;
import io.ferry.runtime.plugin.PluginLocations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The worker properties: Kafka Connect's keys (those Ferry uses; others are reported as unknown)
 * and Ferry's {@code ferry.*} keys. Settings of the worker's Kafka clients are given with the
 * prefixes {@code producer.}, {@code consumer.} and {@code admin.}; settings of the embedded broker
 * with {@code ferry.broker.}; converter settings with {@code key.converter.},
 * {@code value.converter.} and {@code header.converter.}.
 */
public final class WorkerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String HEADER_CONVERTER = "header.converter";
    public static final String OFFSET_STORAGE_FILE = "offset.storage.file.filename";
    public static final String OFFSET_FLUSH_INTERVAL_MS = "offset.flush.interval.ms";
    public static final String OFFSET_FLUSH_TIMEOUT_MS = "offset.flush.timeout.ms";
    public static final String TASK_SHUTDOWN_TIMEOUT_MS = "task.shutdown.graceful.timeout.ms";
    public static final String PLUGIN_PATH = PluginLocations.PLUGIN_PATH_CONFIG;
    public static final String PLUGIN_DISCOVERY = PluginDiscoveryMode.CONFIG;
    public static final String LISTENERS = "listeners";
    public static final String CONFIG_PROVIDERS = AbstractConfig.CONFIG_PROVIDERS_CONFIG;
    public static final String CLIENT_CONFIG_OVERRIDE_POLICY = "connector.client.config.override.policy";
    public static final String DATA_DIR = "ferry.data.dir";
    public static final String EMBEDDED_BROKER = "ferry.embedded.broker";
    public static final String CONNECTORS_DIR = "ferry.connectors.dir";
    public static final String EXACTLY_ONCE_SOURCE_SUPPORT = "exactly.once.source.support";
    public static final String OFFSET_STORAGE_TOPIC = "offset.storage.topic";
    public static final String OFFSET_STORAGE_PARTITIONS = "offset.storage.partitions";
    /** Partitions of the internal topics (offsets, transactions, source offsets) that the embedded broker creates. */
    public static final int EMBEDDED_INTERNAL_PARTITIONS = 5;
    public static final String OFFSET_STORAGE_REPLICATION_FACTOR = "offset.storage.replication.factor";
    public static final String WORKER_ID = "ferry.worker.id";
    public static final String ALLOWED_LOGIN_MODULES = "ferry.sasl.jaas.allowed.login.modules";
    public static final String FILE_ALLOWED_PATHS = "ferry.file.allowed.paths";
    public static final String SECURITY_PROTOCOL = CommonClientConfigs.SECURITY_PROTOCOL_CONFIG;

    public static final String PRODUCER_PREFIX = "producer.";
    public static final String CONSUMER_PREFIX = "consumer.";
    public static final String ADMIN_PREFIX = "admin.";
    public static final String BROKER_PREFIX = "ferry.broker.";

    /** Kafka Connect's default header converter (in connect-api). */
    public static final String DEFAULT_HEADER_CONVERTER = "org.apache.kafka.connect.storage.SimpleHeaderConverter";

    /** The login modules a {@code sasl.jaas.config} may name unless {@value #ALLOWED_LOGIN_MODULES} says otherwise. */
    public static final List<String> DEFAULT_ALLOWED_LOGIN_MODULES = List.of(
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            "org.apache.kafka.common.security.scram.ScramLoginModule",
            "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule",
            "com.sun.security.auth.module.Krb5LoginModule");

    /** Prefixes of keys that are passed on rather than declared. */
    private static final List<String> PASS_THROUGH_PREFIXES = List.of(KEY_CONVERTER + ".", VALUE_CONVERTER + ".",
            HEADER_CONVERTER + ".", PRODUCER_PREFIX, CONSUMER_PREFIX, ADMIN_PREFIX, CONFIG_PROVIDERS + ".",
            "topic.creation.", "metrics.", "metric.");

    /** The top-level keys the worker's own clients take: Kafka's client security settings. */
    private static final Set<String> CLIENT_SECURITY_KEYS = clientSecurityKeys();

    public static final ConfigDef DEFINITION = definition();

    /** The worker's keys and the embedded broker's with their prefix: what a misspelled key is compared with. */
    private static final Set<String> KNOWN_KEYS = knownKeys();

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(DEFINITION.names());
        BrokerConfig.DEFINITION.names().forEach(key -> keys.add(BROKER_PREFIX + key));
        return Set.copyOf(keys);
    }

    private static Set<String> clientSecurityKeys() {
        Set<String> keys = new TreeSet<>(new ConfigDef().withClientSslSupport().withClientSaslSupport().names());
        keys.add(SECURITY_PROTOCOL);
        return Set.copyOf(keys);
    }

    private static ConfigDef definition() {
        String discoveryModes = Arrays.stream(PluginDiscoveryMode.values())
                .map(PluginDiscoveryMode::configValue).collect(Collectors.joining(","));
        ConfigDef def = new ConfigDef()
                .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH,
                        "the Kafka (or Ferry) brokers the worker's clients connect to; with ferry.embedded.broker=true "
                                + "the worker uses the embedded broker instead")
                .define(KEY_CONVERTER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "converter of record keys (full, simple or short class name)")
                .define(VALUE_CONVERTER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "converter of record values")
                .define(HEADER_CONVERTER, Type.STRING, DEFAULT_HEADER_CONVERTER, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "converter of record header values")
                .define(OFFSET_STORAGE_FILE, Type.STRING, "", Importance.HIGH,
                        "file holding source offsets (default: <ferry.data.dir>/connect.offsets)")
                .define(OFFSET_FLUSH_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "how often source offsets are stored and sink offsets committed")
                .define(OFFSET_FLUSH_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                        "how long a stopping source task waits for the broker to acknowledge its records")
                .define(TASK_SHUTDOWN_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                        "how long the worker waits for a task to stop before giving up on it")
                .define(PLUGIN_PATH, Type.LIST, "", Importance.LOW,
                        "comma-separated directories (or JARs) of plugins; each child is one isolated plugin")
                .define(PLUGIN_DISCOVERY, Type.STRING, PluginDiscoveryMode.DEFAULT.configValue(),
                        ValidString.in(discoveryModes.split(",")), Importance.LOW, "how plugins are discovered")
                .define(LISTENERS, Type.LIST, "http://localhost:8083", Importance.LOW,
                        "where the REST API listens: http://host:port or https://host:port, comma-separated (port 0: any free port)")
                .define(CONFIG_PROVIDERS, Type.LIST, "", Importance.LOW,
                        "aliases of config providers resolving ${alias:path:key} in connector configurations")
                .define(CLIENT_CONFIG_OVERRIDE_POLICY, Type.STRING, "None", ValidString.in("None", "Principal", "All"), Importance.LOW,
                        "which client settings connectors may override (producer.override.*, consumer.override.*, admin.override.*): "
                                + "None (the default), Principal (security.protocol, sasl.jaas.config, sasl.mechanism), All")
                .define(ALLOWED_LOGIN_MODULES, Type.LIST, String.join(",", DEFAULT_ALLOWED_LOGIN_MODULES),
                        Importance.LOW, "login modules a sasl.jaas.config may name (worker, connector and client override "
                                + "settings); JndiLoginModule and LdapLoginModule are refused even if listed")
                .define(EXACTLY_ONCE_SOURCE_SUPPORT, Type.STRING, "disabled",
                        ConfigDef.CaseInsensitiveValidString.in("disabled", "preparing", "enabled"), Importance.HIGH,
                        "enabled: source tasks write records and offsets in one transaction (offsets in offset.storage.topic); "
                                + "preparing is treated like disabled (a standalone worker needs no rolling upgrade)")
                .define(OFFSET_STORAGE_TOPIC, Type.STRING, "connect-offsets", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "compacted topic holding source offsets when exactly.once.source.support=enabled (created if missing)")
                .define(OFFSET_STORAGE_PARTITIONS, Type.INT, 25, Range.atLeast(1), Importance.LOW,
                        "partitions of the offsets topic when it is created (default 25; "
                                + EMBEDDED_INTERNAL_PARTITIONS + " on the embedded broker)")
                .define(OFFSET_STORAGE_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(-1), Importance.LOW,
                        "replication factor of the offsets topic when it is created (-1, or too high for the cluster: the broker "
                                + "default; the embedded broker's default unless given)")
                .define(WORKER_ID, Type.STRING, "", Importance.LOW,
                        "stable id of this worker in the transactional ids of exactly-once source tasks "
                                + "(<id>-<connector>-<task>); default: a random id kept in <ferry.data.dir>/worker.id")
                .define(DATA_DIR, Type.STRING, "data", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "directory holding all of Ferry's state, relative to the working directory")
                .define(EMBEDDED_BROKER, Type.BOOLEAN, true, Importance.HIGH,
                        "start Ferry's broker in this process (settings with the prefix ferry.broker.)")
                .define(FILE_ALLOWED_PATHS, Type.LIST, "", Importance.HIGH,
                        "folders below which file connectors (Ferry's file source and sink, Apache's FileStream connectors) "
                                + "may read and write, comma-separated; symbolic links and .. are resolved before the check "
                                + "(default: the folder the worker started in and ferry.data.dir)")
                .define(CONNECTORS_DIR, Type.STRING, "", Importance.MEDIUM,
                        "directory where connectors created at runtime are kept (default: <ferry.data.dir>/connectors)")
                .define(SECURITY_PROTOCOL, Type.STRING, CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                        ConfigDef.CaseInsensitiveValidString.in(Arrays.stream(SecurityProtocol.values()).map(Enum::name)
                                .toArray(String[]::new)), Importance.MEDIUM,
                        "how the worker's own clients (offsets topic, admin) reach the cluster; tasks' clients take "
                                + "producer.security.protocol, consumer.security.protocol and admin.security.protocol, as in Kafka Connect")
                // Kafka's client TLS and SASL settings (ssl.*, sasl.*): the worker's own clients; https listeners fall back to ssl.*.
                .withClientSslSupport()
                .withClientSaslSupport();
        return RestConfigDef.addTo(def);
    }

    /**
     * @throws ConfigException listing every invalid or missing setting
     */
    public WorkerConfig(Map<String, String> props) {
        super(DEFINITION, checked(props), false);
    }

    private static Map<String, String> checked(Map<String, String> props) {
        List<ConfigProblem> problems = ConfigProblem.validate(DEFINITION, props, "");
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid worker configuration (" + problems.size() + (problems.size() == 1 ? " error): " : " errors): ")
                    + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
        return props;
    }

    /** Loads a properties file and applies {@code key=value} overrides on top. */
    public static WorkerConfig load(Path file, List<String> overrides) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Invalid --override '" + override + "': expected key=value");
            }
            props.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return new WorkerConfig(props);
    }

    /**
     * Keys that are neither declared nor passed on under a known prefix, and {@code ferry.broker.*} keys that the
     * embedded broker does not know.
     */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (Object key : originals().keySet()) {
            String name = String.valueOf(key);
            if (name.startsWith(BROKER_PREFIX)) {
                if (!BrokerConfig.unknownKeys(List.of(name.substring(BROKER_PREFIX.length()))).isEmpty()) {
                    unknown.add(name);
                }
            } else if (!DEFINITION.names().contains(name) && PASS_THROUGH_PREFIXES.stream().noneMatch(name::startsWith)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** One warning per unknown key, each naming the closest known key (worker or embedded broker) if one is near. */
    public List<String> unknownKeyWarnings() {
        return unknownKeys().stream().map(key -> "Ignoring unknown worker config key " + key + KeySuggestions.hint(key, KNOWN_KEYS)).toList();
    }

    public List<String> bootstrapServers() {
        return getList(BOOTSTRAP_SERVERS);
    }

    public Path dataDir() {
        return Path.of(getString(DATA_DIR)).toAbsolutePath().normalize();
    }

    public Path offsetsFile() {
        String file = getString(OFFSET_STORAGE_FILE);
        return file.isBlank() ? dataDir().resolve("connect.offsets") : Path.of(file).toAbsolutePath().normalize();
    }

    public Path connectorsDir() {
        String dir = getString(CONNECTORS_DIR);
        return dir.isBlank() ? dataDir().resolve("connectors") : Path.of(dir).toAbsolutePath().normalize();
    }

    public boolean embeddedBroker() {
        return getBoolean(EMBEDDED_BROKER);
    }

    /**
     * The embedded broker's settings: {@code listeners=PLAINTEXT://localhost:9092},
     * {@code log.dirs=<data>/broker}, {@code group.initial.rebalance.delay.ms=0} and
     * {@value #EMBEDDED_INTERNAL_PARTITIONS} partitions for its internal topics unless given, then every
     * {@code ferry.broker.*} setting without its prefix.
     */
    public Map<String, String> brokerProps() {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "PLAINTEXT://localhost:9092");
        props.put("log.dirs", dataDir().resolve("broker").toString());
        props.put("group.initial.rebalance.delay.ms", "0");
        // One node serving one worker: 50 coordinator partitions (Kafka's default, to spread coordinators over a
        // cluster) only cost start-up time; see docs/adr/0009.
        props.put("offsets.topic.num.partitions", String.valueOf(EMBEDDED_INTERNAL_PARTITIONS));
        props.put("transaction.state.log.num.partitions", String.valueOf(EMBEDDED_INTERNAL_PARTITIONS));
        originalsWithPrefix(BROKER_PREFIX).forEach((k, v) -> props.put(k, String.valueOf(v)));
        return props;
    }

    public String keyConverter() {
        return getString(KEY_CONVERTER);
    }

    public String valueConverter() {
        return getString(VALUE_CONVERTER);
    }

    public String headerConverter() {
        return getString(HEADER_CONVERTER);
    }

    /** The settings of a converter: the keys under {@code <classKey>.}, without the prefix. */
    public Map<String, Object> converterProps(String classKey) {
        return originalsWithPrefix(classKey + ".");
    }

    public Map<String, Object> producerOverrides() {
        return originalsWithPrefix(PRODUCER_PREFIX);
    }

    public Map<String, Object> consumerOverrides() {
        return originalsWithPrefix(CONSUMER_PREFIX);
    }

    /** The worker's own clients' {@code security.protocol} (PLAINTEXT unless given). */
    public SecurityProtocol securityProtocol() {
        return SecurityProtocol.forName(getString(SECURITY_PROTOCOL).trim().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The settings of the worker's own clients (the offsets topic's, the admin clients'): its top-level
     * {@code security.protocol}, {@code ssl.*} and {@code sasl.*} client settings, as Kafka Connect gives its
     * internal clients the top-level settings, then the {@code admin.*} ones.
     */
    public Map<String, Object> workerClientSettings() {
        Map<String, Object> props = new HashMap<>();
        originals().forEach((key, value) -> {
            if (CLIENT_SECURITY_KEYS.contains(key)) {
                props.put(key, value);
            }
        });
        props.putAll(adminOverrides());
        return props;
    }

    /** The worker's {@code admin.*} settings of admin clients ({@code admin.listeners} is the REST API's, not a client's). */
    public Map<String, Object> adminOverrides() {
        Map<String, Object> props = originalsWithPrefix(ADMIN_PREFIX);
        props.remove("listeners");
        return props;
    }

    public long offsetFlushIntervalMs() {
        return getLong(OFFSET_FLUSH_INTERVAL_MS);
    }

    public long offsetFlushTimeoutMs() {
        return getLong(OFFSET_FLUSH_TIMEOUT_MS);
    }

    public long taskShutdownTimeoutMs() {
        return getLong(TASK_SHUTDOWN_TIMEOUT_MS);
    }

    public List<Path> pluginPath() {
        return PluginLocations.parsePluginPath(String.join(",", getList(PLUGIN_PATH)));
    }

    public PluginDiscoveryMode pluginDiscovery() {
        return PluginDiscoveryMode.parse(getString(PLUGIN_DISCOVERY));
    }

    public List<String> listeners() {
        return getList(LISTENERS);
    }

    public List<String> configProviders() {
        return getList(CONFIG_PROVIDERS);
    }

    /** {@code connector.client.config.override.policy}: None, Principal or All. */
    public String clientOverridePolicy() {
        return getString(CLIENT_CONFIG_OVERRIDE_POLICY);
    }

    /** The login modules a {@code sasl.jaas.config} may name ({@code ferry.sasl.jaas.allowed.login.modules}). */
    public List<String> allowedLoginModules() {
        return getList(ALLOWED_LOGIN_MODULES);
    }

    /**
     * Whether source tasks run exactly-once ({@code exactly.once.source.support=enabled}); a
     * standalone worker treats {@code preparing} like {@code disabled}.
     */
    public boolean exactlyOnceSourceEnabled() {
        return "enabled".equalsIgnoreCase(getString(EXACTLY_ONCE_SOURCE_SUPPORT));
    }

    public String offsetStorageTopic() {
        return getString(OFFSET_STORAGE_TOPIC).trim();
    }

    public int offsetStoragePartitions() {
        return embeddedDefault(OFFSET_STORAGE_PARTITIONS) ? EMBEDDED_INTERNAL_PARTITIONS : getInt(OFFSET_STORAGE_PARTITIONS);
    }

    /** {@code offset.storage.replication.factor}; unless given, the broker's default (-1) on the embedded broker. */
    /** Whether {@code key} takes the embedded broker's default: the broker is embedded and the key not given. */
    private boolean embeddedDefault(String key) {
        return embeddedBroker() && !originals().containsKey(key);
    }

    public short offsetStorageReplicationFactor() {
        return embeddedDefault(OFFSET_STORAGE_REPLICATION_FACTOR) ? -1 : getShort(OFFSET_STORAGE_REPLICATION_FACTOR);
    }

    /** {@code ferry.worker.id}, or empty for the id kept in the data directory. */
    public String configuredWorkerId() {
        return getString(WORKER_ID).trim();
    }

    /** The worker's id in statuses: {@code host:port} of the first REST listener. */
    public String workerId() {
        List<String> listeners = listeners();
        String first = listeners.isEmpty() ? "http://localhost:8083" : listeners.get(0);
        String hostPort = first.contains("://") ? first.substring(first.indexOf("://") + 3) : first;
        if (hostPort.startsWith(":")) {
            hostPort = "localhost" + hostPort;
        }
        return hostPort;
    }
}
