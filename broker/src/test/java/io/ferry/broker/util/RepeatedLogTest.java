package io.ferry.broker.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import io.ferry.broker.it.LogCapture;

class RepeatedLogTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void theFirstEventOfAKindIsLoggedTheRestAreCountedOncePerInterval() {
        try (LogCapture logs = new LogCapture("test.repeated")) {
            RepeatedLog log = new RepeatedLog(LoggerFactory.getLogger("test.repeated"), 10_000, 100, now::get);
            for (int i = 0; i < 1_000; i++) {
                log.log(Level.WARN, "10.0.0.1", "bad frame", "bad frame " + i);
            }
            log.log(Level.WARN, "10.0.0.2", "bad frame", "another client");
            log.flush();
            assertThat(logs.messages()).containsExactly("bad frame 0", "another client");

            now.addAndGet(10_000);
            log.flush();
            assertThat(logs.messages()).containsExactly("bad frame 0", "another client",
                    "999 more like this from 10.0.0.1 (bad frame) in the last 10 s, the last: bad frame 999");
            log.log(Level.WARN, "10.0.0.1", "bad frame", "a new interval");
            assertThat(logs.messages()).last().isEqualTo("a new interval");
        }
    }

    @Test
    void beyondTheKeyLimitClientsShareOneEntry() {
        try (LogCapture logs = new LogCapture("test.repeated.keys")) {
            RepeatedLog log = new RepeatedLog(LoggerFactory.getLogger("test.repeated.keys"), 10_000, 2, now::get);
            for (int i = 0; i < 100; i++) {
                log.log(Level.WARN, "10.0.0." + i, "bad frame", "from " + i);
            }
            assertThat(logs.messages()).containsExactly("from 0", "from 1", "from 2");
        }
    }
}
