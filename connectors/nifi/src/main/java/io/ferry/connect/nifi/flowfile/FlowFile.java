package io.ferry.connect.nifi.flowfile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A NiFi FlowFile as it travels on the wire: string attributes (in the order given) and content
 * bytes. Immutable; the content array is not copied, callers must not change it afterwards.
 */
public final class FlowFile {

    private final Map<String, String> attributes;
    private final byte[] content;

    public FlowFile(Map<String, String> attributes, byte[] content) {
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(attributes, "attributes")));
        this.content = Objects.requireNonNull(content, "content");
    }

    public static FlowFile of(Map<String, String> attributes, String content) {
        return new FlowFile(attributes, content.getBytes(StandardCharsets.UTF_8));
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    public byte[] content() {
        return content;
    }

    public int size() {
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowFile other && attributes.equals(other.attributes) && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * attributes.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "FlowFile[" + attributes.size() + " attributes, " + content.length + " bytes]";
    }
}
