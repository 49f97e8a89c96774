package io.ferry.runtime.security;

import io.ferry.runtime.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

/**
 * Which JAAS login modules a {@code sasl.jaas.config} may name (CVE-2023-25194: a JndiLoginModule
 * in a client's JAAS configuration makes the client fetch and run code from an LDAP server). Every
 * key that is {@code sasl.jaas.config} or ends with {@code .sasl.jaas.config} is parsed as Kafka's
 * clients parse it, and each login module it names must be in the allowlist
 * ({@code ferry.sasl.jaas.allowed.login.modules}); JndiLoginModule and LdapLoginModule are refused
 * even if listed.
 */
public final class JaasPolicy {

    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    /** Refused whatever the allowlist says (by simple name, in any package). */
    public static final Set<String> NEVER_ALLOWED = Set.of("JndiLoginModule", "LdapLoginModule");

    private JaasPolicy() {
    }

    /** Whether {@code key} holds a JAAS configuration. */
    public static boolean isJaasKey(String key) {
        return key.equals(SASL_JAAS_CONFIG) || key.endsWith("." + SASL_JAAS_CONFIG);
    }

    /** The problems of every JAAS configuration in {@code props}, each naming its key. */
    public static List<ConfigProblem> problems(Map<String, ?> props, List<String> allowed) {
        List<ConfigProblem> problems = new ArrayList<>();
        props.forEach((key, value) -> {
            if (isJaasKey(key) && value != null) {
                String problem = check(String.valueOf(value), allowed);
                if (problem != null) {
                    problems.add(new ConfigProblem(key, problem));
                }
            }
        });
        return problems;
    }

    /** What is wrong with one JAAS configuration, or null if nothing is. */
    static String check(String jaas, List<String> allowed) {
        if (jaas.isBlank()) {
            return null;
        }
        List<AppConfigurationEntry> entries;
        try {
            entries = JaasContext.loadClientContext(Map.of(SASL_JAAS_CONFIG, new Password(jaas))).configurationEntries();
        } catch (RuntimeException e) {
            return "not a valid JAAS configuration: " + e.getMessage();
        }
        if (entries == null || entries.isEmpty()) {
            return "not a valid JAAS configuration: it names no login module";
        }
        for (AppConfigurationEntry entry : entries) {
            String module = entry.getLoginModuleName();
            String simpleName = module.substring(module.lastIndexOf('.') + 1);
            if (NEVER_ALLOWED.contains(simpleName)) {
                return "login module " + module + " is never allowed (it can load remote code: CVE-2023-25194)";
            }
            if (!allowed.contains(module)) {
                return "login module " + module + " is not allowed; allowed: " + allowed
                        + " (ferry.sasl.jaas.allowed.login.modules)";
            }
        }
        return null;
    }
}
