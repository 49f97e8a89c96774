/**
 * How the file sink writes: {@link io.ferry.connect.file.sink.SinkWriter} appends encoded records
 * to the active file through a large buffer, rolls files ({@link io.ferry.connect.file.sink.FileNamePattern})
 * and makes bytes durable together with the consumed offsets in a sidecar
 * {@link io.ferry.connect.file.sink.SinkState}; {@link io.ferry.connect.file.sink.OutputFormat} picks the
 * record encoding (the value per line, or {@link io.ferry.connect.file.sink.JsonLines}).
 */
package io.ferry.connect.file.sink;
