/**
 * How the file source reads: {@link io.ferry.connect.file.source.FollowedFile} follows one path, with
 * {@code PhysicalFile} (the file read: handle, identity, byte position, buffer), {@code RecordCutter}
 * (records by mode, offsets, headers) and {@code RotationTracker} (rotation, truncation, idleness);
 * {@link io.ferry.connect.file.source.Framing} finds record ends in buffers without a system call per
 * record, {@link io.ferry.connect.file.source.SourcePosition} is the offset stored for a path,
 * {@link io.ferry.connect.file.source.DirectoryWatcher} lists a folder's matching files (Commons IO's
 * observer), and {@link io.ferry.connect.file.source.CompletedAction} deletes or moves finished files.
 */
package io.ferry.connect.file.source;
