package io.ferry.runtime.security;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.WorkerConfig;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * The security rules of the worker configuration: JAAS login modules in any key ({@link JaasPolicy});
 * and the values of its secret settings are registered with the {@link Redactor}.
 */
public final class WorkerSecurity {

    private WorkerSecurity() {
    }

    /** @throws ConfigException naming every key whose JAAS configuration names a login module that is not allowed */
    public static void check(WorkerConfig config) {
        Redactor.registerSecrets(config.originalsStrings(), config.originalsStrings());
        List<ConfigProblem> problems = JaasPolicy.problems(new TreeMap<>(config.originalsStrings()), config.allowedLoginModules());
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid worker configuration: "
                    + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        }
    }
}
