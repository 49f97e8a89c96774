/**
 * How the file source reads: {@link io.ferry.connect.file.source.FollowedFile} follows one path
 * (its physical file's identity, byte position, rotation and truncation),
 * {@link io.ferry.connect.file.source.Framing} cuts buffers into records without a system call per
 * record, {@link io.ferry.connect.file.source.SourcePosition} is the offset stored for a path,
 * {@link io.ferry.connect.file.source.DirectoryWatcher} lists a folder's matching files (Commons IO's
 * observer), and {@link io.ferry.connect.file.source.CompletedAction} deletes or moves finished files.
 */
package io.ferry.connect.file.source;
