package io.ferry.connect.nifi.mapping;

import java.util.Locale;

/** How a record key becomes the {@code kafka.key} attribute (ConsumeKafka's "Key Attribute Encoding"). */
public enum KeyEncoding {
    /** The key as UTF-8 text. */
    UTF8("utf-8"),
    /** The key bytes in hexadecimal. */
    HEX("hex"),
    /** No {@code kafka.key} attribute. */
    DO_NOT_ADD("do-not-add");

    private final String configValue;

    KeyEncoding(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static KeyEncoding parse(String value) {
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        for (KeyEncoding encoding : values()) {
            if (encoding.configValue.equals(normalized)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("Unknown key encoding '" + value + "'; use utf-8, hex or do-not-add");
    }
}
