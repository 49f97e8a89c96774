package io.ferry.connect.file.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetMapTest {

    private final SourcePosition position = new SourcePosition(4096, new FileIdentity("dev=1,ino=2", 77L, 512), 3, null);

    @Test
    void behavesAsTheMapOfItsEntries() {
        Map<String, Object> offset = position.toMap();
        Map<String, Object> expected = Map.of("position", 4096L, "fileKey", "dev=1,ino=2", "head", 77L, "headLength", 512L,
                "generation", 3L);

        assertThat(offset).isEqualTo(expected).hasSameHashCodeAs(expected).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(expected).isEqualTo(offset);
        assertThat(new HashMap<>(offset)).isEqualTo(expected);
        assertThat(offset.get("headLength")).isEqualTo(512L);
        assertThat(offset.get("missing")).isNull();
        assertThat(offset.containsKey("generation")).isTrue();
        assertThat(offset.containsKey("previous.position")).isFalse();
        assertThatThrownBy(() -> offset.put("position", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsBackToTheSamePosition() {
        assertThat(SourcePosition.fromMap(position.toMap())).isEqualTo(position);
    }
}
