package io.ferry.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here: docker/entrypoint.sh runs under bash on temporary folders, with a stand-in for
 * bin/ferry that records its arguments (and "hashes" a password read from stdin). As root, the script runs as the
 * unprivileged user nobody (setpriv), as the image runs it as user ferry.
 */
class DockerEntrypointTest {

    private static final int NOBODY = 65534;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;

    private Path bin;
    private Path script;

    @BeforeEach
    void copyScripts() throws IOException {
        // Readable by nobody: the temporary folder itself is private to this user.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path repo = RepoRoot.PATH;
        script = Files.copy(repo.resolve("docker/entrypoint.sh"), tmp.resolve("entrypoint.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        bin = tmp.resolve("fake-ferry");
        Files.writeString(bin, """
                #!/usr/bin/env bash
                # Stands in for bin/ferry: hash-password prints USER:<a fake hash of stdin>; anything else records its arguments.
                if [ "$1" = hash-password ]; then
                  read -r password
                  echo "$2:\\$pbkdf2-sha256\\$fake\\$$(printf '%s' "$password" | cksum | cut -d' ' -f1)"
                  exit 0
                fi
                printf '%s\\n' "$@" > "$(pwd)/ferry-args"
                """, StandardCharsets.UTF_8);
        for (Path file : List.of(script, bin)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private record Run(int exit, String output) {
    }

    /** Runs the entrypoint in {@code dir} as nobody (when this test runs as root) with {@code env} and {@code args}. */
    private Run run(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (ROOT) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("FERRY_BIN", bin.toString());
        builder.environment().remove("FERRY_REST_PASSWORD");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** A state folder the script's user owns (as the image's WORKDIR, or a host folder of the same uid). */
    private Path ownedFolder(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        if (ROOT) {
            Files.setAttribute(dir, "unix:uid", NOBODY);
            Files.setAttribute(dir, "unix:gid", NOBODY);
        }
        return dir;
    }

    @Test
    void aFolderTheUserCannotWriteStopsTheStartWithTheFix() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("host-folder"));
        if (!ROOT) {
            Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        Run run = run(foreign, Map.of(), "standalone", "/opt/ferry/config/connect-standalone.properties");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output()).contains("cannot write " + foreign.toRealPath(), "FERRY_UID=$(id -u) FERRY_GID=$(id -g) docker compose",
                "docker run --user $(id -u):$(id -g)", "chown -R");
        assertThat(foreign.resolve("ferry-args")).doesNotExist();
    }

    @Test
    void aGeneratedPasswordIsPrintedOnceAndOnlyItsHashIsKept() throws Exception {
        Path state = ownedFolder("state");
        Run first = run(state, Map.of(), "standalone", "/opt/ferry/config/connect-standalone.properties", "source.properties");
        assertThat(first.exit()).as(first.output()).isZero();
        Path users = state.resolve("data/rest-users");
        String password = first.output().replaceAll("(?s).*user admin, password (\\S+).*", "$1");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20).doesNotContain("\n");
        String file = Files.readString(users);
        assertThat(file).contains("admin:$pbkdf2-sha256$fake$").doesNotContain(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(state.resolve("ferry-args"))).containsExactly("standalone",
                "/opt/ferry/config/connect-standalone.properties", "source.properties", "--override", "rest.auth.users.file=" + users);

        Run second = run(state, Map.of(), "standalone", "/opt/ferry/config/connect-standalone.properties");
        assertThat(second.exit()).isZero();
        assertThat(second.output()).doesNotContain("password").contains("REST API users from " + users);
        assertThat(Files.readString(users)).isEqualTo(file);
    }

    @Test
    void credentialsFromTheEnvironmentAreHashedAndNeverPrinted() throws Exception {
        Path state = ownedFolder("state");
        Run run = run(state, Map.of("FERRY_REST_USER", "ops", "FERRY_REST_PASSWORD", "chosen-secret-42"), "standalone", "w.properties");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("chosen-secret-42").contains("REST API user ops");
        assertThat(Files.readString(state.resolve("data/rest-users"))).contains("ops:$pbkdf2-sha256$fake$").doesNotContain("chosen-secret-42");
        assertThat(run(state, Map.of("FERRY_REST_USER", "a:b"), "standalone", "w.properties").output()).contains("must not");
    }

    @Test
    void otherCommandsRunAsGiven() throws Exception {
        Path state = ownedFolder("state");
        Run run = run(state, Map.of(), "broker", "/opt/ferry/config/server-docker.properties");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readAllLines(state.resolve("ferry-args"))).containsExactly("broker", "/opt/ferry/config/server-docker.properties");
        assertThat(state.resolve("data/rest-users")).doesNotExist();
    }
}
