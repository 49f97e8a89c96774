package io.ferry.tools;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/ferry <tool> [args]}: runs one of Apache Kafka's own command-line tools with the user's arguments, so its
 * flags, output and exit codes are Kafka's exactly. The one thing added: {@code --bootstrap-server localhost:9092}
 * (the quickstart's broker) when the command line names no servers itself.
 */
public final class KafkaTool {

    /** The quickstart's broker, used when a command line names no servers. */
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    /** Tool name (bin/ferry's command) → the Kafka class whose main runs it, sorted by name. */
    public static final Map<String, String> TOOLS = tools();

    private KafkaTool() {
    }

    private static Map<String, String> tools() {
        Map<String, String> m = new TreeMap<>();
        String t = "org.apache.kafka.tools.";
        m.put("topics", t + "TopicCommand");
        m.put("console-producer", t + "ConsoleProducer");
        m.put("console-consumer", t + "consumer.ConsoleConsumer");
        m.put("consumer-groups", t + "consumer.group.ConsumerGroupCommand");
        m.put("configs", "kafka.admin.ConfigCommand");
        m.put("acls", t + "AclCommand");
        m.put("reassign-partitions", t + "reassign.ReassignPartitionsCommand");
        m.put("leader-election", t + "LeaderElectionCommand");
        m.put("log-dirs", t + "LogDirsCommand");
        m.put("transactions", t + "TransactionsCommand");
        m.put("producer-perf-test", t + "ProducerPerformance");
        m.put("consumer-perf-test", t + "ConsumerPerformance");
        m.put("get-offsets", t + "GetOffsetShell");
        m.put("delete-records", t + "DeleteRecordsCommand");
        m.put("verifiable-producer", t + "VerifiableProducer");
        m.put("verifiable-consumer", t + "VerifiableConsumer");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The arguments the tool gets: the user's, plus {@code --bootstrap-server localhost:9092} unless they name servers
     * ({@code --bootstrap-server}, {@code --bootstrap-controller}, a {@code bootstrap.servers=} property or a client
     * config file that may hold one) or only ask for help or the version.
     */
    public static List<String> arguments(List<String> userArgs) {
        List<String> args = new ArrayList<>(userArgs);
        for (String a : userArgs) {
            if (a.equals("--bootstrap-server") || a.startsWith("--bootstrap-server=")
                    || a.startsWith("--bootstrap-controller") || a.contains("bootstrap.servers=")
                    || a.equals("--producer.config") || a.equals("--consumer.config") || a.equals("--help")
                    || a.equals("-h") || a.equals("--version")) {
                return args;
            }
        }
        args.add("--bootstrap-server");
        args.add(DEFAULT_BOOTSTRAP);
        return args;
    }

    public static void main(String[] argv) throws Throwable {
        if (argv.length == 0 || !TOOLS.containsKey(argv[0])) {
            System.err.println("Unknown tool '" + (argv.length == 0 ? "" : argv[0]) + "'; the tools are: "
                    + String.join(", ", TOOLS.keySet()));
            System.exit(2);
        }
        List<String> args = arguments(List.of(argv).subList(1, argv.length));
        Method main = Class.forName(TOOLS.get(argv[0])).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
