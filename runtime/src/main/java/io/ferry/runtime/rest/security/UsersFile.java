package io.ferry.runtime.rest.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of HTTP Basic authentication ({@code rest.auth.users.file}): one {@code user:hash} per
 * line, the hash made by {@code bin/ferry hash-password}; blank lines and lines starting with
 * {@code #} are ignored.
 */
public final class UsersFile {

    private UsersFile() {
    }

    /**
     * @return the users and their password hashes
     * @throws IllegalArgumentException if the file cannot be read, names no user, or has a malformed line (with its number)
     */
    public static Map<String, PasswordHash> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the users file " + file + ": " + e);
        }
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = file + " line " + (i + 1) + ": ";
            if (colon <= 0) {
                throw new IllegalArgumentException(where + "expected user:hash");
            }
            String user = line.substring(0, colon).strip();
            try {
                if (users.put(user, PasswordHash.parse(line.substring(colon + 1))) != null) {
                    throw new IllegalArgumentException("user '" + user + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no user (lines user:hash, made with bin/ferry hash-password)");
        }
        return users;
    }
}
