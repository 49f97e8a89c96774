package io.ferry.runtime.cli.connectors;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for a connector name: the connectors of the worker chosen by the environment and contexts
 * file ({@link Contexts}), asked when the completion script is generated ({@code bin/ferry completion bash}), with a
 * short timeout. Best effort: none if the worker cannot be reached. Nothing is asked until the names are iterated.
 */
public final class ConnectorNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        try {
            Target target = Contexts.fromEnvironment().resolve(null, null, null);
            return Json.strings(new ConnectClient(target, Duration.ofSeconds(1)).get("/connectors").body()).iterator();
        } catch (RuntimeException e) {
            return List.<String>of().iterator();
        }
    }
}
