package io.ferry.bench;

import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Small Admin-client helper for bench/cluster/cluster-bench.sh (one JVM start per question).
 *
 * <pre>
 * ClusterAdmin BOOTSTRAP wait-brokers N TIMEOUT_S          waits until DescribeCluster lists N brokers;
 *                                                           prints "BROKERS 1,2,3 CONTROLLER c"
 * ClusterAdmin BOOTSTRAP leader TOPIC PARTITION TIMEOUT_S  waits until PARTITION has a leader and a full ISR
 *                                                           (ISR = replicas); prints "LEADER id REPLICAS .. ISR .."
 * ClusterAdmin BOOTSTRAP describe TOPIC                    prints "PARTITION p LEADER id REPLICAS .. ISR .." per partition
 * </pre>
 *
 * Exit status 1 on a timeout (with the last state seen on stderr), 2 on bad arguments.
 */
public final class ClusterAdmin {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            switch (args[1]) {
                case "wait-brokers" -> {
                    if (args.length != 4) {
                        usage();
                    }
                    System.exit(waitBrokers(admin, Integer.parseInt(args[2]), Long.parseLong(args[3])));
                }
                case "leader" -> {
                    if (args.length != 5) {
                        usage();
                    }
                    System.exit(waitLeader(admin, args[2], Integer.parseInt(args[3]), Long.parseLong(args[4])));
                }
                case "describe" -> {
                    if (args.length != 3) {
                        usage();
                    }
                    TopicDescription d = admin.describeTopics(List.of(args[2])).allTopicNames().get().get(args[2]);
                    for (TopicPartitionInfo p : d.partitions()) {
                        System.out.println("PARTITION " + p.partition() + " " + format(p));
                    }
                }
                default -> usage();
            }
        }
    }

    private static int waitBrokers(Admin admin, int n, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                var cluster = admin.describeCluster();
                Collection<Node> nodes = cluster.nodes().get();
                Node controller = cluster.controller().get();
                last = ids(nodes.stream().map(Node::id).sorted().collect(Collectors.toList()))
                        + " CONTROLLER " + (controller == null ? "none" : controller.id());
                if (nodes.size() >= n) {
                    System.out.println("BROKERS " + last);
                    return 0;
                }
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        System.err.println("timed out waiting for " + n + " brokers; last seen: " + last);
        return 1;
    }

    private static int waitLeader(Admin admin, String topic, int partition, long timeoutS) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                TopicPartitionInfo p = d.partitions().get(partition);
                last = format(p);
                if (p.leader() != null && !p.leader().isEmpty() && p.isr().size() == p.replicas().size()) {
                    System.out.println(last);
                    return 0;
                }
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        System.err.println("timed out waiting for a leader and a full ISR of " + topic + "-" + partition
                + "; last seen: " + last);
        return 1;
    }

    private static String format(TopicPartitionInfo p) {
        String leader = p.leader() == null || p.leader().isEmpty() ? "none" : String.valueOf(p.leader().id());
        return "LEADER " + leader + " REPLICAS " + ids(p.replicas().stream().map(Node::id).toList())
                + " ISR " + ids(p.isr().stream().map(Node::id).toList());
    }

    private static String ids(List<Integer> ids) {
        return ids.isEmpty() ? "-" : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static void usage() {
        System.err.println("usage: ClusterAdmin BOOTSTRAP wait-brokers N TIMEOUT_S | leader TOPIC PARTITION TIMEOUT_S"
                + " | describe TOPIC");
        System.exit(2);
    }

    private ClusterAdmin() {}
}
