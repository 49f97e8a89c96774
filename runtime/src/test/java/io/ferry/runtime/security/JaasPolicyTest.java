package io.ferry.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.runtime.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaasPolicyTest {

    private static final List<String> ALLOWED = List.of("org.apache.kafka.common.security.plain.PlainLoginModule",
            "com.sun.security.auth.module.JndiLoginModule");

    @Test
    void everyLoginModuleOfEveryEntryIsChecked() {
        assertThat(JaasPolicy.check("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"b\";",
                ALLOWED)).isNull();
        assertThat(JaasPolicy.check("/* harmless */ org.apache.kafka.common.security.plain.PlainLoginModule required;\n"
                + "// another\ncom.sun.security.auth.module.JndiLoginModule required user.provider.url=\"ldap://x/\";", ALLOWED))
                .contains("JndiLoginModule is never allowed");
        assertThat(JaasPolicy.check("com.example.LdapLoginModule optional;", ALLOWED)).contains("is never allowed");
        assertThat(JaasPolicy.check("com.example.Other required;", ALLOWED)).contains("com.example.Other is not allowed");
        assertThat(JaasPolicy.check("org.apache.kafka.common.security.plain.PlainLoginModule required", ALLOWED))
                .startsWith("not a valid JAAS configuration");
    }

    @Test
    void onlyJaasKeysAreChecked() {
        List<ConfigProblem> problems = JaasPolicy.problems(Map.of("sasl.jaas.config", "x.Y required;",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", "x.Z required;", "sasl.jaas.config.note", "x.W required;"), ALLOWED);
        assertThat(problems).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("sasl.jaas.config", "listener.name.sasl_plaintext.plain.sasl.jaas.config");
    }
}
