package io.ferry.runtime.cli.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.runtime.cli.connectors.FerryProcess.Result;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.runtime.testing.WorkerFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/ferry connectors} verb as a user types it (a child process, not on a terminal) against an
 * in-process standalone worker whose REST API asks for Basic authentication: the credentials come from the
 * environment ({@code FERRY_REST_USER}, {@code FERRY_REST_PASSWORD}), the address from {@code --url} or
 * {@code FERRY_CONNECT_URL}. Runs after the package phase (failsafe), as bin/ferry needs the built jars.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectorsCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path root;

    private WorkerFixture worker;
    private String url;

    @BeforeAll
    void startWorker(@TempDir Path dir) throws Exception {
        root = dir;
        Path users = Files.writeString(root.resolve("users"), "ops:" + PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS) + "\n");
        worker = new WorkerFixture(root).set("rest.auth.users.file", users.toString()).start();
        url = worker.restUri().toString();
    }

    @AfterAll
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    /** bin/ferry with the worker's address and credentials in the environment, run in a folder of its own. */
    private FerryProcess ferry() throws IOException {
        return new FerryProcess(Files.createTempDirectory(root, "cli")).env("FERRY_CONNECT_URL", url)
                .env("FERRY_REST_USER", "ops").env("FERRY_REST_PASSWORD", "s3cret");
    }

    private Result ok(String... args) throws Exception {
        Result result = ferry().run(args);
        assertThat(result.exitCode()).as("bin/ferry %s: %s", String.join(" ", args), result).isZero();
        assertThat(result.out() + result.err()).as("no colour codes off a terminal").doesNotContain("\u001b[");
        return result;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        return JSON.readTree(ok(all.toArray(String[]::new)).out());
    }

    private Path sourceConfig(String name, Path input) throws IOException {
        Files.writeString(input, "one\ntwo\nthree\n");
        return Files.writeString(root.resolve(name + ".properties"), String.join("\n", "name=" + name,
                "connector.class=FileStreamSource", "tasks.max=1", "file=" + input, "topic=" + name + "-topic", ""));
    }

    private String state(String name) throws Exception {
        return json("connectors", "describe", name).path("status").path("connector").path("state").asText();
    }

    @Test
    void appliesDescribesListsAndDeletesAConnector() throws Exception {
        Path config = sourceConfig("cli-source", root.resolve("cli-source.txt"));
        assertThat(ok("connectors", "apply", "-f", config.toString()).out()).isEqualTo("connector/cli-source created\n");
        assertThat(ok("connectors", "apply", "-f", config.toString()).out()).isEqualTo("connector/cli-source unchanged\n");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("cli-source")).isEqualTo("RUNNING"));
        String list = ok("connectors", "list").out();
        assertThat(list.lines().findFirst().orElse("")).matches("NAME +TYPE +STATE +TASKS +CLASS");
        assertThat(list).containsPattern("cli-source +source +RUNNING +1/1 +FileStreamSource");
        JsonNode listed = json("connectors", "list");
        assertThat(listed.path("cli-source").path("status").path("connector").path("state").asText()).isEqualTo("RUNNING");
        assertThat(listed.path("cli-source").path("info").path("config").path("topic").asText()).isEqualTo("cli-source-topic");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(json("connectors", "describe", "cli-source").path("topics").toString())
                .contains("cli-source-topic"));
        String described = ok("connectors", "describe", "cli-source").out();
        assertThat(described).contains("Name:     cli-source").contains("Type:     source").contains("State:    RUNNING on ")
                .contains("Topics:   cli-source-topic").containsPattern("(?s)Config:\n  connector.class +FileStreamSource\n  file .*\n  name +cli-source\n"
                        + "  tasks.max +1\n  topic +cli-source-topic\n").containsPattern("Tasks:\n  ID +STATE +WORKER\n  0 +RUNNING +\\S+");
        JsonNode json = json("connectors", "describe", "cli-source");
        assertThat(json.path("type").asText()).isEqualTo("source");
        assertThat(json.path("config").path("tasks.max").asText()).isEqualTo("1");
        assertThat(json.path("status").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");

        // From standard input, as JSON in the REST API's create shape: the configuration changes.
        String changed = "{\"name\":\"cli-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                + "\"file\":\"" + root.resolve("cli-source.txt") + "\",\"topic\":\"cli-source-other\"}}";
        Result fromStdin = ferry().runWithInput(changed, "connectors", "apply", "-f", "-");
        assertThat(fromStdin.exitCode()).as("%s", fromStdin).isZero();
        assertThat(fromStdin.out()).isEqualTo("connector/cli-source configured\n");
        assertThat(json("connectors", "describe", "cli-source").path("config").path("topic").asText()).isEqualTo("cli-source-other");

        assertThat(ok("connectors", "delete", "cli-source", "--offsets").out()).isEqualTo("connector/cli-source deleted with its offsets\n");
        assertThat(json("connectors", "list").has("cli-source")).isFalse();
    }

    @Test
    void pausesResumesStopsRestartsAndChangesOffsets() throws Exception {
        Path input = root.resolve("states.txt");
        ok("connectors", "apply", "-f", sourceConfig("states", input).toString());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(json("connectors", "offsets", "states").path("offsets").toString())
                .contains("\"position\":14"));
        assertThat(ok("connectors", "offsets", "states").out()).containsPattern("PARTITION +OFFSET\n\\{\"filename\":\".*states.txt\"\\} +\\{\"position\":14\\}");

        assertThat(ok("connectors", "pause", "states").out()).isEqualTo("connector/states paused\n");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("states")).isEqualTo("PAUSED"));
        assertThat(ok("connectors", "resume", "states").out()).isEqualTo("connector/states resumed\n");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("states")).isEqualTo("RUNNING"));
        assertThat(ok("connectors", "restart", "states", "--tasks", "all").out()).startsWith("connector/states restarting");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("states")).isEqualTo("RUNNING"));
        assertThat(ok("connectors", "restart", "states", "--tasks", "failed").out())
                .isEqualTo("connector/states has nothing to restart (nothing failed)\n");
        assertThat(ok("connectors", "restart", "states").out()).isEqualTo("connector/states restarted\n");

        Result running = ferry().run("connectors", "offsets", "states", "--reset");
        assertThat(running.exitCode()).as("offsets change only when stopped: %s", running).isEqualTo(1);
        assertThat(running.err()).containsIgnoringCase("stopped");

        assertThat(ok("connectors", "stop", "states").out()).isEqualTo("connector/states stopped\n");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(state("states")).isEqualTo("STOPPED"));
        String set = "[{\"partition\":{\"filename\":\"" + input + "\"},\"offset\":{\"position\":4}}]";
        assertThat(ok("connectors", "offsets", "states", "--set", set).out()).startsWith("connector/states: The offsets").contains("altered");
        assertThat(json("connectors", "offsets", "states").path("offsets").get(0).path("offset").path("position").asInt()).isEqualTo(4);
        assertThat(ok("connectors", "offsets", "states", "--reset").out()).contains("reset");
        assertThat(json("connectors", "offsets", "states").path("offsets")).isEmpty();
        ok("connectors", "delete", "states");
    }

    @Test
    void anUnknownConnectorIsAnsweredWithTheNamesThatExist() throws Exception {
        ok("connectors", "apply", "-f", sourceConfig("known-one", root.resolve("known.txt")).toString());
        for (String verb : List.of("describe", "pause", "delete", "offsets", "restart")) {
            Result result = ferry().run("connectors", verb, "known-onr");
            assertThat(result.exitCode()).as("%s: %s", verb, result).isEqualTo(3);
            assertThat(result.err()).as(verb).contains("Connector 'known-onr' not found on " + url)
                    .contains("connectors: ").contains("known-one").contains("(did you mean known-one?)");
        }
        ok("connectors", "delete", "known-one");
    }

    @Test
    void validatesAndDryRunsABadConfigurationPrintingTheErrorsPerKey() throws Exception {
        Path bad = Files.writeString(root.resolve("bad.properties"),
                "name=bad\nconnector.class=FileStreamSink\ntasks.max=zero\nfile=" + root.resolve("out.txt") + "\n");
        Result validate = ferry().run("connectors", "validate", bad.toString());
        assertThat(validate.exitCode()).as("%s", validate).isEqualTo(2);
        assertThat(validate.out()).containsPattern("KEY +ERROR").containsPattern("tasks.max +.*zero");
        assertThat(validate.err()).contains("in the configuration of 'bad'");

        Result dryRun = ferry().run("connectors", "apply", "--dry-run", "-f", bad.toString());
        assertThat(dryRun.exitCode()).as("%s", dryRun).isEqualTo(2);
        assertThat(dryRun.out()).isEqualTo(validate.out());
        assertThat(json("connectors", "list").has("bad")).as("a dry run creates nothing").isFalse();

        JsonNode asJson = JSON.readTree(ferry().run("connectors", "validate", bad.toString(), "-o", "json").out());
        assertThat(asJson.path("error_count").asInt()).isPositive();

        Path good = sourceConfig("good", root.resolve("good.txt"));
        assertThat(ok("connectors", "apply", "--dry-run", "-f", good.toString()).out()).isEqualTo("connector/good is valid\n");
        assertThat(json("connectors", "list").has("good")).isFalse();

        Result notAnApply = ferry().run("connectors", "apply", "-f", bad.toString());
        assertThat(notAnApply.exitCode()).as("%s", notAnApply).isEqualTo(2);
        assertThat(notAnApply.err()).startsWith("Invalid configuration of 'bad'").contains("tasks.max");
    }

    @Test
    void listsPluginsAndSetsLoggers() throws Exception {
        assertThat(ok("connectors", "plugins").out()).containsPattern("CLASS +TYPE +VERSION")
                .containsPattern("org.apache.kafka.connect.file.FileStreamSourceConnector +source");
        JsonNode all = json("connectors", "plugins", "--all");
        assertThat(all.toString()).contains("\"transformation\"").contains("FileStreamSinkConnector");

        assertThat(ok("connectors", "loggers", "set", "io.ferry.cli.test", "DEBUG").out()).startsWith("logger/io.ferry.cli.test set to DEBUG");
        assertThat(ok("connectors", "loggers").out()).containsPattern("LOGGER +LEVEL +LAST MODIFIED").containsPattern("io.ferry.cli.test +DEBUG");
        assertThat(json("connectors", "loggers").path("io.ferry.cli.test").path("level").asText()).isEqualTo("DEBUG");
    }

    @Test
    void saysWhatIsWrongWithCredentialsAddressesAndArguments() throws Exception {
        Result anonymous = new FerryProcess(Files.createTempDirectory(root, "anon")).run("connectors", "list", "--url", url);
        assertThat(anonymous.exitCode()).as("%s", anonymous).isEqualTo(1);
        assertThat(anonymous.err().strip()).isEqualTo("The worker at " + url + " asks for credentials (401): set $FERRY_REST_USER and "
                + "$FERRY_REST_PASSWORD, or --credentials-file");

        Path credentials = Files.writeString(root.resolve("creds.properties"), "user=ops\npassword=s3cret\n");
        Result fromFile = new FerryProcess(Files.createTempDirectory(root, "file"))
                .run("connectors", "list", "--url", url, "--credentials-file", credentials.toString(), "-o", "json");
        assertThat(fromFile.exitCode()).as("%s", fromFile).isZero();

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result refused = ferry().run("connectors", "list", "--url", "http://127.0.0.1:" + closed);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("Cannot reach the worker at http://127.0.0.1:" + closed).doesNotContain("Exception");

        Result usage = ferry().run("connectors", "restart", "x", "--tasks", "some");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--tasks");
        Result missing = ferry().run("connectors", "apply", "-f", root.resolve("nothing.json").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("Connector configuration file not found: " + root.resolve("nothing.json"));
    }

    @Test
    void helpAndCompletionNameTheConnectorVerbs() throws Exception {
        assertThat(new FerryProcess(root).run("--help").out()).contains("connectors <verb>").contains("completion bash|zsh");
        assertThat(ok("connectors", "--help").out()).contains("describe").contains("Exit status:").contains("3   the connector");
        ok("connectors", "apply", "-f", sourceConfig("completed", root.resolve("completed.txt")).toString());
        String bash = ok("completion", "bash").out();
        assertThat(bash).contains("complete -F").contains("connectors").contains("describe").contains("loggers");
        assertThat(ok("completion", "zsh").out()).startsWith("autoload -U +X compinit").contains("bashcompinit");

        // The script run by bash as it completes what a user typed; connector names come from the worker then.
        Path script = Files.writeString(root.resolve("ferry-completion.bash"), bash);
        assertThat(complete(script, "con")).isEqualTo("connectors");
        assertThat(complete(script, "connectors", "de")).isEqualTo("describe delete");
        assertThat(complete(script, "connectors", "restart", "x", "--tasks", "")).isEqualTo("all failed");
        assertThat(complete(script, "connectors", "describe", "comp")).isEqualTo("completed");
        ok("connectors", "delete", "completed");
    }

    /** What bash offers for the last word after {@code bin/ferry WORDS...}. */
    private String complete(Path script, String... words) throws Exception {
        String ferry = FerryProcess.repo().resolve("bin/ferry").toString();
        String array = ferry + " " + String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String command = "source " + script + " 2>/dev/null; COMP_WORDS=(" + array + "); COMP_CWORD=" + words.length
                + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_ferry 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("FERRY_CONNECT_URL", url);
        builder.environment().put("FERRY_REST_USER", "ops");
        builder.environment().put("FERRY_REST_PASSWORD", "s3cret");
        builder.environment().put("HOME", root.toString());
        Process bashProcess = builder.start();
        String output = new String(bashProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bashProcess.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
