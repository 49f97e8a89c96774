/**
 * FlowFile ↔ record mapping with the conventions of NiFi's PublishKafka and ConsumeKafka: attributes
 * become headers (include / exclude regexes), the key comes from an attribute ({@code kafka.key} by
 * default), the topic optionally from an attribute; FlowFiles made from records carry
 * {@code kafka.topic}, {@code kafka.partition}, {@code kafka.offset}, {@code kafka.timestamp} and
 * {@code kafka.key}. {@link io.ferry.connect.nifi.mapping.MappingConfig} declares the keys.
 */
package io.ferry.connect.nifi.mapping;
