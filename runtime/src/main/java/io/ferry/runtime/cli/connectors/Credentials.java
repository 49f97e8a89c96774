package io.ferry.runtime.cli.connectors;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

/** A user and password for the REST API's Basic authentication. */
public record Credentials(String user, String password) {

    /** The {@code Authorization} header's value. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a credentials file: a properties file with {@code user=} and {@code password=}.
     *
     * @throws CliException (usage) if the file cannot be read or lacks either key
     */
    public static Credentials read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.USAGE, "Credentials file not found: " + file);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "Cannot read the credentials file " + file + ": " + e.getMessage());
        }
        String user = properties.getProperty("user");
        String password = properties.getProperty("password");
        if (user == null || user.isBlank() || password == null) {
            throw new CliException(ExitCode.USAGE, "The credentials file " + file + " needs user=... and password=...");
        }
        return new Credentials(user.trim(), password);
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
