package io.ferry.broker.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;

/**
 * The records of {@code __consumer_offsets}, in Ferry's own versioned binary format. Keys: an offset commit
 * (type 0: group, topic, partition) or a group's metadata (type 1: group). A null value is a tombstone. Values start
 * with a version so the format can grow.
 */
public final class GroupRecords {

    static final short OFFSET_KEY = 0;
    static final short GROUP_KEY = 1;
    private static final short VALUE_VERSION = 0;

    private GroupRecords() {
    }

    /** A decoded key: either an offset key (topic partition set) or a group key. */
    public record Key(short type, String group, TopicPartition partition) {
    }

    /** The group metadata kept durable: enough to resume a stable group after a restart. */
    public record GroupValue(String protocolType, int generation, String protocol, String leader,
                             List<MemberValue> members) {
    }

    /** One member of a stored group. */
    public record MemberValue(String memberId, String groupInstanceId, String clientId, String clientHost,
                              int rebalanceTimeoutMs, int sessionTimeoutMs, byte[] subscription, byte[] assignment) {
    }

    public static byte[] offsetKey(String group, TopicPartition tp) {
        Writer w = new Writer();
        w.putShort(OFFSET_KEY).putString(group).putString(tp.topic()).putInt(tp.partition());
        return w.bytes();
    }

    public static byte[] groupKey(String group) {
        Writer w = new Writer();
        w.putShort(GROUP_KEY).putString(group);
        return w.bytes();
    }

    public static Key readKey(ByteBuffer key) {
        short type = key.getShort();
        String group = readString(key);
        if (type == OFFSET_KEY) {
            String topic = readString(key);
            return new Key(type, group, new TopicPartition(topic, key.getInt()));
        }
        return new Key(type, group, null);
    }

    public static byte[] offsetValue(CommittedOffset o) {
        Writer w = new Writer();
        w.putShort(VALUE_VERSION).putLong(o.offset()).putInt(o.leaderEpoch().orElse(-1)).putString(o.metadata())
                .putLong(o.commitTimestamp());
        return w.bytes();
    }

    public static CommittedOffset readOffsetValue(ByteBuffer v) {
        v.getShort();
        long offset = v.getLong();
        int epoch = v.getInt();
        String metadata = readString(v);
        long ts = v.getLong();
        return new CommittedOffset(offset, epoch < 0 ? Optional.empty() : Optional.of(epoch), metadata, ts);
    }

    public static byte[] groupValue(GroupValue g) {
        Writer w = new Writer();
        w.putShort(VALUE_VERSION).putString(g.protocolType()).putInt(g.generation()).putString(g.protocol())
                .putString(g.leader()).putInt(g.members().size());
        for (MemberValue m : g.members()) {
            w.putString(m.memberId()).putString(m.groupInstanceId()).putString(m.clientId()).putString(m.clientHost())
                    .putInt(m.rebalanceTimeoutMs()).putInt(m.sessionTimeoutMs()).putBytes(m.subscription())
                    .putBytes(m.assignment());
        }
        return w.bytes();
    }

    public static GroupValue readGroupValue(ByteBuffer v) {
        v.getShort();
        String protocolType = readString(v);
        int generation = v.getInt();
        String protocol = readString(v);
        String leader = readString(v);
        int n = v.getInt();
        List<MemberValue> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(new MemberValue(readString(v), readString(v), readString(v), readString(v), v.getInt(),
                    v.getInt(), readBytes(v), readBytes(v)));
        }
        return new GroupValue(protocolType, generation, protocol, leader, members);
    }

    private static String readString(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0) {
            return null;
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(ByteBuffer b) {
        int len = b.getInt();
        byte[] bytes = new byte[Math.max(len, 0)];
        b.get(bytes);
        return bytes;
    }

    /** A growable big-endian writer. */
    private static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(128);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        Writer putShort(short v) {
            ensure(2);
            buf.putShort(v);
            return this;
        }

        Writer putInt(int v) {
            ensure(4);
            buf.putInt(v);
            return this;
        }

        Writer putLong(long v) {
            ensure(8);
            buf.putLong(v);
            return this;
        }

        Writer putString(String s) {
            if (s == null) {
                return putInt(-1);
            }
            return putBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        Writer putBytes(byte[] bytes) {
            byte[] b = bytes == null ? new byte[0] : bytes;
            putInt(b.length);
            ensure(b.length);
            buf.put(b);
            return this;
        }

        byte[] bytes() {
            byte[] out = new byte[buf.position()];
            buf.flip();
            buf.get(out);
            return out;
        }
    }
}
