package io.ferry.broker.cluster;

import java.util.List;

/** Told about metadata changes after they are durable, so storage can follow (create or delete partition logs). */
public interface MetadataListener {

    void topicCreated(TopicMetadata topic);

    void partitionsAdded(TopicMetadata topic, int previousCount);

    void topicDeleted(TopicMetadata topic);

    void configChanged(TopicMetadata topic);

    /**
     * The leadership or ISR of some of the topic's partitions changed ({@code changed} holds their new states; the
     * topic holds every partition's current state). Never called on a single-node broker.
     */
    default void partitionsChanged(TopicMetadata topic, List<PartitionState> changed) {
    }

    /** A listener interested only in deleted topics. */
    record TopicDeletion(java.util.function.Consumer<TopicMetadata> onDelete) implements MetadataListener {
        @Override
        public void topicCreated(TopicMetadata topic) {
        }

        @Override
        public void partitionsAdded(TopicMetadata topic, int previousCount) {
        }

        @Override
        public void topicDeleted(TopicMetadata topic) {
            onDelete.accept(topic);
        }

        @Override
        public void configChanged(TopicMetadata topic) {
        }
    }
}
