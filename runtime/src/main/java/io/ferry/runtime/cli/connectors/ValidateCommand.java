package io.ferry.runtime.cli.connectors;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code connectors validate FILE|-}: the worker's verdict on a configuration, as {@code apply --dry-run}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate a connector configuration (file, or - for standard input) without creating anything: "
                + "the errors per key. Exit status 2 if it has errors."})
public final class ValidateCommand extends WorkerCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "properties, flat JSON or {\"name\":...,\"config\":{...}}; - for standard input")
    String file;

    @Override
    protected int execute(ConnectClient client) {
        Map<String, String> config = ConfigInput.read(file, System.in);
        return Validation.of(client, config).print(out(), err(), config.get("name"), json());
    }
}
