package io.ferry.broker.zk;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.config.ConfigException;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * A ZooKeeper server's configuration file (ZooKeeper's own key names: {@code dataDir}, {@code clientPort},
 * {@code tickTime}, {@code server.N}...) with {@code key=value} overrides applied, checked and parsed by ZooKeeper's
 * {@link QuorumPeerConfig}. Relative {@code dataDir} and {@code dataLogDir} resolve against the current directory.
 * Every problem is a {@link ConfigException} whose message names the file or the key.
 */
public final class ZooKeeperProperties {

    private static final List<String> INTEGER_KEYS =
            List.of("clientPort", "secureClientPort", "tickTime", "initLimit", "syncLimit", "maxClientCnxns");
    private static final List<String> DIRECTORY_KEYS = List.of("dataDir", "dataLogDir");

    private ZooKeeperProperties() {
    }

    /** Reads {@code file}, applies the overrides, checks the keys ZooKeeper needs and parses the result. */
    public static QuorumPeerConfig load(Path file, List<String> overrides) {
        Properties props = read(file);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Invalid --override '" + o + "': expected key=value");
            }
            props.setProperty(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        return parse(props, file.toString());
    }

    /** Checks and parses properties already in memory; {@code source} names them in error messages. */
    public static QuorumPeerConfig parse(Properties props, String source) {
        Properties resolved = new Properties();
        props.stringPropertyNames().forEach(k -> resolved.setProperty(k.trim(), props.getProperty(k).trim()));
        check(resolved);
        for (String key : DIRECTORY_KEYS) {
            String dir = resolved.getProperty(key);
            if (dir != null) {
                resolved.setProperty(key, Path.of(dir).toAbsolutePath().normalize().toString());
            }
        }
        QuorumPeerConfig config = new QuorumPeerConfig();
        try {
            config.parseProperties(resolved);
        } catch (QuorumPeerConfig.ConfigException | IllegalArgumentException e) {
            // A missing myid file of an ensemble member surfaces here, naming the file.
            throw new ConfigException("Invalid ZooKeeper configuration " + source + ": " + message(e));
        } catch (IOException e) {
            throw new ConfigException("Could not read the ZooKeeper configuration " + source + ": " + message(e));
        }
        return config;
    }

    private static Properties read(Path file) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (NoSuchFileException e) {
            throw new ConfigException("ZooKeeper configuration file not found: " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Could not read the ZooKeeper configuration file " + file + ": " + message(e));
        }
        return props;
    }

    private static void check(Properties props) {
        if (isBlank(props.getProperty("dataDir"))) {
            throw new ConfigException(
                    "Invalid ZooKeeper configuration: dataDir is required (the directory of snapshots and myid)");
        }
        boolean portInServerLine = props.stringPropertyNames().stream()
                .anyMatch(k -> k.startsWith("server.") && props.getProperty(k).contains(";"));
        if (isBlank(props.getProperty("clientPort")) && isBlank(props.getProperty("secureClientPort"))
                && !portInServerLine) {
            throw new ConfigException(
                    "Invalid ZooKeeper configuration: clientPort is required (the port brokers connect to, e.g. 2181)");
        }
        for (String key : INTEGER_KEYS) {
            String value = props.getProperty(key);
            if (value == null) {
                continue;
            }
            try {
                Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        "Invalid ZooKeeper configuration: " + key + "=" + value + " is not an integer");
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        Throwable cause = e.getCause();
        return cause != null && cause.getMessage() != null && !cause.getMessage().equals(m)
                ? m + " (" + cause.getMessage() + ")" : m;
    }
}
