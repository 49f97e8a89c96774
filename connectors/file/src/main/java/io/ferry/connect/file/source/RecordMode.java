package io.ferry.connect.file.source;

/** How the source cuts a file's bytes into records ({@code record.mode}). */
public enum RecordMode {
    /** One String record per line; a line ends with \n or \r\n, which is not part of the value. */
    LINE,
    /** One String record per delimiter-terminated piece; the delimiter is not part of the value. */
    DELIMITED,
    /** A whole file (or what was appended to it since) is one bytes record, once it stopped changing. */
    FILE
}
