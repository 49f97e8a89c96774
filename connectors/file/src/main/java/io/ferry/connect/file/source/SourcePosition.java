package io.ferry.connect.file.source;

import java.util.HashMap;
import java.util.Map;

/**
 * The source offset of one path (source partition {@code {"file": <absolute path>}}): the byte
 * position after the last record sent, in the physical file identified by its file key (device and
 * inode on Unix) and a checksum of its first bytes. A path's file can change (rotation, truncation):
 * {@code generation} counts those changes, and the previous file's identity and final position are
 * kept so that it is recognised if it is still around (renamed) after a restart.
 *
 * @param position   bytes of the file consumed (a record boundary)
 * @param identity   the physical file the position is in
 * @param generation how many times the path's file changed before this one
 * @param previous   the path's previous file and its final position, or null
 */
public record SourcePosition(long position, FileIdentity identity, long generation, Previous previous) {

    /** The partition key of the source partition. */
    public static final String FILE = "file";
    static final String POSITION = "position";
    static final String FILE_KEY = "fileKey";
    static final String HEAD = "head";
    static final String HEAD_LENGTH = "headLength";
    static final String GENERATION = "generation";
    static final String PREVIOUS_PREFIX = "previous.";
    /** The keys of an offset without a previous file, in {@link #toMap()}'s order. */
    private static final String[] KEYS = {POSITION, FILE_KEY, HEAD, HEAD_LENGTH, GENERATION};

    /** A path's previous physical file and the position reached in it. */
    public record Previous(FileIdentity identity, long position) {
    }

    /** The source partition of {@code absolutePath}. */
    public static Map<String, String> partition(String absolutePath) {
        return Map.of(FILE, absolutePath);
    }

    /** The offset map stored with a record. */
    public Map<String, Object> toMap() {
        if (previous == null) {
            return new OffsetMap(KEYS, position, identity.key(), identity.head(), (long) identity.headLength(), generation);
        }
        Map<String, Object> map = new HashMap<>(16);
        map.put(POSITION, position);
        map.put(FILE_KEY, identity.key());
        map.put(HEAD, identity.head());
        map.put(HEAD_LENGTH, (long) identity.headLength());
        map.put(GENERATION, generation);
        map.put(PREVIOUS_PREFIX + POSITION, previous.position());
        map.put(PREVIOUS_PREFIX + FILE_KEY, previous.identity().key());
        map.put(PREVIOUS_PREFIX + HEAD, previous.identity().head());
        map.put(PREVIOUS_PREFIX + HEAD_LENGTH, (long) previous.identity().headLength());
        return map;
    }

    /**
     * Reads a stored offset; null if there is none. An offset with only a {@code position} (set by
     * hand through the REST API) applies to whatever file the path names.
     */
    public static SourcePosition fromMap(Map<String, ?> map) {
        if (map == null || !(map.get(POSITION) instanceof Number)) {
            return null;
        }
        FileIdentity identity = identity(map, "");
        Previous previous = null;
        if (map.get(PREVIOUS_PREFIX + POSITION) instanceof Number p && map.get(PREVIOUS_PREFIX + FILE_KEY) instanceof String) {
            previous = new Previous(identity(map, PREVIOUS_PREFIX), p.longValue());
        }
        return new SourcePosition(number(map, POSITION), identity, number(map, GENERATION), previous);
    }

    private static FileIdentity identity(Map<String, ?> map, String prefix) {
        String key = map.get(prefix + FILE_KEY) instanceof String s ? s : "";
        return new FileIdentity(key, number(map, prefix + HEAD), (int) number(map, prefix + HEAD_LENGTH));
    }

    private static long number(Map<String, ?> map, String key) {
        return map.get(key) instanceof Number n ? n.longValue() : 0L;
    }
}
