package io.ferry.runtime.rest.security;

import io.ferry.runtime.rest.server.JsonErrors;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication of every request, against the users file ({@code rest.auth.users.file}).
 * A request without valid credentials gets 401 with {@code WWW-Authenticate} and reaches nothing
 * behind this handler. Passwords are checked with PBKDF2 ({@link PasswordHash}) and compared in
 * constant time; an unknown user costs the same as a wrong password. A password once verified is
 * remembered as an HMAC under a per-process random key, so that a client's later requests do not
 * pay PBKDF2 again. The file is read again when it changes (checked at most once a second).
 */
public final class BasicAuthHandler extends Handler.Wrapper {

    private static final Logger log = LoggerFactory.getLogger(BasicAuthHandler.class);
    private static final String CHALLENGE = "Basic realm=\"Ferry\", charset=\"UTF-8\"";
    private static final long RELOAD_CHECK_MS = 1_000;

    private record Users(Map<String, PasswordHash> hashes, FileTime modified) {
    }

    private final Path file;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private volatile Users users;
    private volatile long lastCheck;
    private volatile PasswordHash dummy;

    /**
     * @throws IllegalArgumentException if the users file is unreadable or malformed
     */
    public BasicAuthHandler(Path file, Handler next) {
        super(next);
        this.file = file;
        new SecureRandom().nextBytes(cacheKey);
        this.users = new Users(UsersFile.load(file), modified(file));
        this.lastCheck = System.currentTimeMillis();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && authenticated(header)) {
            return super.handle(request, response, callback);
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
        JsonErrors.write(response, callback, 401, header == null
                ? "Authentication required: this REST API needs HTTP Basic credentials"
                : "Invalid credentials");
        return true;
    }

    private boolean authenticated(String header) {
        if (header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        char[] credentials;
        try {
            byte[] decoded = Base64.getDecoder().decode(header.substring(6).trim());
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(decoded));
            credentials = new char[chars.remaining()];
            chars.get(credentials);
            Arrays.fill(decoded, (byte) 0);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return false;
        }
        try {
            int colon = indexOf(credentials, ':');
            if (colon < 0) {
                return false;
            }
            String user = new String(credentials, 0, colon);
            char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
            try {
                return check(user, password);
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(credentials, '\0');
        }
    }

    private boolean check(String user, char[] password) {
        reloadIfChanged();
        PasswordHash hash = users.hashes().get(user);
        byte[] tag = hmac(user, password);
        byte[] known = verified.get(user);
        if (hash != null && known != null && MessageDigest.isEqual(known, tag)) {
            return true;
        }
        if (hash == null) {
            dummy().matches(password);
            return false;
        }
        if (hash.matches(password)) {
            verified.put(user, tag);
            return true;
        }
        return false;
    }

    private void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (now - lastCheck < RELOAD_CHECK_MS) {
            return;
        }
        synchronized (this) {
            if (now - lastCheck < RELOAD_CHECK_MS) {
                return;
            }
            lastCheck = now;
            FileTime modified = modified(file);
            if (modified != null && !modified.equals(users.modified())) {
                try {
                    users = new Users(UsersFile.load(file), modified);
                    verified.clear();
                    log.info("Reloaded the REST API users from {}", file);
                } catch (IllegalArgumentException e) {
                    log.error("Keeping the previous REST API users: {}", e.getMessage());
                }
            }
        }
    }

    private PasswordHash dummy() {
        PasswordHash result = dummy;
        if (result == null) {
            result = PasswordHash.parse(PasswordHash.hash("not a password".toCharArray(), PasswordHash.DEFAULT_ITERATIONS));
            dummy = result;
        }
        return result;
    }

    private byte[] hmac(String user, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            try {
                mac.update(bytes);
                return mac.doFinal();
            } finally {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
