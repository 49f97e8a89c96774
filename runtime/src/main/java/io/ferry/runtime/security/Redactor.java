package io.ferry.runtime.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Keeps secrets out of logs, statuses and REST responses. A setting is secret when its key is
 * PASSWORD-typed in a {@link ConfigDef} the worker has seen (the connector's, registered at
 * validation), or its name contains {@code password}, {@code secret}, {@code token} or is a
 * {@code sasl.jaas.config}. The values of secret settings, and every value a config provider
 * resolved ({@code ${file:...}}), are remembered process-wide: {@link #text} masks them wherever
 * they appear (exception messages, stack traces, log lines), {@link #config} masks secret keys and
 * any value holding a remembered secret. Values shorter than {@value #MIN_SECRET_LENGTH}
 * characters are not remembered (masking "on" or "1" everywhere would garble every text).
 *
 * <p>For the REST layer: {@code Redactor.config(map)} for configurations (connector and task
 * configurations, validation values), {@code Redactor.text(s)} for messages and traces (statuses
 * already hold masked traces). Thread-safe.
 */
public final class Redactor {

    /** What replaces a secret. */
    public static final String MASK = "[hidden]";
    public static final int MIN_SECRET_LENGTH = 4;

    private static final Pattern SECRET_NAME = Pattern.compile("password|passwd|secret|token|credential|sasl\\.jaas\\.config|api\\.key|private\\.key");
    private static final Set<String> SECRET_KEYS = ConcurrentHashMap.newKeySet();
    private static final Set<String> SECRET_VALUES = ConcurrentHashMap.newKeySet();
    /** The secret values, longest first (so that a secret containing another is masked whole). */
    private static volatile List<String> ordered = List.of();

    private Redactor() {
    }

    /** Whether the setting {@code key} is secret (by its name, or PASSWORD-typed in a registered definition). */
    public static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key) || SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** Registers the PASSWORD-typed keys of {@code definition} as secret (for configurations using it). */
    public static void registerDefinition(ConfigDef definition) {
        if (definition == null) {
            return;
        }
        definition.configKeys().forEach((name, key) -> {
            if (key.type == ConfigDef.Type.PASSWORD) {
                SECRET_KEYS.add(name);
            }
        });
    }

    /**
     * Remembers the secrets of a configuration: the values of its secret keys in {@code resolved},
     * and every value that a config provider resolved (differs between {@code raw} and
     * {@code resolved}).
     */
    public static void registerSecrets(Map<String, String> raw, Map<String, String> resolved) {
        resolved.forEach((key, value) -> {
            if (value != null && (isSecretKey(key) || !value.equals(raw.get(key)))) {
                registerValue(value);
            }
        });
    }

    /** Remembers one secret value (ignored if shorter than {@value #MIN_SECRET_LENGTH}). */
    public static void registerValue(String value) {
        if (value != null && value.length() >= MIN_SECRET_LENGTH && SECRET_VALUES.add(value)) {
            List<String> values = new ArrayList<>(SECRET_VALUES);
            values.sort(Comparator.comparingInt(String::length).reversed());
            ordered = List.copyOf(values);
        }
    }

    /** {@code text} with every remembered secret value replaced by {@value #MASK}; null stays null. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : ordered) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /**
     * A copy of {@code config} with the values of secret keys replaced by {@value #MASK} (a config
     * provider reference such as {@code ${file:/etc/x.properties:password}} is kept: it is not the
     * secret) and remembered secrets masked in other values.
     */
    public static Map<String, String> config(Map<String, String> config) {
        Map<String, String> result = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            if (value == null) {
                result.put(key, null);
            } else if (isSecretKey(key) && !isProviderReference(value)) {
                result.put(key, MASK);
            } else {
                result.put(key, text(value));
            }
        });
        return result;
    }

    private static boolean isProviderReference(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("${") && trimmed.endsWith("}") && trimmed.indexOf("${", 1) < 0;
    }

    /** Forgets everything registered (tests). */
    static void clear() {
        SECRET_KEYS.clear();
        SECRET_VALUES.clear();
        ordered = List.of();
    }
}
