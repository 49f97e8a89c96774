/**
 * Ferry's file connectors: Kafka Connect plugins that compile against {@code connect-api} only and
 * run in Ferry or in Apache Kafka Connect. They accept the keys of Apache's FileStream connectors
 * ({@code file}, {@code topic}, {@code topics}, {@code batch.size}), so a FileStream configuration
 * works by changing {@code connector.class} alone.
 *
 * <ul>
 *   <li>{@link io.ferry.connect.file.FileSourceConnector}: one file or a folder (glob, optionally
 *       recursive); byte offsets per file identity; rotation and truncation; lines, custom
 *       delimiters or whole files. The reading machinery lives in {@code source}.</li>
 *   <li>{@link io.ferry.connect.file.FileSinkConnector}: one file or rolled files; the value per
 *       line or JSON lines; exactly once into the file (a sidecar state file records the file length
 *       with the consumed offsets). The writing machinery lives in {@code sink}.</li>
 * </ul>
 *
 * Each connector declares its keys once, in a {@link org.apache.kafka.common.config.ConfigDef}
 * ({@link io.ferry.connect.file.FileSourceConfig}, {@link io.ferry.connect.file.FileSinkConfig});
 * problems that involve several keys or the file system are collected by the same classes and name
 * the key they concern. Both may only use folders below {@code ferry.file.allowed.paths}, which Ferry's worker sets
 * ({@link io.ferry.connect.file.AllowedRoots}; empty, as in Apache Kafka Connect: anywhere).
 */
package io.ferry.connect.file;
