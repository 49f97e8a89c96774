package io.ferry.broker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

import io.ferry.broker.log.LogConfig;

/**
 * Every topic-level configuration key Ferry understands, with its type, default, validator and the broker-level keys
 * that supply its default (Kafka's "synonyms", e.g. {@code retention.ms} from {@code log.retention.ms},
 * {@code log.retention.minutes} or {@code log.retention.hours}). This one table drives topic creation, AlterConfigs
 * validation, DescribeConfigs (values, sources, synonyms) and the broker's own {@link BrokerConfig} definition.
 */
public final class TopicConfigs {

    /** A broker key that provides a topic key's default, and the factor that converts its unit (hours to ms...). */
    public record Synonym(String brokerKey, long factor) {
        static Synonym of(String key) {
            return new Synonym(key, 1);
        }
    }

    /** One topic-level key. */
    public record Setting(String name, Type type, Object defaultValue, ConfigDef.Validator validator,
                          List<Synonym> synonyms, String doc) {
    }

    private static final long WEEK_MS = 7L * 24 * 3600 * 1000;
    private static final Map<String, Setting> SETTINGS = new LinkedHashMap<>();

    static {
        add("cleanup.policy", Type.LIST, "delete", ValidList.in("delete", "compact"),
                "delete: drop old segments; compact: keep the latest record per key", "log.cleanup.policy");
        add("retention.ms", Type.LONG, WEEK_MS, Range.atLeast(-1), "how long to keep a segment (-1: forever)",
                "log.retention.ms", "log.retention.minutes:60000", "log.retention.hours:3600000");
        add("retention.bytes", Type.LONG, -1L, null, "largest partition size before old segments go (-1: no limit)",
                "log.retention.bytes");
        add("segment.bytes", Type.INT, 1024 * 1024 * 1024, Range.atLeast(1024), "size of one segment file",
                "log.segment.bytes");
        add("segment.ms", Type.LONG, WEEK_MS, Range.atLeast(1), "roll a segment after this long",
                "log.roll.ms", "log.roll.hours:3600000");
        add("segment.jitter.ms", Type.LONG, 0L, Range.atLeast(0), "accepted for compatibility", "log.roll.jitter.ms");
        add("segment.index.bytes", Type.INT, 10 * 1024 * 1024, Range.atLeast(8), "maximum size of an offset index",
                "log.index.size.max.bytes");
        add("index.interval.bytes", Type.INT, 4096, Range.atLeast(0), "bytes between offset index entries",
                "log.index.interval.bytes");
        add("delete.retention.ms", Type.LONG, 24L * 3600 * 1000, Range.atLeast(0),
                "how long tombstones are kept on compacted topics", "log.cleaner.delete.retention.ms");
        add("min.compaction.lag.ms", Type.LONG, 0L, Range.atLeast(0), "records younger than this are not compacted",
                "log.cleaner.min.compaction.lag.ms");
        add("max.compaction.lag.ms", Type.LONG, Long.MAX_VALUE, Range.atLeast(1), "accepted for compatibility",
                "log.cleaner.max.compaction.lag.ms");
        add("min.cleanable.dirty.ratio", Type.DOUBLE, 0.5, Range.between(0, 1),
                "share of uncompacted bytes that triggers compaction", "log.cleaner.min.cleanable.ratio");
        add("max.message.bytes", Type.INT, 1024 * 1024 + 12, Range.atLeast(0), "largest record batch accepted",
                "message.max.bytes");
        add("message.timestamp.type", Type.STRING, "CreateTime", ValidString.in("CreateTime", "LogAppendTime"),
                "whether records keep the producer's timestamp or get the broker's", "log.message.timestamp.type");
        add("message.timestamp.before.max.ms", Type.LONG, Long.MAX_VALUE, Range.atLeast(0),
                "accepted for compatibility", "log.message.timestamp.before.max.ms");
        add("message.timestamp.after.max.ms", Type.LONG, 3600_000L, Range.atLeast(0),
                "accepted for compatibility", "log.message.timestamp.after.max.ms");
        add("flush.messages", Type.LONG, Long.MAX_VALUE, Range.atLeast(1), "fsync after this many records",
                "log.flush.interval.messages");
        add("flush.ms", Type.LONG, Long.MAX_VALUE, Range.atLeast(0), "fsync after this long", "log.flush.interval.ms");
        add("min.insync.replicas", Type.INT, 1, Range.atLeast(1), "replicas that must acknowledge acks=all writes",
                "min.insync.replicas");
        add("compression.type", Type.STRING, "producer", ValidString.in("producer"),
                "Ferry stores batches as producers compressed them; only 'producer' is supported", "compression.type");
        add("unclean.leader.election.enable", Type.BOOLEAN, false, null,
                "elect a replica outside the ISR when no in-sync replica is alive (may lose acknowledged records)",
                "unclean.leader.election.enable");
        add("file.delete.delay.ms", Type.LONG, 60_000L, Range.atLeast(0), "accepted for compatibility",
                "log.segment.delete.delay.ms");
        add("preallocate", Type.BOOLEAN, false, null, "accepted for compatibility", "log.preallocate");
        add("remote.storage.enable", Type.BOOLEAN, false, ValidBoolean.FALSE_ONLY,
                "tiered storage is not supported");
        add(io.ferry.broker.replica.ThrottledReplicas.LEADER, Type.LIST, "",
                io.ferry.broker.replica.ThrottledReplicas.VALIDATOR,
                "replicas (partition:broker, or *) whose leader's outgoing replication counts against the leader's "
                        + "leader.replication.throttled.rate");
        add(io.ferry.broker.replica.ThrottledReplicas.FOLLOWER, Type.LIST, "",
                io.ferry.broker.replica.ThrottledReplicas.VALIDATOR,
                "replicas (partition:broker, or *) whose follower fetches count against that follower's "
                        + "follower.replication.throttled.rate");
        add("local.retention.ms", Type.LONG, -2L, null, "accepted for compatibility");
        add("local.retention.bytes", Type.LONG, -2L, null, "accepted for compatibility");
    }

    private static final ConfigDef DEF = new ConfigDef();

    static {
        for (Setting s : SETTINGS.values()) {
            DEF.define(s.name(), s.type(), s.defaultValue(), s.validator(), Importance.MEDIUM, s.doc());
        }
    }

    private TopicConfigs() {
    }

    private static void add(String name, Type type, Object def, ConfigDef.Validator validator, String doc,
                            String... synonyms) {
        List<Synonym> list = new ArrayList<>();
        for (String s : synonyms) {
            int colon = s.indexOf(':');
            list.add(colon < 0 ? Synonym.of(s) : new Synonym(s.substring(0, colon), Long.parseLong(s.substring(colon + 1))));
        }
        SETTINGS.put(name, new Setting(name, type, def, validator, Collections.unmodifiableList(list), doc));
    }

    public static Map<String, Setting> settings() {
        return Collections.unmodifiableMap(SETTINGS);
    }

    public static Optional<Setting> setting(String name) {
        return Optional.ofNullable(SETTINGS.get(name));
    }

    /**
     * Validates topic overrides: every key must be a topic-level key and every value valid for it.
     *
     * @throws ConfigException naming the first bad key and what it allows
     */
    public static void validate(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            Setting s = SETTINGS.get(e.getKey());
            if (s == null) {
                throw new ConfigException("Unknown topic config '" + e.getKey() + "'; known topic configs: "
                        + String.join(", ", SETTINGS.keySet()));
            }
            if (e.getValue() == null) {
                continue;
            }
            Object parsed = ConfigDef.parseType(s.name(), e.getValue(), s.type());
            if (s.validator() != null) {
                s.validator().ensureValid(s.name(), parsed);
            }
        }
    }

    /** A topic key's effective value and where it came from. */
    public record Resolved(String name, String value, Source source) {
    }

    /** Where a value came from, in DescribeConfigs' terms. */
    public enum Source { TOPIC, BROKER, DEFAULT }

    /** Resolves one topic key: the topic's override, else the broker's synonym, else the built-in default. */
    public static Resolved resolve(String name, Map<String, String> overrides, BrokerConfig broker) {
        Setting s = SETTINGS.get(name);
        String override = overrides.get(name);
        if (override != null) {
            return new Resolved(name, override, Source.TOPIC);
        }
        for (Synonym syn : s.synonyms()) {
            Optional<String> fromBroker = broker.explicitValue(syn.brokerKey());
            if (fromBroker.isPresent()) {
                String v = fromBroker.get();
                if (syn.factor() != 1) {
                    v = Long.toString(Long.parseLong(v.trim()) * syn.factor());
                }
                return new Resolved(name, v, Source.BROKER);
            }
        }
        return new Resolved(name, render(s.defaultValue()), Source.DEFAULT);
    }

    /** All topic keys resolved for a topic with these overrides. */
    public static Map<String, Resolved> resolveAll(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, Resolved> out = new LinkedHashMap<>();
        for (String name : SETTINGS.keySet()) {
            out.put(name, resolve(name, overrides, broker));
        }
        return out;
    }

    /** {@code min.insync.replicas} of a topic with these overrides. */
    public static int minInsyncReplicas(Map<String, String> overrides, BrokerConfig broker) {
        return ((Number) DEF.parse(Map.of("min.insync.replicas",
                resolve("min.insync.replicas", overrides, broker).value())).get("min.insync.replicas")).intValue();
    }

    /** {@code unclean.leader.election.enable} of a topic with these overrides. */
    public static boolean uncleanLeaderElection(Map<String, String> overrides, BrokerConfig broker) {
        return Boolean.parseBoolean(resolve("unclean.leader.election.enable", overrides, broker).value());
    }

    /** The storage settings of a topic with these overrides. */
    public static LogConfig logConfig(Map<String, String> overrides, BrokerConfig broker) {
        Map<String, String> values = new LinkedHashMap<>();
        resolveAll(overrides, broker).forEach((k, v) -> values.put(k, v.value()));
        Map<String, Object> p = DEF.parse(values);
        @SuppressWarnings("unchecked")
        List<String> policy = (List<String>) p.get("cleanup.policy");
        return new LogConfig(
                (Integer) p.get("segment.bytes"),
                (Long) p.get("segment.ms"),
                (Long) p.get("retention.ms"),
                (Long) p.get("retention.bytes"),
                policy.contains("delete"),
                policy.contains("compact"),
                (Long) p.get("delete.retention.ms"),
                (Long) p.get("min.compaction.lag.ms"),
                (Double) p.get("min.cleanable.dirty.ratio"),
                (Integer) p.get("max.message.bytes"),
                "LogAppendTime".equals(p.get("message.timestamp.type")),
                (Integer) p.get("index.interval.bytes"),
                (Integer) p.get("segment.index.bytes"),
                (Long) p.get("flush.messages"),
                (Long) p.get("flush.ms"));
    }

    /** A config value as DescribeConfigs shows it (lists comma-separated). */
    public static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** A boolean validator that only accepts false, for features Ferry does not offer. */
    enum ValidBoolean implements ConfigDef.Validator {
        FALSE_ONLY;

        @Override
        public void ensureValid(String name, Object value) {
            if (Boolean.TRUE.equals(value)) {
                throw new ConfigException(name, value, "Ferry does not support this feature; only false is allowed");
            }
        }

        @Override
        public String toString() {
            return "[false]";
        }
    }
}
