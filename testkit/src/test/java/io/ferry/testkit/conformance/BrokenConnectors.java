package io.ferry.testkit.conformance;

import io.ferry.testkit.example.LineSourceConnector;
import io.ferry.testkit.example.LineSourceTask;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSinkTask;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Connectors each broken in one way the suite must catch. */
final class BrokenConnectors {

    /** Holds the thread {@link LeakyTask} leaves behind, until the test lets it go (a new latch per test). */
    static volatile CountDownLatch leakedThread = new CountDownLatch(1);

    private BrokenConnectors() {
    }

    /** A task that never reads its committed offsets: after a restart it sends everything again. */
    public static class ForgetfulTask extends LineSourceTask {
        @Override
        public void initialize(SourceTaskContext context) {
            super.initialize(new SourceTaskContext() {
                @Override
                public Map<String, String> configs() {
                    return context.configs();
                }

                @Override
                public OffsetStorageReader offsetStorageReader() {
                    return new OffsetStorageReader() {
                        @Override
                        public <T> Map<String, Object> offset(Map<String, T> partition) {
                            return null;
                        }

                        @Override
                        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                            return new HashMap<>();
                        }
                    };
                }

                @Override
                public PluginMetrics pluginMetrics() {
                    return context.pluginMetrics();
                }
            });
        }
    }

    public static class ForgetfulConnector extends LineSourceConnector {
        @Override
        public Class<? extends Task> taskClass() {
            return ForgetfulTask.class;
        }
    }

    /** A task that starts a thread and never stops it. */
    public static class LeakyTask extends LineSourceTask {
        @Override
        public void start(Map<String, String> props) {
            super.start(props);
            CountDownLatch latch = leakedThread;
            Thread thread = new Thread(() -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "leaky-task-thread");
            thread.setDaemon(true);
            thread.start();
        }
    }

    public static class LeakyConnector extends LineSourceConnector {
        @Override
        public Class<? extends Task> taskClass() {
            return LeakyTask.class;
        }
    }

    /** A sink task that writes every record twice. */
    public static class DoubleWritingTask extends FileStreamSinkTask {
        @Override
        public void put(Collection<SinkRecord> records) {
            super.put(records);
            super.put(records);
        }
    }

    public static class DoubleWritingSink extends FileStreamSinkConnector {
        @Override
        public Class<? extends Task> taskClass() {
            return DoubleWritingTask.class;
        }
    }
}
