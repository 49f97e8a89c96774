package io.ferry.broker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@code server.properties}, with Kafka's key names. Broker-only keys are declared here; the broker-level
 * synonyms of topic keys ({@code log.retention.hours}, {@code log.segment.bytes}, ...) come from {@link TopicConfigs}
 * so each is declared once. An unknown key is a warning; a malformed value is a {@link ConfigException} naming the key
 * and what is allowed.
 */
public final class BrokerConfig extends AbstractConfig {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfig.class);

    public static final String NODE_ID = "node.id";
    public static final String BROKER_ID = "broker.id";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    public static final String LOG_DIRS = "log.dirs";
    public static final String LOG_DIR = "log.dir";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String NUM_IO_THREADS = "num.io.threads";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES = "max.connections.per.ip.overrides";
    public static final String QUEUED_MAX_REQUEST_BYTES = "queued.max.request.bytes";
    public static final String CLUSTER_ID = "cluster.id";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String TXN_STATE_PARTITIONS = "transaction.state.log.num.partitions";
    public static final String TXN_STATE_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    public static final String TXN_MAX_TIMEOUT_MS = "transaction.max.timeout.ms";
    public static final String TXN_ABORT_CHECK_INTERVAL_MS = "transaction.abort.timed.out.transaction.cleanup.interval.ms";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String ZOOKEEPER_SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String ZOOKEEPER_CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    /** Keys under this prefix configure a ZooKeeper server in the broker's process, with ZooKeeper's own names. */
    public static final String ZOOKEEPER_EMBEDDED_PREFIX = "zookeeper.embedded.";
    public static final String BROKER_RACK = "broker.rack";
    public static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String REPLICA_FETCH_WAIT_MAX_MS = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_MIN_BYTES = "replica.fetch.min.bytes";
    public static final String REPLICA_FETCH_MAX_BYTES = "replica.fetch.max.bytes";
    public static final String REPLICA_FETCH_RESPONSE_MAX_BYTES = "replica.fetch.response.max.bytes";
    public static final String REPLICA_FETCH_BACKOFF_MS = "replica.fetch.backoff.ms";
    public static final String REPLICA_SOCKET_TIMEOUT_MS = "replica.socket.timeout.ms";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS = "leader.imbalance.check.interval.seconds";
    public static final String LEADER_IMBALANCE_PER_BROKER_PERCENTAGE = "leader.imbalance.per.broker.percentage";
    public static final String TXN_STATE_MIN_ISR = "transaction.state.log.min.isr";
    public static final String CONTROLLED_SHUTDOWN_ENABLE = "controlled.shutdown.enable";
    public static final String CONTROLLER_BROKER_PROBE_INTERVAL_MS = "controller.broker.probe.interval.ms";
    public static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    public static final String SUPER_USERS = "super.users";
    public static final String ALLOW_EVERYONE_IF_NO_ACL_FOUND = "allow.everyone.if.no.acl.found";
    /** The Kafka authorizer class names that select Ferry's built-in authorizer (io.ferry.broker.acl). */
    public static final List<String> BUILT_IN_AUTHORIZERS = List.of(
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "kafka.security.authorizer.AclAuthorizer");
    public static final String SECURITY_INTER_BROKER_PROTOCOL = "security.inter.broker.protocol";
    /** Kafka's default map: each security protocol's name is also a listener name of that protocol. */
    private static final String DEFAULT_PROTOCOL_MAP = "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,"
            + "SASL_SSL:SASL_SSL";
    private static final String LISTENER_PREFIX = "listener.name.";

    public static final ConfigDef DEFINITION = definition();

    private final Map<String, String> originals;

    public BrokerConfig(Map<String, String> props) {
        super(DEFINITION, withAliases(props), false);
        this.originals = withAliases(props);
        check();
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(NODE_ID, Type.INT, 1, Range.atLeast(0), Importance.HIGH,
                        "this broker's id in the cluster (broker.id is accepted as an alias)")
                .define(LISTENERS, Type.LIST, "PLAINTEXT://localhost:9092", Importance.HIGH,
                        "where the broker listens: NAME://host:port, comma-separated; an empty host means all interfaces")
                .define(ADVERTISED_LISTENERS, Type.LIST, null, Importance.HIGH,
                        "the addresses clients are told to use (default: listeners)")
                .define(ListenerExposure.OPT_IN, Type.BOOLEAN, false, Importance.HIGH,
                        "let PLAINTEXT listeners (and SSL ones without ssl.client.auth=required) listen beyond "
                                + "loopback; without it such a listener is refused at start, with it each start warns")
                .define(LISTENER_SECURITY_PROTOCOL_MAP, Type.LIST, DEFAULT_PROTOCOL_MAP, Importance.LOW,
                        "listener name to security protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)")
                .define(LOG_DIRS, Type.LIST, "data/broker", Importance.HIGH,
                        "directories holding partition logs (log.dir is accepted as an alias)")
                .define(NUM_PARTITIONS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "partitions of an automatically created topic or of CreateTopics with -1")
                .define(DEFAULT_REPLICATION_FACTOR, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "replication factor of automatically created topics and of CreateTopics with -1")
                .define(AUTO_CREATE_TOPICS_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "create a topic when a client asks for metadata of an unknown one")
                .define(DELETE_TOPIC_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM, "allow DeleteTopics")
                .define(LOG_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.LOW,
                        "how often retention and compaction run")
                .define(LOG_CLEANER_ENABLE, Type.BOOLEAN, true, Importance.LOW, "run compaction on compacted topics")
                .define(SOCKET_REQUEST_MAX_BYTES, Type.INT, 100 * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                        "largest request frame; a larger one closes the connection")
                .define(NUM_NETWORK_THREADS, Type.INT, Math.min(3, Runtime.getRuntime().availableProcessors()),
                        Range.atLeast(1), Importance.LOW, "event-loop threads doing socket I/O and handling requests")
                .define(NUM_IO_THREADS, Type.INT, 8, Range.atLeast(1), Importance.LOW,
                        "accepted for compatibility: Ferry handles requests on the network threads")
                .define(CONNECTIONS_MAX_IDLE_MS, Type.LONG, 600_000L, Range.atLeast(1), Importance.LOW,
                        "close connections idle this long")
                .define(MAX_CONNECTIONS, Type.INT, Integer.MAX_VALUE, Range.atLeast(0), Importance.MEDIUM,
                        "the most client connections the broker holds at once; beyond it the broker stops accepting "
                                + "until one closes")
                .define(MAX_CONNECTIONS_PER_IP, Type.INT, Integer.MAX_VALUE, Range.atLeast(0), Importance.MEDIUM,
                        "the most connections from one address; more are closed as soon as they are accepted")
                .define(MAX_CONNECTIONS_PER_IP_OVERRIDES, Type.STRING, "", Importance.MEDIUM,
                        "per-address limits overriding max.connections.per.ip, as host-or-ip:count pairs separated "
                                + "by commas, e.g. 10.0.0.7:500,build-host:50")
                .define(QUEUED_MAX_REQUEST_BYTES, Type.LONG, -1L, Importance.MEDIUM,
                        "the most bytes of requests read but not yet answered; while they are exceeded the broker "
                                + "stops reading from clients. -1 (or 0): no bound")
                .define(CLUSTER_ID, Type.STRING, null, Importance.LOW,
                        "the cluster id; generated and stored in meta.properties when absent")
                .define(GROUP_INITIAL_REBALANCE_DELAY_MS, Type.INT, 3000, Range.atLeast(0), Importance.MEDIUM,
                        "how long the first rebalance of an empty group waits for more members to join")
                .define(GROUP_MIN_SESSION_TIMEOUT_MS, Type.INT, 6000, Range.atLeast(1), Importance.MEDIUM,
                        "smallest session timeout a group member may ask for")
                .define(GROUP_MAX_SESSION_TIMEOUT_MS, Type.INT, 1_800_000, Range.atLeast(1), Importance.MEDIUM,
                        "largest session timeout a group member may ask for")
                .define(GROUP_MAX_SIZE, Type.INT, Integer.MAX_VALUE, Range.atLeast(1), Importance.MEDIUM,
                        "most members a group may have")
                .define(OFFSETS_TOPIC_NUM_PARTITIONS, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                        "partitions of __consumer_offsets (fixed once the topic exists)")
                .define(OFFSETS_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.MEDIUM,
                        "replication factor of __consumer_offsets, lowered to the number of brokers when larger")
                .define(OFFSET_METADATA_MAX_BYTES, Type.INT, 4096, Range.atLeast(0), Importance.LOW,
                        "largest metadata string of a committed offset")
                .define(TXN_STATE_PARTITIONS, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                        "partitions of __transaction_state (fixed once the topic exists)")
                .define(TXN_STATE_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.atLeast(1), Importance.MEDIUM,
                        "replication factor of __transaction_state, lowered to the number of brokers when larger")
                .define(TXN_MAX_TIMEOUT_MS, Type.INT, 900_000, Range.atLeast(1), Importance.MEDIUM,
                        "largest transaction timeout a producer may ask for")
                .define(TXN_ABORT_CHECK_INTERVAL_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "how often transactions open longer than their timeout are looked for and aborted")
                .define(PRODUCER_ID_EXPIRATION_MS, Type.INT, 86_400_000, Range.atLeast(1), Importance.LOW,
                        "how long a partition remembers an idempotent producer (its epoch and last batches, to spot "
                                + "retries) after its last write, unless it has an open transaction")
                .define(ZOOKEEPER_CONNECT, Type.STRING, null, Importance.HIGH,
                        "host:port[,host:port...][/chroot] of the ZooKeeper ensemble of a replicated cluster; "
                                + "without it the broker is a single-node cluster of its own")
                .define(ZOOKEEPER_SESSION_TIMEOUT_MS, Type.INT, 18_000, Range.atLeast(1000), Importance.HIGH,
                        "ZooKeeper session timeout: a broker silent this long is considered dead")
                .define(ZOOKEEPER_CONNECTION_TIMEOUT_MS, Type.INT, 18_000, Range.atLeast(1000), Importance.MEDIUM,
                        "how long start-up waits to connect to ZooKeeper")
                .define(BROKER_RACK, Type.STRING, null, Importance.MEDIUM,
                        "this broker's rack; replicas of a partition are spread over racks when every broker has one")
                .define(INTER_BROKER_LISTENER_NAME, Type.STRING, null, Importance.MEDIUM,
                        "the listener other brokers use to replicate from this one (default: the listener named by "
                                + SECURITY_INTER_BROKER_PROTOCOL + ", else the first listener)")
                .define(SECURITY_INTER_BROKER_PROTOCOL, Type.STRING, null, Importance.MEDIUM,
                        "security protocol between brokers: the inter-broker listener is the one with this name; "
                                + "not together with " + INTER_BROKER_LISTENER_NAME)
                .define(REPLICA_LAG_TIME_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.HIGH,
                        "a follower that has not caught up with the leader for this long leaves the ISR")
                .define(REPLICA_FETCH_WAIT_MAX_MS, Type.INT, 500, Range.atLeast(0), Importance.MEDIUM,
                        "longest wait of a follower's fetch for new data at the leader")
                .define(REPLICA_FETCH_MIN_BYTES, Type.INT, 1, Range.atLeast(1), Importance.LOW,
                        "bytes a follower's fetch waits for")
                .define(REPLICA_FETCH_MAX_BYTES, Type.INT, 1024 * 1024, Range.atLeast(0), Importance.MEDIUM,
                        "bytes a follower fetches per partition (at least one batch)")
                .define(REPLICA_FETCH_RESPONSE_MAX_BYTES, Type.INT, 10 * 1024 * 1024, Range.atLeast(0),
                        Importance.MEDIUM, "bytes a follower fetches per request (at least one batch)")
                .define(REPLICA_FETCH_BACKOFF_MS, Type.INT, 1000, Range.atLeast(0), Importance.LOW,
                        "pause of a follower after a failed fetch")
                .define(REPLICA_SOCKET_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                        "socket timeout of a follower's connection to its leader")
                .define(AUTO_LEADER_REBALANCE_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "move leadership back to the preferred (first) replica when it is in sync again")
                .define(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, Type.LONG, 300L, Range.atLeast(1), Importance.LOW,
                        "how often the controller looks for partitions not led by their preferred replica")
                .define(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, Type.INT, 10, Range.between(0, 100),
                        Importance.LOW, "share of a broker's preferred partitions led elsewhere that triggers a "
                                + "rebalance")
                .define(TXN_STATE_MIN_ISR, Type.INT, 2, Range.atLeast(1), Importance.MEDIUM,
                        "min.insync.replicas of __transaction_state (lowered to its replication factor)")
                .define(CONTROLLED_SHUTDOWN_ENABLE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "move this broker's leaderships to other in-sync replicas before it stops")
                .define(CONTROLLER_BROKER_PROBE_INTERVAL_MS, Type.LONG, 500L, Range.atLeast(0), Importance.MEDIUM,
                        "Ferry: how often the active controller connects to each broker's listener; three refusals "
                                + "in a row (a crashed process) move its leaderships at once instead of after its "
                                + "ZooKeeper session times out. 0 disables")
                .define(AUTHORIZER_CLASS_NAME, Type.STRING, "", BrokerConfig::checkAuthorizer, Importance.HIGH,
                        "empty: no authorization. " + String.join(" or ", BUILT_IN_AUTHORIZERS)
                                + ": ACLs with Kafka's semantics (Ferry's built-in authorizer)")
                .define(SUPER_USERS, Type.STRING, "", Importance.HIGH,
                        "principals allowed everything, ';'-separated (User:admin;User:broker); in a cluster it must "
                                + "include the principal brokers connect to each other as")
                .define(ALLOW_EVERYONE_IF_NO_ACL_FOUND, Type.BOOLEAN, false, Importance.MEDIUM,
                        "allow an operation on a resource that no ACL matches");
        ZooKeeperClientConfigs.define(def);
        // Kafka's own TLS and SASL keys (ssl.*, sasl.*, principal.builder.class, connections.max.reauth.ms, ...),
        // also valid with a listener.name.<listener>. prefix (see listenerValues).
        for (ConfigDef.ConfigKey key : BrokerSecurityConfigs.CONFIG_DEF.configKeys().values()) {
            def.define(key);
        }
        for (TopicConfigs.Setting s : TopicConfigs.settings().values()) {
            for (TopicConfigs.Synonym syn : s.synonyms()) {
                if (!def.names().contains(syn.brokerKey())) {
                    Type type = syn.factor() != 1 ? Type.LONG : s.type();
                    def.define(syn.brokerKey(), type, null, null, Importance.MEDIUM,
                            "broker default for topic config " + s.name() + ": " + s.doc());
                }
            }
        }
        return def;
    }

    private static void checkAuthorizer(String key, Object value) {
        String name = value == null ? "" : value.toString().trim();
        if (!name.isEmpty() && !BUILT_IN_AUTHORIZERS.contains(name)) {
            throw new ConfigException(key, value, "Ferry has one authorizer, selected by "
                    + String.join(" or ", BUILT_IN_AUTHORIZERS) + "; leave it empty for no authorization");
        }
    }

    private static Map<String, String> withAliases(Map<String, String> props) {
        Map<String, String> m = new HashMap<>(props);
        if (m.containsKey(BROKER_ID) && !m.containsKey(NODE_ID)) {
            m.put(NODE_ID, m.get(BROKER_ID));
        }
        m.remove(BROKER_ID);
        if (m.containsKey(LOG_DIR) && !m.containsKey(LOG_DIRS)) {
            m.put(LOG_DIRS, m.get(LOG_DIR));
        }
        m.remove(LOG_DIR);
        return m;
    }

    private void check() {
        Map<String, Integer> perIpOverrides = maxConnectionsPerIpOverrides();
        if (maxConnectionsPerIp() == 0 && perIpOverrides.isEmpty()) {
            throw new ConfigException(MAX_CONNECTIONS_PER_IP, 0, "can be 0 only if "
                    + MAX_CONNECTIONS_PER_IP_OVERRIDES + " names the addresses that may connect");
        }
        // Validate topic-level defaults given at broker level through the topic validators, naming the broker key.
        for (TopicConfigs.Setting s : TopicConfigs.settings().values()) {
            for (TopicConfigs.Synonym syn : s.synonyms()) {
                Object v = values().get(syn.brokerKey());
                if (v != null && s.validator() != null && syn.factor() == 1) {
                    s.validator().ensureValid(syn.brokerKey(), v);
                }
            }
        }
        Map<String, SecurityProtocol> protocols = protocolMap();
        Set<String> names = new TreeSet<>();
        for (String l : listeners()) {
            Listener listener = Listener.parse(LISTENERS, l);
            if (!names.add(listener.name())) {
                throw new ConfigException(LISTENERS, l, "each listener name may appear only once");
            }
            if (!protocols.containsKey(listener.name())) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, getList(LISTENER_SECURITY_PROTOCOL_MAP),
                        "listener " + listener.name() + " has no security protocol; add " + listener.name()
                                + ":PLAINTEXT (or SSL, SASL_PLAINTEXT, SASL_SSL)");
            }
        }
        if (getString(INTER_BROKER_LISTENER_NAME) != null && getString(SECURITY_INTER_BROKER_PROTOCOL) != null) {
            throw new ConfigException(SECURITY_INTER_BROKER_PROTOCOL, getString(SECURITY_INTER_BROKER_PROTOCOL),
                    "set either " + INTER_BROKER_LISTENER_NAME + " or " + SECURITY_INTER_BROKER_PROTOCOL + ", not both");
        }
        interBrokerListenerName().filter(n -> !names.contains(n)).ifPresent(n -> {
            throw new ConfigException(INTER_BROKER_LISTENER_NAME, n, "the inter-broker listener " + n
                    + " is not in listeners " + names);
        });
        for (String l : advertisedListeners()) {
            Listener adv = Listener.parse(ADVERTISED_LISTENERS, l);
            if (!names.contains(adv.name())) {
                throw new ConfigException(ADVERTISED_LISTENERS, l, "listener " + adv.name()
                        + " is not in listeners " + names);
            }
        }
        if (logDirs().isEmpty()) {
            throw new ConfigException(LOG_DIRS, "", "at least one directory is required");
        }
    }

    /** {@code listener.security.protocol.map} parsed: listener name (upper case) to protocol. */
    private Map<String, SecurityProtocol> protocolMap() {
        Map<String, SecurityProtocol> protocols = new HashMap<>();
        for (String entry : getList(LISTENER_SECURITY_PROTOCOL_MAP)) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, entry, "expected NAME:PROTOCOL entries");
            }
            String protocol = entry.substring(colon + 1).trim().toUpperCase(Locale.ROOT);
            if (!SecurityProtocol.names().contains(protocol)) {
                throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, entry,
                        "unknown security protocol " + protocol + "; use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
            }
            protocols.put(entry.substring(0, colon).trim().toUpperCase(Locale.ROOT), SecurityProtocol.forName(protocol));
        }
        return protocols;
    }

    /** The security protocol of the listener named {@code listener}. */
    public SecurityProtocol securityProtocol(String listener) {
        SecurityProtocol p = protocolMap().get(listener.toUpperCase(Locale.ROOT));
        if (p == null) {
            throw new ConfigException(LISTENER_SECURITY_PROTOCOL_MAP, getList(LISTENER_SECURITY_PROTOCOL_MAP),
                    "listener " + listener + " has no security protocol");
        }
        return p;
    }

    /**
     * The parsed settings as the listener {@code listener} sees them: {@code listener.name.<listener>.KEY} overrides
     * KEY, and mechanism-prefixed keys ({@code plain.sasl.jaas.config}) are kept with their prefix, parsed. This is the
     * map kafka-clients' SslFactory, JaasContext and principal builders expect.
     */
    public Map<String, Object> listenerValues(String listener) {
        return valuesWithPrefixOverride(new ListenerName(listener.toUpperCase(Locale.ROOT)).configPrefix());
    }

    /** Whether the operator set {@code key} with the listener's prefix (some Kafka defaults depend on it). */
    public boolean setForListener(String listener, String key) {
        return originals.containsKey(new ListenerName(listener.toUpperCase(Locale.ROOT)).configPrefix() + key);
    }

    /** Keys that Ferry does not know; they are ignored with a warning at start-up. */
    public Set<String> unknownKeys() {
        return unknownKeys(originals.keySet());
    }

    /** Those of {@code keys} that a broker does not know (an embedding worker checks its {@code ferry.broker.*} keys). */
    public static Set<String> unknownKeys(Collection<String> keys) {
        Set<String> unknown = new TreeSet<>(keys);
        unknown.removeAll(DEFINITION.names());
        unknown.removeIf(k -> k.startsWith(ZOOKEEPER_EMBEDDED_PREFIX));
        unknown.removeIf(BrokerConfig::isKnownListenerKey);
        return unknown;
    }

    /** One warning per unknown key, each naming the closest known key if one is near ("did you mean"). */
    public List<String> unknownKeyWarnings() {
        return unknownKeys().stream().map(key -> "Ignoring unknown broker config key " + key
                + KeySuggestions.hint(key, DEFINITION.names())).toList();
    }

    /** {@code listener.name.<listener>.KEY} or {@code listener.name.<listener>.<mechanism>.KEY} of a known KEY. */
    private static boolean isKnownListenerKey(String key) {
        if (!key.startsWith(LISTENER_PREFIX)) {
            return false;
        }
        String rest = key.substring(LISTENER_PREFIX.length());
        int dot = rest.indexOf('.');
        String setting = dot < 0 ? "" : rest.substring(dot + 1);
        int mech = setting.indexOf('.');
        return DEFINITION.names().contains(setting)
                || mech > 0 && DEFINITION.names().contains(setting.substring(mech + 1));
    }

    /** The value the operator wrote for {@code key}, if any (not the default). */
    public Optional<String> explicitValue(String key) {
        return Optional.ofNullable(originals.get(key));
    }

    public int nodeId() {
        return getInt(NODE_ID);
    }

    public List<String> listeners() {
        return getList(LISTENERS);
    }

    public List<String> advertisedListeners() {
        List<String> adv = getList(ADVERTISED_LISTENERS);
        return adv == null || adv.isEmpty() ? listeners() : adv;
    }

    public List<Path> logDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String d : getList(LOG_DIRS)) {
            dirs.add(Path.of(d.trim()));
        }
        return dirs;
    }

    public int numPartitions() {
        return getInt(NUM_PARTITIONS);
    }

    public int defaultReplicationFactor() {
        return getInt(DEFAULT_REPLICATION_FACTOR);
    }

    public boolean autoCreateTopics() {
        return getBoolean(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return getBoolean(DELETE_TOPIC_ENABLE);
    }

    public long retentionCheckIntervalMs() {
        return getLong(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public boolean cleanerEnable() {
        return getBoolean(LOG_CLEANER_ENABLE);
    }

    public int socketRequestMaxBytes() {
        return getInt(SOCKET_REQUEST_MAX_BYTES);
    }

    public int numNetworkThreads() {
        return getInt(NUM_NETWORK_THREADS);
    }

    public long connectionsMaxIdleMs() {
        return getLong(CONNECTIONS_MAX_IDLE_MS);
    }

    public int maxConnections() {
        return getInt(MAX_CONNECTIONS);
    }

    public int maxConnectionsPerIp() {
        return getInt(MAX_CONNECTIONS_PER_IP);
    }

    /** {@code max.connections.per.ip.overrides} as host (or address) to limit. */
    public Map<String, Integer> maxConnectionsPerIpOverrides() {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        String raw = getString(MAX_CONNECTIONS_PER_IP_OVERRIDES).trim();
        if (raw.isEmpty()) {
            return out;
        }
        for (String entry : raw.split(",")) {
            int colon = entry.lastIndexOf(':');
            try {
                int limit = Integer.parseInt(entry.substring(colon + 1).trim());
                if (colon <= 0 || limit < 0) {
                    throw new NumberFormatException();
                }
                out.put(entry.substring(0, colon).trim(), limit);
            } catch (NumberFormatException e) {
                throw new ConfigException(MAX_CONNECTIONS_PER_IP_OVERRIDES, raw,
                        "each entry must be host-or-ip:count with a count of 0 or more, got '" + entry.trim() + "'");
            }
        }
        return out;
    }

    public long queuedMaxRequestBytes() {
        return getLong(QUEUED_MAX_REQUEST_BYTES);
    }

    public io.ferry.broker.group.GroupConfig groupConfig() {
        return new io.ferry.broker.group.GroupConfig(getInt(GROUP_INITIAL_REBALANCE_DELAY_MS),
                getInt(GROUP_MIN_SESSION_TIMEOUT_MS), getInt(GROUP_MAX_SESSION_TIMEOUT_MS), getInt(GROUP_MAX_SIZE),
                getInt(OFFSETS_TOPIC_NUM_PARTITIONS), getInt(OFFSET_METADATA_MAX_BYTES));
    }

    public long producerIdExpirationMs() {
        return getInt(PRODUCER_ID_EXPIRATION_MS);
    }

    public int transactionStatePartitions() {
        return getInt(TXN_STATE_PARTITIONS);
    }

    public short transactionStateReplicationFactor() {
        return getShort(TXN_STATE_REPLICATION_FACTOR);
    }

    public io.ferry.broker.txn.TransactionCoordinator.Settings transactionSettings() {
        return new io.ferry.broker.txn.TransactionCoordinator.Settings(getInt(TXN_MAX_TIMEOUT_MS),
                getInt(TXN_ABORT_CHECK_INTERVAL_MS));
    }

    public short offsetsTopicReplicationFactor() {
        return getShort(OFFSETS_TOPIC_REPLICATION_FACTOR);
    }

    /** {@code zookeeper.connect}: present for a broker of a replicated cluster. */
    public Optional<String> zookeeperConnect() {
        return Optional.ofNullable(getString(ZOOKEEPER_CONNECT)).filter(s -> !s.isBlank());
    }

    /** The {@code zookeeper.embedded.*} keys with the prefix removed: ZooKeeper's own configuration, or empty. */
    public java.util.Properties embeddedZooKeeper() {
        java.util.Properties p = new java.util.Properties();
        originals.forEach((k, v) -> {
            if (k.startsWith(ZOOKEEPER_EMBEDDED_PREFIX) && v != null) {
                p.setProperty(k.substring(ZOOKEEPER_EMBEDDED_PREFIX.length()), v.toString().trim());
            }
        });
        return p;
    }

    public int zookeeperSessionTimeoutMs() {
        return getInt(ZOOKEEPER_SESSION_TIMEOUT_MS);
    }

    public int zookeeperConnectionTimeoutMs() {
        return getInt(ZOOKEEPER_CONNECTION_TIMEOUT_MS);
    }

    public Optional<String> rack() {
        return Optional.ofNullable(getString(BROKER_RACK)).filter(s -> !s.isBlank());
    }

    /** {@code inter.broker.listener.name}, else the listener named by {@code security.inter.broker.protocol}. */
    public Optional<String> interBrokerListenerName() {
        return Optional.ofNullable(getString(INTER_BROKER_LISTENER_NAME))
                .or(() -> Optional.ofNullable(getString(SECURITY_INTER_BROKER_PROTOCOL)))
                .filter(s -> !s.isBlank()).map(s -> s.trim().toUpperCase(Locale.ROOT));
    }

    /** What replication needs: follower fetch settings and the ISR lag bound. */
    public io.ferry.broker.replica.ReplicationSettings replicationSettings() {
        return new io.ferry.broker.replica.ReplicationSettings(getLong(REPLICA_LAG_TIME_MAX_MS),
                getInt(REPLICA_FETCH_WAIT_MAX_MS), getInt(REPLICA_FETCH_MIN_BYTES), getInt(REPLICA_FETCH_MAX_BYTES),
                getInt(REPLICA_FETCH_RESPONSE_MAX_BYTES), getInt(REPLICA_FETCH_BACKOFF_MS),
                getInt(REPLICA_SOCKET_TIMEOUT_MS));
    }

    public boolean autoLeaderRebalanceEnable() {
        return getBoolean(AUTO_LEADER_REBALANCE_ENABLE);
    }

    public long leaderImbalanceCheckIntervalMs() {
        return getLong(LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS) * 1000;
    }

    public int leaderImbalancePerBrokerPercentage() {
        return getInt(LEADER_IMBALANCE_PER_BROKER_PERCENTAGE);
    }

    public int transactionStateMinIsr() {
        return getInt(TXN_STATE_MIN_ISR);
    }

    public long controllerBrokerProbeIntervalMs() {
        return getLong(CONTROLLER_BROKER_PROBE_INTERVAL_MS);
    }

    /** Whether {@code authorizer.class.name} selects the built-in authorizer. */
    public boolean authorizerEnabled() {
        return !getString(AUTHORIZER_CLASS_NAME).isBlank();
    }

    /** What the authorizer is configured with: Kafka's keys, as Kafka's authorizers read them. */
    public Map<String, Object> authorizerConfigs() {
        Map<String, Object> m = new HashMap<>();
        m.put(SUPER_USERS, getString(SUPER_USERS));
        m.put(ALLOW_EVERYONE_IF_NO_ACL_FOUND, Boolean.toString(getBoolean(ALLOW_EVERYONE_IF_NO_ACL_FOUND)));
        m.put(NODE_ID, nodeId());
        return m;
    }

    public boolean controlledShutdownEnable() {
        return getBoolean(CONTROLLED_SHUTDOWN_ENABLE);
    }

    public Optional<String> clusterId() {
        return Optional.ofNullable(getString(CLUSTER_ID));
    }

    /** Every key the operator set, as written (for DescribeConfigs on the broker resource). */
    public Map<String, String> explicitValues() {
        return Map.copyOf(originals);
    }

    /** Loads a properties file and applies {@code key=value} overrides on top, then validates. */
    public static BrokerConfig load(Path file, List<String> overrides) throws IOException {
        Map<String, String> props = new HashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k).trim()));
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Invalid --override '" + o + "': expected key=value");
            }
            props.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        BrokerConfig config = new BrokerConfig(props);
        config.unknownKeyWarnings().forEach(LOG::warn);
        return config;
    }
}
