package io.ferry.runtime.rest.security;

import io.ferry.runtime.rest.server.JsonErrors;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
 * constant time; an unknown user costs the same as a wrong password.
 *
 * <p>The cost of checking is bounded: credentials once verified are remembered for a while
 * ({@link VerifiedCredentials}, a keyed hash), so a client's later requests skip PBKDF2; a client
 * address past {@code rest.auth.failures.max} failed attempts gets 429 with {@code Retry-After}
 * without any check ({@link FailureLimiter}); and at most one PBKDF2 check per processor runs at a
 * time (others wait up to {@value #CHECK_WAIT_MS} ms, then get 503). The file is read again when it
 * changes (checked at most once a second).
 */
public final class BasicAuthHandler extends Handler.Wrapper {

    private static final Logger log = LoggerFactory.getLogger(BasicAuthHandler.class);
    private static final String CHALLENGE = "Basic realm=\"Ferry\", charset=\"UTF-8\"";
    private static final long RELOAD_CHECK_MS = 1_000;
    static final long CHECK_WAIT_MS = 5_000;

    private record Users(Map<String, PasswordHash> hashes, FileTime modified) {
    }

    /** What a check of credentials found. */
    private enum Outcome { VALID, INVALID, MALFORMED, LIMITED, BUSY }

    private final Path file;
    private final LongSupplier clock;
    private final VerifiedCredentials verified;
    private final FailureLimiter failures;
    private final Semaphore checks = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private volatile Users users;
    private volatile long lastCheck;
    private volatile PasswordHash dummy;

    /**
     * @throws IllegalArgumentException if the users file is unreadable or malformed
     */
    public BasicAuthHandler(Path file, AuthLimits limits, Handler next) {
        this(file, limits, System::currentTimeMillis, next);
    }

    /** @param clock the time in milliseconds (tests move it) */
    BasicAuthHandler(Path file, AuthLimits limits, LongSupplier clock, Handler next) {
        super(next);
        this.file = file;
        this.clock = clock;
        this.verified = new VerifiedCredentials(limits.cacheMs());
        this.failures = new FailureLimiter(limits);
        this.users = new Users(UsersFile.load(file), modified(file));
        this.lastCheck = clock.getAsLong();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            return refuse(response, callback, "Authentication required: this REST API needs HTTP Basic credentials");
        }
        String address = Request.getRemoteAddr(request);
        long now = clock.getAsLong();
        Outcome outcome = authenticate(header, address, now);
        switch (outcome) {
            case VALID:
                return super.handle(request, response, callback);
            case LIMITED: {
                long seconds = Math.max(1, (failures.blockedForMs(address, now) + 999) / 1000);
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
                JsonErrors.write(response, callback, 429, "Too many failed authentication attempts from " + address
                        + "; retry after " + seconds + " s");
                return true;
            }
            case BUSY:
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                JsonErrors.write(response, callback, 503, "Busy checking credentials; retry in a second");
                return true;
            default:
                if (failures.failed(address, now)) {
                    log.warn("REST API: {} failed authentication attempts from {}; it gets 429 for the next {} ms",
                            failures.maxFailures, address, failures.blockedForMs(address, now));
                }
                return refuse(response, callback, "Invalid credentials");
        }
    }

    private static boolean refuse(Response response, Callback callback, String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, CHALLENGE);
        JsonErrors.write(response, callback, 401, message);
        return true;
    }

    private Outcome authenticate(String header, String address, long now) throws InterruptedException {
        if (header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Outcome.MALFORMED;
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
            return Outcome.MALFORMED;
        }
        try {
            int colon = indexOf(credentials, ':');
            if (colon < 0) {
                return Outcome.MALFORMED;
            }
            String user = new String(credentials, 0, colon);
            char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
            try {
                return check(user, password, address, now);
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(credentials, '\0');
        }
    }

    private Outcome check(String user, char[] password, String address, long now) throws InterruptedException {
        reloadIfChanged(now);
        PasswordHash hash = users.hashes().get(user);
        byte[] tag = verified.tag(user, password);
        if (hash != null && verified.contains(tag, now)) {
            return Outcome.VALID;
        }
        if (failures.blockedForMs(address, now) > 0) {
            return Outcome.LIMITED;
        }
        if (!checks.tryAcquire(CHECK_WAIT_MS, TimeUnit.MILLISECONDS)) {
            return Outcome.BUSY;
        }
        try {
            if (hash == null) {
                dummy().matches(password);
                return Outcome.INVALID;
            }
            if (hash.matches(password)) {
                verified.add(tag, now);
                return Outcome.VALID;
            }
            return Outcome.INVALID;
        } finally {
            checks.release();
        }
    }

    private void reloadIfChanged(long now) {
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
