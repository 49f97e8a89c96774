package io.ferry.broker.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of each znode, written and read exactly as Apache Kafka's ZooKeeper mode does, so Kafka's own knowledge
 * (and tools reading ZooKeeper) applies. Decoding tolerates unknown fields.
 */
public final class ZkData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ZkData() {
    }

    /** {@code /brokers/ids/<id>} (version 5): the broker's endpoints and rack. */
    public record BrokerRegistration(int id, List<Endpoint> endpoints, String rack, long timestamp) {

        public byte[] encode() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", 5);
            Endpoint plaintext = endpoints.stream().filter(e -> e.protocol().equals("PLAINTEXT")).findFirst()
                    .orElse(null);
            m.put("host", plaintext == null ? null : plaintext.host());
            m.put("port", plaintext == null ? -1 : plaintext.port());
            m.put("jmx_port", -1);
            m.put("timestamp", Long.toString(timestamp));
            m.put("endpoints", endpoints.stream().map(e -> e.listener() + "://" + e.host() + ":" + e.port()).toList());
            Map<String, String> protocols = new LinkedHashMap<>();
            endpoints.forEach(e -> protocols.put(e.listener(), e.protocol()));
            m.put("listener_security_protocol_map", protocols);
            if (rack != null) {
                m.put("rack", rack);
            }
            m.put("features", Map.of());
            return write(m);
        }

        @SuppressWarnings("unchecked")
        public static BrokerRegistration decode(int id, byte[] data) {
            Map<String, Object> m = read(data);
            Map<String, String> protocols = (Map<String, String>) m.getOrDefault("listener_security_protocol_map",
                    Map.of());
            List<Endpoint> endpoints = new ArrayList<>();
            for (Object e : (List<Object>) m.getOrDefault("endpoints", List.of())) {
                endpoints.add(Endpoint.parse(e.toString(), protocols));
            }
            Object ts = m.get("timestamp");
            return new BrokerRegistration(id, List.copyOf(endpoints), (String) m.get("rack"),
                    ts == null ? 0 : Long.parseLong(ts.toString()));
        }

        /** The endpoint of {@code listener}, or the first one when absent. */
        public Endpoint endpoint(String listener) {
            return endpoints.stream().filter(e -> e.listener().equals(listener)).findFirst()
                    .orElse(endpoints.isEmpty() ? null : endpoints.get(0));
        }
    }

    /** One advertised listener of a broker: {@code LISTENER://host:port} and its security protocol. */
    public record Endpoint(String listener, String host, int port, String protocol) {

        /** {@code LISTENER://host:port}, as in the registration's {@code endpoints}. */
        @Override
        public String toString() {
            return listener + "://" + host + ":" + port;
        }

        static Endpoint parse(String s, Map<String, String> protocols) {
            int sep = s.indexOf("://");
            String listener = s.substring(0, sep);
            String hostPort = s.substring(sep + 3);
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(listener, host, Integer.parseInt(hostPort.substring(colon + 1)),
                    protocols.getOrDefault(listener, listener));
        }
    }

    /**
     * {@code /brokers/topics/<topic>} (version 3): the topic id and each partition's assigned replicas, in preference
     * order, with the replicas being added and removed by a reassignment in progress.
     */
    public record TopicAssignment(Uuid topicId, Map<Integer, List<Integer>> partitions,
                                  Map<Integer, List<Integer>> adding, Map<Integer, List<Integer>> removing) {

        public TopicAssignment {
            partitions = copy(partitions);
            adding = copy(adding);
            removing = copy(removing);
        }

        public TopicAssignment(Uuid topicId, Map<Integer, List<Integer>> partitions) {
            this(topicId, partitions, Map.of(), Map.of());
        }

        public byte[] encode() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", 3);
            m.put("topic_id", topicId.toString());
            m.put("partitions", keyed(partitions));
            m.put("adding_replicas", keyed(adding));
            m.put("removing_replicas", keyed(removing));
            return write(m);
        }

        public static TopicAssignment decode(byte[] data) {
            Map<String, Object> m = read(data);
            Object id = m.get("topic_id");
            return new TopicAssignment(id == null ? Uuid.ZERO_UUID : Uuid.fromString(id.toString()),
                    unkeyed(m.get("partitions")), unkeyed(m.get("adding_replicas")),
                    unkeyed(m.get("removing_replicas")));
        }

        private static Map<String, List<Integer>> keyed(Map<Integer, List<Integer>> byPartition) {
            Map<String, List<Integer>> out = new LinkedHashMap<>();
            byPartition.forEach((p, r) -> out.put(Integer.toString(p), r));
            return out;
        }

        @SuppressWarnings("unchecked")
        private static Map<Integer, List<Integer>> unkeyed(Object o) {
            Map<Integer, List<Integer>> out = new TreeMap<>();
            if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> out.put(Integer.parseInt(k.toString()),
                        ((List<Number>) v).stream().map(Number::intValue).toList()));
            }
            return out;
        }

        private static Map<Integer, List<Integer>> copy(Map<Integer, List<Integer>> m) {
            Map<Integer, List<Integer>> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /**
     * {@code /brokers/topics/<topic>/partitions/<p>/state} (version 1): leader (-1 for none), leader epoch, ISR and
     * the epoch of the controller that decided the leadership. The znode's version is the partition epoch.
     */
    public record LeaderAndIsr(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {

        public LeaderAndIsr {
            isr = List.copyOf(isr);
        }

        public byte[] encode() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("controller_epoch", controllerEpoch);
            m.put("leader", leader);
            m.put("version", 1);
            m.put("leader_epoch", leaderEpoch);
            m.put("isr", isr);
            return write(m);
        }

        @SuppressWarnings("unchecked")
        public static LeaderAndIsr decode(byte[] data) {
            Map<String, Object> m = read(data);
            return new LeaderAndIsr(((Number) m.get("leader")).intValue(), ((Number) m.get("leader_epoch")).intValue(),
                    ((List<Number>) m.get("isr")).stream().map(Number::intValue).toList(),
                    ((Number) m.getOrDefault("controller_epoch", 0)).intValue());
        }
    }

    /** {@code /controller} (version 1): the id of the elected controller. */
    public static byte[] encodeController(int brokerId, long timestamp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("brokerid", brokerId);
        m.put("timestamp", Long.toString(timestamp));
        return write(m);
    }

    public static int decodeController(byte[] data) {
        return ((Number) read(data).get("brokerid")).intValue();
    }

    /** {@code /controller_epoch}: a plain decimal integer. */
    public static byte[] encodeInt(int value) {
        return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
    }

    public static int decodeInt(byte[] data) {
        return Integer.parseInt(new String(data, StandardCharsets.UTF_8).trim());
    }

    /** {@code /cluster/id} (version "1"). */
    public static byte[] encodeClusterId(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "1");
        m.put("id", id);
        return write(m);
    }

    public static String decodeClusterId(byte[] data) {
        return read(data).get("id").toString();
    }

    /** {@code /latest_producer_id_block} (version 1): the last block of producer ids handed out, inclusive bounds. */
    public record ProducerIdBlock(int broker, long start, long end) {

        public byte[] encode() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", 1);
            m.put("broker", broker);
            m.put("block_start", Long.toString(start));
            m.put("block_end", Long.toString(end));
            return write(m);
        }

        public static ProducerIdBlock decode(byte[] data) {
            Map<String, Object> m = read(data);
            return new ProducerIdBlock(((Number) m.get("broker")).intValue(),
                    Long.parseLong(m.get("block_start").toString()), Long.parseLong(m.get("block_end").toString()));
        }
    }

    /** {@code /config/topics/<topic>} (version 1): a topic's config overrides. */
    public static byte[] encodeConfig(Map<String, String> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("config", new TreeMap<>(config));
        return write(m);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, String> decodeConfig(byte[] data) {
        Map<String, Object> config = (Map<String, Object>) read(data).getOrDefault("config", Map.of());
        Map<String, String> out = new TreeMap<>();
        config.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static byte[] write(Map<String, Object> m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> read(byte[] data) {
        try {
            return JSON.readValue(data, MAP);
        } catch (IOException e) {
            throw new IllegalArgumentException("Malformed znode data: " + new String(data, StandardCharsets.UTF_8), e);
        }
    }
}
