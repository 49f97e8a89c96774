package io.ferry.runtime.cli;

import io.ferry.runtime.cli.connectors.ConnectorNames;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry completion bash|zsh}: prints the shell completion script picocli generates from the command model (one
 * script serves both shells; under zsh it loads bashcompinit). Connector names are asked from the worker when they are
 * completed ({@link ConnectorNames}), best effort.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for bin/ferry's commands, options and connector names.",
                "bash: source <(bin/ferry completion bash)   zsh: source <(bin/ferry completion zsh)",
                "Connector names are asked from the worker ($FERRY_CONNECT_URL, $FERRY_CONTEXT, the current context or "
                        + "http://localhost:8083) when they are completed."})
public final class CompletionCommand implements Runnable {

    /** The shells the script is for. */
    enum Shell { BASH, ZSH }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String script = AutoComplete.bash("ferry", spec.root().commandLine())
                .replace("\"" + ConnectorNames.PLACEHOLDER + "\"", ConnectorNames.LOOKUP);
        if (shell == Shell.ZSH) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
