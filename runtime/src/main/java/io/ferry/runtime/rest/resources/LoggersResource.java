package io.ferry.runtime.rest.resources;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.ferry.runtime.rest.dto.LoggerLevelEntity;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/loggers}: the levels of the worker's loggers, changed at runtime through logback
 * (the slf4j binding). Setting a level sets it on the named logger and on every existing logger
 * below it, as Kafka Connect does, and answers with their names. Levels set here last until the
 * worker stops.
 */
@Path("/admin/loggers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class LoggersResource {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LoggersResource.class);
    private static final String ROOT = "root";

    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    /** Every logger with a level of its own, and the root logger. */
    @GET
    public Map<String, LoggerLevelEntity> all() {
        Map<String, LoggerLevelEntity> result = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            if (logger.getLevel() != null) {
                result.put(name(logger), entity(logger));
            }
        }
        return result;
    }

    /** One logger's effective level (404 if no such logger exists). */
    @GET
    @Path("/{logger}")
    public LoggerLevelEntity get(@PathParam("logger") String name) {
        Logger logger = name.equalsIgnoreCase(ROOT) ? root() : context().exists(name);
        if (logger == null) {
            throw new NotFoundException("Logger " + name + " not found.");
        }
        return entity(logger);
    }

    /**
     * Sets the level of a logger and every logger below it ({@code {"level": "DEBUG"}}).
     *
     * @return the names of the loggers changed
     */
    @PUT
    @Path("/{logger}")
    public List<String> set(@PathParam("logger") String name, Map<String, String> body,
                            @QueryParam("scope") @DefaultValue("worker") String scope) {
        String value = body == null ? null : body.get("level");
        if (value == null || value.isBlank()) {
            throw new BadRequestException("Desired 'level' parameter was not specified in the request.");
        }
        Level level = parse(value);
        if (!scope.equalsIgnoreCase("worker") && !scope.equalsIgnoreCase("cluster")) {
            log.warn("Ignoring unknown logging scope '{}': setting the level on this worker", scope);
        }
        LoggerContext context = context();
        List<Logger> changed = new ArrayList<>();
        if (name.equalsIgnoreCase(ROOT)) {
            changed.addAll(context.getLoggerList());
        } else {
            changed.add(context.getLogger(name));
            for (Logger logger : context.getLoggerList()) {
                if (logger.getName().startsWith(name + ".")) {
                    changed.add(logger);
                }
            }
        }
        long now = System.currentTimeMillis();
        List<String> names = new ArrayList<>();
        for (Logger logger : changed) {
            logger.setLevel(level);
            lastModified.put(name(logger), now);
            names.add(name(logger));
        }
        log.info("Level of logger {} (and {} loggers below it) set to {}", name, names.size() - 1, level);
        names.sort(null);
        return names;
    }

    private static Level parse(String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        if (upper.equals("FATAL")) {
            return Level.ERROR;
        }
        Level level = Level.toLevel(upper, null);
        if (level == null) {
            throw new BadRequestException("Invalid log level '" + value + "': use TRACE, DEBUG, INFO, WARN, ERROR or OFF");
        }
        return level;
    }

    private LoggerLevelEntity entity(Logger logger) {
        return new LoggerLevelEntity(logger.getEffectiveLevel().toString(), lastModified.get(name(logger)));
    }

    private static String name(Logger logger) {
        return logger.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? ROOT : logger.getName();
    }

    private static Logger root() {
        return context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new ConnectException("Log levels can only be changed with logback as the slf4j binding, not " + factory.getClass().getName());
    }
}
