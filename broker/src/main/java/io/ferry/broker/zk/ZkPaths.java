package io.ferry.broker.zk;

/** The znodes of a cluster, as Apache Kafka's ZooKeeper mode lays them out (under the chroot, if any). */
public final class ZkPaths {

    public static final String BROKER_IDS = "/brokers/ids";
    public static final String TOPICS = "/brokers/topics";
    public static final String CONTROLLER = "/controller";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String TOPIC_CONFIGS = "/config/topics";
    /** Users' configs, SCRAM credentials among them; children are sanitized (URL-encoded) user names. */
    public static final String USER_CONFIGS = "/config/users";
    /** Dynamic broker settings: {@code /config/brokers/<id>} and {@code /config/brokers/<default>}. */
    public static final String BROKER_CONFIGS = "/config/brokers";
    public static final String CLUSTER_ID = "/cluster/id";
    public static final String PRODUCER_ID_BLOCK = "/latest_producer_id_block";
    /**
     * Brokers asking the controller to move their leaderships before they stop (Ferry's: Kafka sent a
     * ControlledShutdown request, which kafka-clients 4.x no longer carries). Ephemeral children named by broker id.
     */
    public static final String CONTROLLED_SHUTDOWN = "/admin/controlled_shutdown";
    /** Literal-pattern ACLs: {@code /kafka-acl/<ResourceType>/<name>}. */
    public static final String LITERAL_ACLS = "/kafka-acl";
    /** Prefixed-pattern ACLs: {@code /kafka-acl-extended/prefixed/<ResourceType>/<name>}. */
    public static final String EXTENDED_ACLS = "/kafka-acl-extended";

    private ZkPaths() {
    }

    public static String broker(int id) {
        return BROKER_IDS + "/" + id;
    }

    public static String topic(String topic) {
        return TOPICS + "/" + topic;
    }

    public static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String partition(String topic, int partition) {
        return partitions(topic) + "/" + partition;
    }

    public static String partitionState(String topic, int partition) {
        return partition(topic, partition) + "/state";
    }

    public static String topicConfig(String topic) {
        return TOPIC_CONFIGS + "/" + topic;
    }

    public static String brokerConfig(String broker) {
        return BROKER_CONFIGS + "/" + broker;
    }

    public static String userConfig(String sanitizedUser) {
        return USER_CONFIGS + "/" + sanitizedUser;
    }

    public static String controlledShutdown(int broker) {
        return CONTROLLED_SHUTDOWN + "/" + broker;
    }

    /** The znode of a resource pattern's ACLs (Kafka's ZkAclStore layout; the name is a single path element). */
    public static String acls(org.apache.kafka.common.resource.ResourcePattern pattern) {
        String type = org.apache.kafka.common.utils.SecurityUtils.resourceTypeName(pattern.resourceType());
        return switch (pattern.patternType()) {
            case LITERAL -> LITERAL_ACLS + "/" + type + "/" + pattern.name();
            case PREFIXED -> EXTENDED_ACLS + "/prefixed/" + type + "/" + pattern.name();
            default -> throw new IllegalArgumentException("No ACL znode for pattern type " + pattern.patternType());
        };
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }
}
