/**
 * The FlowFile (attributes and content) and its {@code application/flowfile-v3} package format:
 * {@link io.ferry.connect.nifi.flowfile.FlowFileV3Writer} and
 * {@link io.ferry.connect.nifi.flowfile.FlowFileV3Reader}, byte-compatible with NiFi's
 * FlowFilePackagerV3 / FlowFileUnpackagerV3 (MergeContent, PackageFlowFile, ListenHTTP, PostHTTP).
 */
package io.ferry.connect.nifi.flowfile;
