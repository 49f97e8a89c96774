package io.ferry.runtime.cli;

import io.ferry.broker.cli.BrokerCommand;
import io.ferry.broker.cli.ScramCommand;
import io.ferry.broker.cli.ZooKeeperCommand;
import io.ferry.runtime.cli.connectors.ConnectorsCommand;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;

/** {@code ferry <command>}: the one entry point of {@code bin/ferry}. */
@Command(name = "ferry", mixinStandardHelpOptions = true, versionProvider = FerryCommand.Version.class,
        description = "A Kafka-compatible broker and Kafka-Connect-compatible connector runtime.",
        subcommands = {BrokerCommand.class, ZooKeeperCommand.class, ScramCommand.class, StandaloneCommand.class, HashPasswordCommand.class,
                ConnectorsCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class FerryCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version of Ferry and of the Kafka APIs it implements. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String ferry = FerryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"Ferry " + (ferry == null ? "(development build)" : ferry) + ", Kafka APIs " + AppInfoParser.getVersion()};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with every subcommand (and theirs) printing Ferry's version for -V/--version. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FerryCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        withVersion(cl);
        return cl;
    }

    private static void withVersion(CommandLine command) {
        command.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().versionProvider(new Version());
            withVersion(sub);
        });
    }
}
