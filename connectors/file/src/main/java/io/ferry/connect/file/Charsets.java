package io.ferry.connect.file;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The {@code charset} key shared by the source and the sink. */
public final class Charsets {

    private Charsets() {
    }

    /** A validator accepting the charsets this JVM can encode and decode. */
    public static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            parse(name, (String) value);
        }

        @Override
        public String toString() {
            return "a charset this JVM supports, e.g. UTF-8, ISO-8859-1, windows-1252, UTF-16LE";
        }
    };

    /** The charset called {@code value}, or a {@link ConfigException} naming {@code key}. */
    public static Charset parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, value, "Set a charset, e.g. UTF-8");
        }
        Charset charset;
        try {
            charset = Charset.forName(value.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigException(key, value, "This JVM does not know the charset '" + value + "'");
        }
        if (!charset.canEncode()) {
            throw new ConfigException(key, value, "The charset " + charset.name() + " can only decode");
        }
        byte[] one = "\n".getBytes(charset);
        byte[] two = "\n\n".getBytes(charset);
        if (two.length != 2 * one.length) {
            // UTF-16 and UTF-32 without an explicit byte order write a byte order mark before every string.
            throw new ConfigException(key, value, "The charset " + charset.name()
                    + " writes a byte order mark; name the byte order, e.g. " + charset.name() + "BE or " + charset.name() + "LE");
        }
        return charset;
    }

    /**
     * The text of a delimiter setting with escapes resolved: {@code \n}, {@code \r}, {@code \t},
     * {@code \0}, {@code \\} and {@code \}{@code uXXXX} (a properties file already resolves most of
     * these; JSON configurations and command lines may not).
     */
    public static String unescape(String key, String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 == value.length()) {
                out.append(c);
                continue;
            }
            char next = value.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    try {
                        out.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                        throw new ConfigException(key, value, "\\u needs four hex digits");
                    }
                    i += 4;
                }
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
