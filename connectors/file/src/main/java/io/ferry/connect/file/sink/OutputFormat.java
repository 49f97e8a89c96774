package io.ferry.connect.file.sink;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import org.apache.kafka.connect.sink.SinkRecord;

/** How a record becomes a line of the output file ({@code format}). */
public enum OutputFormat {
    /** The value on a line, as FileStreamSink writes it; bytes values are written as they are. */
    VALUE,
    /** A JSON object per line with key, value, headers, topic, partition, offset and timestamp. */
    JSON;

    /** Appends one record as a line. */
    public interface Encoder {
        void encode(SinkRecord record, ByteSink out);
    }

    public Encoder encoder(Charset charset) {
        byte[] newline = "\n".getBytes(charset);
        if (this == JSON) {
            JsonLines json = new JsonLines();
            return (record, out) -> {
                out.write(json.line(record).getBytes(charset));
                out.write(newline);
            };
        }
        byte[] nullText = "null".getBytes(charset);
        return (record, out) -> {
            Object value = record.value();
            if (value instanceof String text) {
                out.write(text.getBytes(charset));
            } else if (value instanceof byte[] bytes) {
                out.write(bytes);
            } else if (value instanceof ByteBuffer buffer) {
                out.write(buffer);
            } else if (value == null) {
                out.write(nullText);
            } else {
                out.write(value.toString().getBytes(charset));
            }
            out.write(newline);
        };
    }
}
