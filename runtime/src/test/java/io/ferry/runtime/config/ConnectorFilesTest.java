package io.ferry.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorFilesTest {

    @TempDir
    Path dir;

    private static final Map<String, String> EXPECTED = Map.of("name", "local-file-source", "connector.class", "FileStreamSource",
            "tasks.max", "1", "file", "test.txt", "topic", "connect-test");

    @Test
    void readsPropertiesFlatJsonAndCreateRequestJson() throws Exception {
        Path properties = Files.writeString(dir.resolve("source.properties"),
                "# comment\nname=local-file-source\nconnector.class=FileStreamSource\ntasks.max=1\nfile=test.txt\ntopic=connect-test\n");
        Path flat = Files.writeString(dir.resolve("flat.json"),
                "{\"name\":\"local-file-source\",\"connector.class\":\"FileStreamSource\",\"tasks.max\":1,\"file\":\"test.txt\",\"topic\":\"connect-test\"}");
        Path nested = Files.writeString(dir.resolve("nested.conf"),
                "  {\"name\":\"local-file-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                        + "\"file\":\"test.txt\",\"topic\":\"connect-test\"}}");
        assertThat(ConnectorFiles.read(properties)).isEqualTo(EXPECTED);
        assertThat(ConnectorFiles.read(flat)).isEqualTo(EXPECTED);
        assertThat(ConnectorFiles.read(nested)).isEqualTo(EXPECTED);
    }

    @Test
    void malformedFilesAreReportedWithTheirPath() throws Exception {
        Path noName = Files.writeString(dir.resolve("a.properties"), "connector.class=X\n");
        Path broken = Files.writeString(dir.resolve("b.json"), "{\"name\": ");
        Path nestedValue = Files.writeString(dir.resolve("c.json"), "{\"name\":\"c\",\"tasks\":[1]}");
        Path mismatch = Files.writeString(dir.resolve("d.json"), "{\"name\":\"d\",\"config\":{\"name\":\"e\"}}");
        assertThatThrownBy(() -> ConnectorFiles.read(noName)).isInstanceOf(ConnectException.class)
                .hasMessageContaining(noName.toString()).hasMessageContaining("has no 'name'");
        assertThatThrownBy(() -> ConnectorFiles.read(broken)).isInstanceOf(ConnectException.class)
                .hasMessageContaining(broken.toString()).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConnectorFiles.read(nestedValue)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("'tasks' must be a string, number or boolean");
        assertThatThrownBy(() -> ConnectorFiles.read(mismatch)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("names the connector 'd' but its config says name=e");
        assertThatThrownBy(() -> ConnectorFiles.read(dir.resolve("missing.properties"))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Cannot read");
    }
}
