package io.ferry.runtime.rest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordHashTest {

    @TempDir
    Path dir;

    @Test
    void aHashMatchesItsPasswordOnlyAndCarriesItsParameters() {
        String encoded = PasswordHash.hash("correct horse".toCharArray(), 2_000);
        assertThat(encoded).matches("\\$pbkdf2-sha256\\$2000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        PasswordHash hash = PasswordHash.parse(encoded);
        assertThat(hash.iterations()).isEqualTo(2_000);
        assertThat(hash.matches("correct horse".toCharArray())).isTrue();
        assertThat(hash.matches("correct horse ".toCharArray())).isFalse();
        assertThat(hash.matches(new char[0])).isFalse();
        assertThat(hash.encode()).isEqualTo(encoded);
        assertThat(PasswordHash.hash("correct horse".toCharArray(), 2_000)).as("salted").isNotEqualTo(encoded);
        assertThat(hash.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf('$')));
    }

    @Test
    void malformedOrWeakHashesAreRefused() {
        assertThatThrownBy(() -> PasswordHash.parse("plaintext")).hasMessageContaining("bin/ferry hash-password");
        assertThatThrownBy(() -> PasswordHash.parse("$md5$1$abc$def")).hasMessageContaining("pbkdf2-sha256");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$10$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordHash.parse("$pbkdf2-sha256$x$c2FsdA$aGFzaA")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> PasswordHash.hash("pw".toCharArray(), 10)).hasMessageContaining("iterations");
    }

    @Test
    void theUsersFileIsReadLineByLineNamingTheBadLine() throws Exception {
        String hash = PasswordHash.hash("pw".toCharArray(), 1_000);
        Path good = Files.writeString(dir.resolve("users"), "# comment\n\nalice:" + hash + "\n bob : " + hash + "\n");
        assertThat(UsersFile.load(good)).containsOnlyKeys("alice", "bob");
        Path bad = Files.writeString(dir.resolve("bad"), "alice:" + hash + "\nbob\n");
        assertThatThrownBy(() -> UsersFile.load(bad)).hasMessageContaining("line 2").hasMessageContaining("user:hash");
        Path twice = Files.writeString(dir.resolve("twice"), "alice:" + hash + "\nalice:" + hash + "\n");
        assertThatThrownBy(() -> UsersFile.load(twice)).hasMessageContaining("twice");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> UsersFile.load(empty)).hasMessageContaining("no user");
        assertThatThrownBy(() -> UsersFile.load(dir.resolve("missing"))).hasMessageContaining("cannot read");
    }
}
