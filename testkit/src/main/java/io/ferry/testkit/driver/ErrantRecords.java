package io.ferry.testkit.driver;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/** An {@link ErrantRecordReporter} that keeps what a sink task reports, for the test to read. */
public final class ErrantRecords implements ErrantRecordReporter {

    /** One report: the record and why the task gave up on it. */
    public record Report(SinkRecord record, Throwable error) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
        reports.add(new Report(record, error));
        return CompletableFuture.completedFuture(null);
    }

    /** Everything reported so far, in order. */
    public List<Report> reports() {
        return List.copyOf(reports);
    }

    /** The records reported so far, in order. */
    public List<SinkRecord> records() {
        return reports.stream().map(Report::record).toList();
    }
}
