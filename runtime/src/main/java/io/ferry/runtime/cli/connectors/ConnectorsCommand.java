package io.ferry.runtime.cli.connectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry connectors <verb>}: the group of verbs over a worker's REST API. */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = {"Manage the connectors of a running worker over its REST API (Kafka Connect's), like kubectl.",
                "Worker: --url, else --context NAME or $FERRY_CONTEXT (~/.config/ferry/contexts.properties: NAME.url, "
                        + "NAME.credentials.file, current=NAME), else $FERRY_CONNECT_URL, else http://localhost:8083.",
                "Credentials (Basic): --credentials-file (user=, password=), else $FERRY_REST_USER and $FERRY_REST_PASSWORD."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the worker could not be reached, refused the request or failed",
                "2:invalid command line, configuration file or connector configuration",
                "3:the connector (or plugin) does not exist; the connectors that do are listed"},
        subcommands = {ListCommand.class, DescribeCommand.class, ApplyCommand.class, DeleteCommand.class, PauseCommand.class,
                ResumeCommand.class, StopCommand.class, RestartCommand.class, OffsetsCommand.class, PluginsCommand.class,
                ValidateCommand.class, LoggersCommand.class})
public final class ConnectorsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
