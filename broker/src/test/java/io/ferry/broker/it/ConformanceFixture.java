package io.ferry.broker.it;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/** What the API conformance calls share: the broker, its advertised ranges and the data put there beforehand. */
final class ConformanceFixture {

    /** A topic with {@link #RECORDS} records, timestamps {@link #BASE_TS} + i seconds. */
    static final String TOPIC = "conf";
    static final int RECORDS = 5;
    static final long BASE_TS = 1_700_000_000_000L;
    /** An empty topic that Produce calls append to. */
    static final String PRODUCE_TOPIC = "conf-produce";
    /** A group with offset {@link #COMMITTED} committed for partition 0 of {@link #TOPIC}. */
    static final String GROUP = "conf-group";
    static final long COMMITTED = 3;

    /** One call of an API at one version, with whatever it needs set up first. */
    @FunctionalInterface
    interface Step {
        void run(VersionedClient client, short version) throws Exception;
    }

    final TestBroker broker;
    final Admin admin;
    final ApiVersionCollection advertised;
    final int nodeId;

    ConformanceFixture(TestBroker broker, Admin admin, ApiVersionCollection advertised, int nodeId) {
        this.broker = broker;
        this.admin = admin;
        this.advertised = advertised;
        this.nodeId = nodeId;
    }

    /** The highest advertised version, for set-up calls around the one under test. */
    short max(ApiKeys api) {
        ApiVersion v = advertised.find(api.id);
        if (v == null) {
            throw new IllegalStateException(api + " is not advertised");
        }
        return v.maxVersion();
    }

    void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    /** With the authorizer on, so every handler's checks run (the anonymous test client is a super user). */
    static Map<String, String> brokerSettings() {
        return Map.of("group.initial.rebalance.delay.ms", "0",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS");
    }
}
