package io.ferry.runtime.cli.connectors;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Chooses the worker a command talks to. Contexts name several workers in a properties file
 * ({@code $FERRY_CONTEXTS}, else {@code $XDG_CONFIG_HOME/ferry/contexts.properties}, else
 * {@code ~/.config/ferry/contexts.properties}):
 * <pre>
 * current=local                          # the context used when none is named
 * local.url=http://localhost:8083
 * prod.url=https://connect.example.com:8083
 * prod.credentials.file=/home/me/.config/ferry/prod.credentials
 * </pre>
 * The address: {@code --url}; else the context named by {@code --context} or {@code FERRY_CONTEXT};
 * else {@code FERRY_CONNECT_URL}; else the file's {@code current} context; else {@value #DEFAULT_URL}.
 * The credentials: {@code --credentials-file}; else the chosen context's {@code credentials.file}; else
 * {@code FERRY_REST_USER} and {@code FERRY_REST_PASSWORD}; else none.
 */
public final class Contexts {

    public static final String DEFAULT_URL = "http://localhost:8083";
    public static final String ENV_URL = "FERRY_CONNECT_URL";
    public static final String ENV_CONTEXT = "FERRY_CONTEXT";
    public static final String ENV_FILE = "FERRY_CONTEXTS";
    public static final String ENV_USER = "FERRY_REST_USER";
    public static final String ENV_PASSWORD = "FERRY_REST_PASSWORD";

    private final Map<String, String> env;
    private final Path file;

    /** Contexts from {@code file} (which may not exist), with {@code env} as the environment. */
    public Contexts(Map<String, String> env, Path file) {
        this.env = env;
        this.file = file;
    }

    /** The contexts of this process's environment and home folder. */
    public static Contexts fromEnvironment() {
        return new Contexts(System.getenv(), defaultFile(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /** Where the contexts file is looked for. */
    static Path defaultFile(Map<String, String> env, Path home) {
        if (present(env.get(ENV_FILE))) {
            return Path.of(env.get(ENV_FILE));
        }
        Path config = present(env.get("XDG_CONFIG_HOME")) ? Path.of(env.get("XDG_CONFIG_HOME")) : home.resolve(".config");
        return config.resolve("ferry").resolve("contexts.properties");
    }

    /**
     * @param url             {@code --url}, or null
     * @param context         {@code --context}, or null
     * @param credentialsFile {@code --credentials-file}, or null
     * @throws CliException (usage) for an unknown context, a malformed address or an unreadable file
     */
    public Target resolve(String url, String context, Path credentialsFile) {
        Properties contexts = load();
        String named = present(context) ? context : env.get(ENV_CONTEXT);
        String chosen = null;
        String address;
        if (present(url)) {
            address = url;
        } else if (present(named)) {
            chosen = named;
            address = contextUrl(contexts, named);
        } else if (present(env.get(ENV_URL))) {
            address = env.get(ENV_URL);
        } else if (present(contexts.getProperty("current"))) {
            chosen = contexts.getProperty("current").trim();
            address = contextUrl(contexts, chosen);
        } else {
            address = DEFAULT_URL;
        }
        return new Target(parse(address), credentials(contexts, chosen, credentialsFile), chosen);
    }

    private Credentials credentials(Properties contexts, String chosen, Path credentialsFile) {
        if (credentialsFile != null) {
            return Credentials.read(credentialsFile);
        }
        String fromContext = chosen == null ? null : contexts.getProperty(chosen + ".credentials.file");
        if (present(fromContext)) {
            return Credentials.read(Path.of(fromContext.trim()));
        }
        if (present(env.get(ENV_USER))) {
            return new Credentials(env.get(ENV_USER), env.getOrDefault(ENV_PASSWORD, ""));
        }
        return null;
    }

    private String contextUrl(Properties contexts, String name) {
        String url = contexts.getProperty(name + ".url");
        if (!present(url)) {
            TreeSet<String> names = new TreeSet<>();
            contexts.stringPropertyNames().stream().filter(k -> k.endsWith(".url"))
                    .forEach(k -> names.add(k.substring(0, k.length() - ".url".length())));
            throw new CliException(ExitCode.USAGE, "Unknown context '" + name + "' (no " + name + ".url in " + file + ")"
                    + (names.isEmpty() ? "" : "; contexts: " + String.join(", ", names)));
        }
        return url.trim();
    }

    private Properties load() {
        Properties properties = new Properties();
        if (file == null || !Files.isRegularFile(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "Cannot read the contexts file " + file + ": " + e.getMessage());
        }
        return properties;
    }

    private static URI parse(String address) {
        String trimmed = address.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(address, "expected http://host:port or https://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliException(ExitCode.USAGE, "Invalid worker address '" + address + "': expected http://host:port or https://host:port");
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
