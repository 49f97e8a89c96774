package io.ferry.runtime.cli.connectors;

import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for a connector name. picocli writes candidates into the completion script as fixed words;
 * this gives one placeholder word instead, which {@link io.ferry.runtime.cli.CompletionCommand} replaces with a call
 * of {@code ferry connectors list --names}, so that the names are asked from the worker at each completion (the
 * worker of {@code FERRY_CONNECT_URL}, {@code FERRY_CONTEXT} or the current context; none if it cannot be reached).
 */
public final class ConnectorNames implements Iterable<String> {

    /** The word the completion script holds in place of the names. */
    public static final String PLACEHOLDER = "__ferry_connector_names__";

    /** The bash words that list the names when a completion runs. */
    public static final String LOOKUP = "$(\"${COMP_WORDS[0]}\" connectors list --names 2>/dev/null)";

    @Override
    public Iterator<String> iterator() {
        return List.of(PLACEHOLDER).iterator();
    }
}
