/**
 * A connector's transformations ({@code transforms}) and predicates ({@code predicates}), with
 * Kafka Connect's semantics: each transformation is applied in order, only to the records its
 * predicate matches (or does not match, with {@code negate=true}); a transformation returning null
 * drops the record. Each task has its own {@link io.ferry.runtime.transforms.TransformationChain},
 * created and configured with the plugins' class loaders.
 */
package io.ferry.runtime.transforms;
