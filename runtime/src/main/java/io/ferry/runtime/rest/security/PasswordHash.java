package io.ferry.runtime.rest.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes of the REST API's users file: PBKDF2 with HMAC-SHA256 (the JDK's own), written
 * {@code $pbkdf2-sha256$<iterations>$<salt>$<hash>} with salt and hash in unpadded base64. Made by
 * {@code bin/ferry hash-password}. Comparison is in constant time ({@link MessageDigest#isEqual}).
 */
public final class PasswordHash {

    /** The algorithm's name in the encoded form. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Hashes with fewer iterations are refused: they would be cheap to crack. */
    public static final int MIN_ITERATIONS = 1_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a random salt. */
    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("At least " + MIN_ITERATIONS + " iterations, not " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES)).encode();
    }

    /**
     * @throws IllegalArgumentException if {@code encoded} is not a hash of this form
     */
    public static PasswordHash parse(String encoded) {
        String[] parts = encoded.trim().split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals(SCHEME)) {
            throw new IllegalArgumentException("not a password hash of the form $" + SCHEME + "$<iterations>$<salt>$<hash> "
                    + "(make one with: bin/ferry hash-password)");
        }
        int iterations;
        byte[] salt;
        byte[] hash;
        try {
            iterations = Integer.parseInt(parts[2]);
            salt = Base64.getDecoder().decode(parts[3]);
            hash = Base64.getDecoder().decode(parts[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a malformed " + SCHEME + " hash: " + e.getMessage());
        }
        if (iterations < MIN_ITERATIONS || salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("a " + SCHEME + " hash needs at least " + MIN_ITERATIONS
                    + " iterations, 8 bytes of salt and 16 of hash");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} has this hash; takes the same time whether it matches or not. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    public String encode() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return "$" + SCHEME + "$" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "$" + SCHEME + "$" + iterations + "$...";
    }

    /** For tests: the hash's iteration count. */
    int iterations() {
        return iterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other && iterations == other.iterations && Arrays.equals(salt, other.salt)
                && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }
}
