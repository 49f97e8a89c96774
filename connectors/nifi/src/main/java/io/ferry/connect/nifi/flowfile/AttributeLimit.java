package io.ferry.connect.nifi.flowfile;

/**
 * The longest attribute key or value (UTF-8 bytes) a reader accepts, and the configuration key
 * that sets it, so that the error names what to change.
 *
 * @param maxBytes the longest key or value, in bytes
 * @param key      the configuration key of the limit, for error messages
 */
public record AttributeLimit(int maxBytes, String key) {

    /** No limit beyond what a byte array holds. */
    public static final AttributeLimit NONE = new AttributeLimit(Integer.MAX_VALUE, "none");

    /**
     * @param length how many bytes a field declares
     * @param field  what the field is, e.g. "the value of attribute 3 ('filename') of FlowFile #2"
     * @throws FlowFileFormatException if {@code length} is over the limit
     */
    public void check(int length, String field) throws FlowFileFormatException {
        if (length > maxBytes) {
            throw new FlowFileFormatException(field + " has " + length + " bytes; at most " + maxBytes + " are accepted (" + key + ")");
        }
    }
}
