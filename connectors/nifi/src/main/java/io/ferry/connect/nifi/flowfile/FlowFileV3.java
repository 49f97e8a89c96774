package io.ferry.connect.nifi.flowfile;

import java.nio.charset.StandardCharsets;

/** Constants of the FlowFile package format v3. */
public final class FlowFileV3 {

    /** Each FlowFile starts with these 7 bytes. */
    static final byte[] MAGIC = "NiFiFF3".getBytes(StandardCharsets.US_ASCII);

    /** The media type NiFi uses for v3 packages (ListenHTTP, PostHTTP, MergeContent). */
    public static final String MEDIA_TYPE = "application/flowfile-v3";

    /** Field lengths below this take 2 bytes; longer ones take 0xFFFF and then 4 bytes. */
    static final int MAX_SHORT_FIELD_LENGTH = 0xFFFF;

    private FlowFileV3() {
    }
}
