package io.ferry.runtime.rest.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials that passed the password check recently, so that a client's later requests skip the
 * deliberately slow hash: kept as HMAC-SHA256 tags of {@code user:password} under a random
 * per-process key (never the password), each for {@link AuthLimits#cacheMs}, at most
 * {@value #MAX_ENTRIES} (the least recently used go first). Thread-safe.
 */
final class VerifiedCredentials {

    static final int MAX_ENTRIES = 1_024;

    private final byte[] key = new byte[32];
    private final long ttlMs;
    private final Map<ByteBuffer, Long> expiries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedCredentials(long ttlMs) {
        this.ttlMs = ttlMs;
        new SecureRandom().nextBytes(key);
    }

    /** The tag of a user and password: a fast keyed hash. */
    byte[] tag(String user, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
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

    /** Whether {@code tag} was verified less than the cache time ago. */
    synchronized boolean contains(byte[] tag, long nowMs) {
        ByteBuffer entry = ByteBuffer.wrap(tag);
        Long expiry = expiries.get(entry);
        if (expiry == null) {
            return false;
        }
        if (nowMs >= expiry) {
            expiries.remove(entry);
            return false;
        }
        return true;
    }

    synchronized void add(byte[] tag, long nowMs) {
        if (ttlMs > 0) {
            expiries.put(ByteBuffer.wrap(tag.clone()), nowMs + ttlMs);
        }
    }

    /** Forgets everything (the users file changed). */
    synchronized void clear() {
        expiries.clear();
    }

    synchronized int size() {
        return expiries.size();
    }
}
