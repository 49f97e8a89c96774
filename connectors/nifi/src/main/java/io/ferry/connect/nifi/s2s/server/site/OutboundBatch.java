package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.flowfile.FlowFile;
import java.util.List;

/** FlowFiles taken for one output transaction: confirmed once the client checked them, else released. */
public interface OutboundBatch {

    List<FlowFile> flowFiles();

    /** The client confirmed the checksum: these FlowFiles are delivered. */
    void confirm();

    /** The transaction failed, was cancelled or expired: the FlowFiles go back, to be sent again first. */
    void release();
}
