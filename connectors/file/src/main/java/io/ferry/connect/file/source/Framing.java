package io.ferry.connect.file.source;

import java.nio.charset.Charset;

/**
 * Where records end in a buffer of file bytes, for one record mode and charset. Searches byte
 * arrays directly: a whole buffer is cut into records with no call per record. Delimiters are
 * compared as encoded bytes; for charsets with multi-byte code units (UTF-16, UTF-32) a match must
 * start on a code unit boundary counted from the record's first byte.
 */
public final class Framing {

    private final RecordMode mode;
    private final Charset charset;
    /** The encoded delimiter (\n in line mode), or null in file mode. */
    private final byte[] delimiter;
    /** The encoded \r stripped from a line's end in line mode, else null. */
    private final byte[] carriageReturn;
    /** Bytes per code unit of the charset: 1, 2 or 4. */
    private final int unit;

    public Framing(RecordMode mode, Charset charset, String delimiterText) {
        this.mode = mode;
        this.charset = charset;
        this.unit = "\n".getBytes(charset).length;
        switch (mode) {
            case LINE -> {
                delimiter = "\n".getBytes(charset);
                carriageReturn = "\r".getBytes(charset);
            }
            case DELIMITED -> {
                delimiter = delimiterText.getBytes(charset);
                carriageReturn = null;
            }
            default -> {
                delimiter = null;
                carriageReturn = null;
            }
        }
    }

    public RecordMode mode() {
        return mode;
    }

    public Charset charset() {
        return charset;
    }

    /** Whether records end at delimiters (line and delimited modes). */
    public boolean delimited() {
        return delimiter != null;
    }

    public int delimiterLength() {
        return delimiter.length;
    }

    /**
     * The index of the first delimiter in {@code buf[from, to)} that starts on a code unit boundary
     * counted from {@code recordStart}, or -1.
     */
    public int indexOf(byte[] buf, int recordStart, int from, int to) {
        int last = to - delimiter.length;
        if (delimiter.length == 1) {
            byte d = delimiter[0];
            for (int i = from; i <= last; i++) {
                if (buf[i] == d) {
                    return i;
                }
            }
            return -1;
        }
        int start = from;
        if (unit > 1) {
            int misaligned = (start - recordStart) % unit;
            if (misaligned != 0) {
                start += unit - misaligned;
            }
        }
        byte first = delimiter[0];
        for (int i = start; i <= last; i += unit) {
            if (buf[i] == first && matches(buf, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matches(byte[] buf, int at) {
        for (int j = 1; j < delimiter.length; j++) {
            if (buf[at + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a scan that found nothing in {@code [from, to)} should resume once more bytes arrived:
     * a delimiter may have started within its last bytes.
     */
    public int resumeFrom(int recordStart, int to) {
        if (delimiter.length == 1) {
            return to;
        }
        return Math.max(recordStart, to - delimiter.length + 1);
    }

    /** The end of a record's value: {@code end} less a trailing \r in line mode. */
    public int valueEnd(byte[] buf, int start, int end) {
        if (carriageReturn == null || end - start < carriageReturn.length) {
            return end;
        }
        int at = end - carriageReturn.length;
        for (int j = 0; j < carriageReturn.length; j++) {
            if (buf[at + j] != carriageReturn[j]) {
                return end;
            }
        }
        return at;
    }

    /** Decodes a String value. */
    public String decode(byte[] buf, int start, int end) {
        return new String(buf, start, end - start, charset);
    }
}
