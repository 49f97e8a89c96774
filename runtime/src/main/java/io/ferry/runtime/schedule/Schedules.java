package io.ferry.runtime.schedule;

import io.ferry.runtime.config.ConfigProblem;
import io.ferry.runtime.config.ConnectorConfig;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/** The checks of {@code schedule.cron}: a Quartz cron expression (seconds, minutes, hours, day of month, month, day of week[, year]). */
public final class Schedules {

    private Schedules() {
    }

    /** The problem with {@code schedule.cron} in {@code props}, if any. */
    public static List<ConfigProblem> problems(Map<String, String> props) {
        String cron = props.get(ConnectorConfig.SCHEDULE_CRON);
        if (cron == null || cron.isBlank()) {
            return List.of();
        }
        try {
            new CronExpression(cron.trim());
            return List.of();
        } catch (ParseException e) {
            return List.of(new ConfigProblem(ConnectorConfig.SCHEDULE_CRON, "'" + cron.trim() + "' is not a Quartz cron expression ("
                    + e.getMessage() + "); expected seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?'"));
        }
    }
}
