package io.ferry.runtime.cli.connectors;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every verb takes: which worker ({@link Contexts}), with which credentials, and the output format. */
public final class ClientOptions {

    /** How results are printed. */
    public enum Format { TABLE, JSON }

    /** The formats as typed (completion offers them in lower case). */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "json").iterator();
        }
    }

    @Option(names = "--url", paramLabel = "URL",
            description = "the worker's REST API (default: $FERRY_CONNECT_URL, the current context, or " + Contexts.DEFAULT_URL + ")")
    String url;

    @Option(names = "--context", paramLabel = "NAME",
            description = "a worker named in ~/.config/ferry/contexts.properties (NAME.url, NAME.credentials.file); also $FERRY_CONTEXT")
    String context;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "a properties file with user= and password= for Basic authentication "
                    + "(default: $FERRY_REST_USER and $FERRY_REST_PASSWORD)")
    Path credentialsFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", completionCandidates = FormatNames.class,
            description = "table (for people) or json (for scripts); default: ${DEFAULT-VALUE}")
    Format format = Format.TABLE;

    /** The worker chosen by the options, the environment and the contexts file. */
    public Target target() {
        return Contexts.fromEnvironment().resolve(url, context, credentialsFile);
    }

    public boolean json() {
        return format == Format.JSON;
    }
}
