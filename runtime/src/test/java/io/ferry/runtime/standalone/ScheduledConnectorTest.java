package io.ferry.runtime.standalone;

import static io.ferry.runtime.testing.WorkerFixture.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferry.runtime.config.ConnectorConfigException;
import io.ferry.runtime.schedule.ScheduleStatus;
import io.ferry.runtime.status.State;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.testing.WorkerFixture;
import io.ferry.runtime.testing.WorkerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code schedule.cron}: a connector's tasks run at each firing until they are idle, then wait for the next. */
class ScheduledConnectorTest extends WorkerTest {

    @Test
    void aScheduledSourceRunsAtEachFiringUntilIdleAndPicksUpDataAddedBetweenFirings() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "one\ntwo\n");
        // Fires every 4 seconds; the tasks stop after 1 s without records and take up to 1 s more to stop
        // (FileStreamSource sleeps a second in poll when idle): they wait ~2 s between firings, which the test observes.
        Map<String, String> source = connector("name", "batch", "connector.class", "FileStreamSource", "file", input.toString(),
                "topic", "lines", "schedule.cron", "0/4 * * * * ?", "schedule.idle.ms", "1000");
        fixture = new WorkerFixture(root).set("value.converter", "org.apache.kafka.connect.storage.StringConverter").start(source);
        TaskId task = new TaskId("batch", 0);

        assertThat(fixture.consumeValues("lines", 2, TIMEOUT)).containsExactly("one", "two");
        // Idle: the task is stopped (UNASSIGNED), the connector keeps RUNNING, the schedule says it waits.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(fixture.worker().taskStatus(task).state()).isEqualTo(State.UNASSIGNED);
            assertThat(fixture.worker().schedule("batch")).get().extracting(ScheduleStatus::active).isEqualTo(false);
        });
        assertThat(fixture.worker().status("batch").connector().state()).isEqualTo(State.RUNNING);
        ScheduleStatus waiting = fixture.worker().schedule("batch").orElseThrow();
        assertThat(waiting.cron()).isEqualTo("0/4 * * * * ?");
        assertThat(waiting.nextFiring()).isAfter(waiting.lastFiring());

        Files.writeString(input, "three\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(fixture.consumeValues("lines", 3, TIMEOUT)).containsExactly("one", "two", "three");
        // The next firings start the task again (it resumed from its offset: nothing twice).
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(fixture.worker().schedule("batch").orElseThrow().lastFiring())
                .isAfter(waiting.lastFiring()));
        assertThat(fixture.consumeValues("lines", 4, Duration.ofSeconds(2))).containsExactly("one", "two", "three");
    }

    @Test
    void aConnectorWaitsForTheFirstFiringOfItsSchedule() throws Exception {
        Path input = Files.writeString(root.resolve("in.txt"), "one\n");
        // 1 January 2099 at noon: never during the test.
        fixture = new WorkerFixture(root).start(connector("name", "later", "connector.class", "FileStreamSource",
                "file", input.toString(), "topic", "lines", "schedule.cron", "0 0 12 1 1 ? 2099"));

        assertThat(fixture.worker().taskStatus(new TaskId("later", 0)).state()).isEqualTo(State.UNASSIGNED);
        ScheduleStatus status = fixture.worker().schedule("later").orElseThrow();
        assertThat(status.active()).isFalse();
        assertThat(status.lastFiring()).isNull();
        assertThat(status.nextFiring()).isAfter(Instant.parse("2098-12-31T00:00:00Z"));
        assertThat(fixture.consumeValues("lines", 1, Duration.ofSeconds(2))).isEmpty();
        assertThat(fixture.worker().schedule("nonexistent")).isEmpty();
    }

    @Test
    void anInvalidCronExpressionIsAConfigErrorNamingTheKey() throws Exception {
        fixture = new WorkerFixture(root).start();

        assertThatThrownBy(() -> fixture.worker().createOrUpdate("bad", connector("connector.class", "FileStreamSource",
                "file", "x.txt", "topic", "lines", "schedule.cron", "every minute")))
                .isInstanceOf(ConnectorConfigException.class)
                .satisfies(e -> assertThat(((ConnectorConfigException) e).problems()).extracting(p -> p.key())
                        .containsExactly("schedule.cron"))
                .hasMessageContaining("is not a Quartz cron expression");
        assertThatThrownBy(() -> fixture.worker().createOrUpdate("bad", connector("connector.class", "FileStreamSource",
                "file", "x.txt", "topic", "lines", "schedule.cron", "* * * * * ?", "schedule.idle.ms", "0")))
                .isInstanceOf(ConnectorConfigException.class)
                .hasMessageContaining("schedule.idle.ms");
    }
}
