package io.ferry.runtime.cli;

import io.ferry.runtime.rest.security.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hash-password [USER]}: reads a password (from the terminal without echo, twice, or
 * one line of standard input) and prints its PBKDF2 hash, or the {@code USER:hash} line of the REST
 * API's users file ({@code rest.auth.users.file}). Exit status 2 if no password was given or the
 * two entries differ.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Hash a password for the REST API's users file (rest.auth.users.file).",
                "Reads the password from the terminal (twice, not echoed) or one line of standard input, and prints "
                        + "USER:hash (or the hash alone) to add to the file."})
public final class HashPasswordCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "the user name: print the users file line USER:hash")
    String user;

    @Option(names = "--iterations", paramLabel = "N", description = "PBKDF2 iterations (default: ${DEFAULT-VALUE})")
    int iterations = PasswordHash.DEFAULT_ITERATIONS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (user != null && (user.isEmpty() || user.contains(":"))) {
            err.println("A user name must not be empty or contain ':'");
            return 2;
        }
        if (iterations < PasswordHash.MIN_ITERATIONS) {
            err.println("--iterations must be at least " + PasswordHash.MIN_ITERATIONS);
            return 2;
        }
        char[] password = readPassword(err);
        if (password == null) {
            return 2;
        }
        try {
            String hash = PasswordHash.hash(password, iterations);
            out.println(user == null ? hash : user + ":" + hash);
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] readPassword(PrintWriter err) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
                err.println(first == null || first.length == 0 ? "No password given" : "The passwords differ");
                return null;
            }
            Arrays.fill(second, '\0');
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            err.println("No password given on standard input");
            return null;
        }
        return line.toCharArray();
    }
}
