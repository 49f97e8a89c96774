package io.ferry.broker.txn;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.TopicPartition;

/**
 * The records of {@code __transaction_state} in Ferry's own versioned binary format: key = transactional id, value =
 * producer id, epoch, timeout, state, transaction start time and the partitions of the open transaction.
 */
final class TxnRecords {

    private static final short VERSION = 0;

    private TxnRecords() {
    }

    static byte[] key(String transactionalId) {
        byte[] id = transactionalId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + 4 + id.length).putShort(VERSION).putInt(id.length).put(id).array();
    }

    static String readKey(ByteBuffer key) {
        key.getShort();
        byte[] id = new byte[key.getInt()];
        key.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    static byte[] value(TxnMetadata m) {
        int size = 2 + 8 + 2 + 4 + 1 + 8 + 4;
        for (TopicPartition tp : m.partitions) {
            size += 4 + tp.topic().getBytes(StandardCharsets.UTF_8).length + 4;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(VERSION).putLong(m.producerId).putShort(m.epoch).putInt(m.timeoutMs)
                .put((byte) m.state.ordinal()).putLong(m.startTimeMs).putInt(m.partitions.size());
        for (TopicPartition tp : m.partitions) {
            byte[] topic = tp.topic().getBytes(StandardCharsets.UTF_8);
            b.putInt(topic.length).put(topic).putInt(tp.partition());
        }
        return b.array();
    }

    static TxnMetadata readValue(String transactionalId, ByteBuffer v) {
        v.getShort();
        TxnMetadata m = new TxnMetadata(transactionalId, v.getLong(), v.getShort(), v.getInt());
        m.state = TxnState.values()[v.get()];
        m.startTimeMs = v.getLong();
        int n = v.getInt();
        for (int i = 0; i < n; i++) {
            byte[] topic = new byte[v.getInt()];
            v.get(topic);
            m.partitions.add(new TopicPartition(new String(topic, StandardCharsets.UTF_8), v.getInt()));
        }
        return m;
    }
}
