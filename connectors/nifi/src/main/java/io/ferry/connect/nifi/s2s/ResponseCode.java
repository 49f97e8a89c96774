package io.ferry.connect.nifi.s2s;

/** The Site-to-Site response codes Ferry sends or understands (NiFi's numbering). */
public enum ResponseCode {
    PROPERTIES_OK(1),
    CONTINUE_TRANSACTION(10),
    FINISH_TRANSACTION(11),
    CONFIRM_TRANSACTION(12),
    TRANSACTION_FINISHED(13),
    TRANSACTION_FINISHED_BUT_DESTINATION_FULL(14),
    CANCEL_TRANSACTION(15),
    BAD_CHECKSUM(19),
    UNKNOWN_PORT(200),
    PORT_NOT_IN_VALID_STATE(201),
    PORTS_DESTINATION_FULL(202),
    UNAUTHORIZED(240),
    ABORT(250);

    private final int code;

    ResponseCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code with this number, or null. */
    public static ResponseCode of(int code) {
        for (ResponseCode candidate : values()) {
            if (candidate.code == code) {
                return candidate;
            }
        }
        return null;
    }
}
