package io.ferry.runtime.rest.resources;

import io.ferry.runtime.offset.ConnectorOffset;
import io.ferry.runtime.rest.dto.ConnectorEntity;
import io.ferry.runtime.rest.dto.ConnectorStatusEntity;
import io.ferry.runtime.rest.dto.OffsetEntity;
import io.ferry.runtime.rest.dto.OffsetsEntity;
import io.ferry.runtime.rest.dto.ScheduleEntity;
import io.ferry.runtime.rest.dto.StateEntity;
import io.ferry.runtime.rest.dto.TaskConfigEntity;
import io.ferry.runtime.rest.dto.TaskIdEntity;
import io.ferry.runtime.rest.dto.TaskMetricsEntity;
import io.ferry.runtime.rest.dto.TaskStateEntity;
import io.ferry.runtime.schedule.ScheduleStatus;
import io.ferry.runtime.security.Redactor;
import io.ferry.runtime.status.ConnectorStateInfo;
import io.ferry.runtime.status.ConnectorStatus;
import io.ferry.runtime.status.TaskId;
import io.ferry.runtime.status.TaskStatus;
import io.ferry.runtime.task.TaskMetrics;
import io.ferry.runtime.task.TaskMetricsRegistry;
import io.ferry.runtime.worker.ConnectorInfo;
import io.ferry.runtime.worker.TaskInfo;
import io.ferry.runtime.worker.Worker;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the REST API's JSON records from the worker's types, and checks request bodies. */
final class Entities {

    private Entities() {
    }

    static ConnectorEntity connector(ConnectorInfo info) {
        return new ConnectorEntity(info.name(), new TreeMap<>(Redactor.config(info.config())), info.tasks().stream().map(Entities::taskId).toList(),
                info.type());
    }

    /**
     * A submitted config in which secret values shown as {@value Redactor#MASK} (as GET returned them) keep the
     * value already stored, so a read-modify-write round trip never stores the mask.
     */
    static Map<String, String> unmask(Map<String, String> submitted, Map<String, String> stored) {
        if (submitted == null) {
            return null;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(submitted);
        out.replaceAll((k, v) -> Redactor.MASK.equals(v) && stored.containsKey(k) ? stored.get(k) : v);
        return out;
    }

    static TaskIdEntity taskId(TaskId id) {
        return new TaskIdEntity(id.connector(), id.task());
    }

    static ConnectorStatusEntity status(ConnectorStateInfo info, Worker worker) {
        ConnectorStatus connector = info.connector();
        ScheduleEntity schedule = worker.schedule(info.name()).map(Entities::schedule).orElse(null);
        return new ConnectorStatusEntity(info.name(), new StateEntity(connector.state().name(), connector.workerId(), connector.trace()),
                info.tasks().stream().map(task -> task(task, worker.taskMetrics())).toList(), info.type(), schedule);
    }

    private static ScheduleEntity schedule(ScheduleStatus status) {
        return new ScheduleEntity(status.cron(), status.idleMs(), status.active(),
                status.lastFiring() == null ? null : status.lastFiring().toString(),
                status.nextFiring() == null ? null : status.nextFiring().toString());
    }

    static TaskStateEntity task(TaskStatus status, TaskMetricsRegistry metrics) {
        TaskMetricsEntity counters = metrics.task(status.id()).map(Entities::metrics).orElse(null);
        return new TaskStateEntity(status.id().task(), status.state().name(), status.workerId(), status.trace(), counters);
    }

    private static TaskMetricsEntity metrics(TaskMetrics m) {
        Long lag = "sink".equals(m.type()) && m.lag() >= 0 ? m.lag() : null;
        double rate = Math.round(m.recordsPerSecond() * 100) / 100.0;
        return new TaskMetricsEntity(m.recordsPolled(), m.recordsWritten(), rate, m.errors(), m.offsetCommits(), lag);
    }

    static TaskConfigEntity taskConfig(TaskInfo info) {
        return new TaskConfigEntity(taskId(info.id()), new TreeMap<>(Redactor.config(info.config())));
    }

    static OffsetsEntity offsets(List<ConnectorOffset> offsets) {
        return new OffsetsEntity(offsets.stream().map(o -> new OffsetEntity(o.partition(), o.offset())).toList());
    }

    /**
     * @throws BadRequestException if the body is missing or lists no offsets
     */
    static List<ConnectorOffset> offsets(OffsetsEntity body) {
        if (body == null || body.offsets() == null) {
            throw new BadRequestException("The request body must be {\"offsets\": [{\"partition\": {...}, \"offset\": {...}}, ...]}");
        }
        List<ConnectorOffset> result = new ArrayList<>();
        for (OffsetEntity entry : body.offsets()) {
            if (entry == null) {
                throw new BadRequestException("\"offsets\" holds a null entry; each entry is {\"partition\": {...}, \"offset\": {...}}");
            }
            result.add(new ConnectorOffset(entry.partition(), entry.offset()));
        }
        return result;
    }

    /**
     * A connector configuration from a request body.
     *
     * @param nullsAllowed whether a key may be null (PATCH: the key is removed)
     * @throws BadRequestException if the body is missing or (unless allowed) a value is null
     */
    static Map<String, String> config(Map<String, String> body, boolean nullsAllowed) {
        if (body == null) {
            throw new BadRequestException("The request body must be the connector configuration: {\"key\": \"value\", ...}");
        }
        if (!nullsAllowed) {
            body.forEach((key, value) -> {
                if (value == null) {
                    throw new BadRequestException("The value of '" + key + "' is null; give a string");
                }
            });
        }
        return body;
    }
}
