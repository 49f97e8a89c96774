package io.ferry.runtime.security;

import io.ferry.runtime.config.ConfigProblem;
import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which JAAS login modules a {@code sasl.jaas.config} may name (CVE-2023-25194: a JndiLoginModule
 * in a client's JAAS configuration makes the client fetch and run code from an LDAP server). Every
 * key that is {@code sasl.jaas.config} or ends with {@code .sasl.jaas.config} is tokenised as Kafka's
 * clients tokenise it, and each login module it names must be in the allowlist
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
        List<String> modules;
        try {
            modules = loginModules(jaas);
        } catch (IOException | IllegalArgumentException e) {
            return "not a valid JAAS configuration: " + e.getMessage();
        }
        if (modules.isEmpty()) {
            return "not a valid JAAS configuration: it names no login module";
        }
        for (String module : modules) {
            String simpleName = module.substring(module.lastIndexOf('.') + 1);
            if (NEVER_ALLOWED.contains(simpleName)) {
                return "login module " + module + " is never allowed (it can load remote code: CVE-2023-25194, CVE-2025-27818)";
            }
            if (!allowed.contains(module)) {
                return "login module " + module + " is not allowed; allowed: " + allowed + " (ferry.sasl.jaas.allowed.login.modules)";
            }
        }
        return null;
    }

    /**
     * The login modules of a JAAS configuration ({@code <module> <flag> [<option>=<value>]... ;}, repeated),
     * tokenised as Kafka's clients tokenise {@code sasl.jaas.config}: quoted values, comments.
     */
    static List<String> loginModules(String jaas) throws IOException {
        StreamTokenizer tokens = new StreamTokenizer(new StringReader(jaas));
        tokens.slashSlashComments(true);
        tokens.slashStarComments(true);
        tokens.wordChars('-', '-');
        tokens.wordChars('_', '_');
        tokens.wordChars('$', '$');
        tokens.wordChars('.', '.');
        List<String> modules = new ArrayList<>();
        while (tokens.nextToken() != StreamTokenizer.TT_EOF) {
            if (tokens.ttype != StreamTokenizer.TT_WORD) {
                throw new IllegalArgumentException("expected a login module class name at '" + (char) tokens.ttype + "'");
            }
            modules.add(tokens.sval);
            if (tokens.nextToken() != StreamTokenizer.TT_WORD) {
                throw new IllegalArgumentException("login module " + tokens.sval + " lacks its control flag");
            }
            while (tokens.nextToken() != ';') {
                if (tokens.ttype == StreamTokenizer.TT_EOF) {
                    throw new IllegalArgumentException("a login module entry does not end with ';'");
                }
            }
        }
        return modules;
    }
}
