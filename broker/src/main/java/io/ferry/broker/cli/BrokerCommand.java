package io.ferry.broker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ferry.broker.BrokerServer;
import io.ferry.broker.config.BrokerConfig;
import io.ferry.broker.util.StorageFailures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry broker server.properties [--override key=value]...}: runs a broker in the foreground. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Start a Kafka-compatible broker, like kafka-server-start.sh.")
public final class BrokerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Parameters(index = "0", paramLabel = "SERVER_PROPERTIES", description = "broker configuration file")
    Path configFile;

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "override a property of the file")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = BrokerConfig.load(configFile, overrides);
        } catch (ConfigException e) {
            System.err.println("Invalid broker configuration: " + e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("Broker configuration file not found: " + configFile);
            return 2;
        }
        BrokerServer server = new BrokerServer(config);
        try {
            server.start();
        } catch (ConfigException e) {
            System.err.println("Invalid broker configuration: " + e.getMessage());
            server.close();
            return 2;
        } catch (java.net.BindException e) {
            System.err.println("Could not listen on " + config.listeners() + ": " + e.getMessage()
                    + " (is another broker running? change listeners)");
            server.close();
            return 1;
        } catch (java.io.IOException e) {
            System.err.println("Could not start the broker: cannot write " + StorageFailures.describe(e) + ". The broker keeps its log in "
                    + "log.dirs (now " + String.join(",", config.logDirs().stream().map(String::valueOf).toList())
                    + "): set it to a folder the broker can write");
            server.close();
            return 1;
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            // e.g. ZooKeeper unreachable, or a TLS handshake with it failing: the message names the keys to check.
            System.err.println("Could not start the broker: " + e.getMessage());
            server.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down on signal");
            server.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BrokerCommand()).execute(args));
    }
}
