package io.ferry.broker.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.ferry.broker.util.AtomicFiles;

/**
 * Single-node producer ids: reserves blocks of ids by writing the end of the current block to a file before handing
 * any of them out, so a restart never reuses an id.
 */
public final class FileProducerIdAllocator implements ProducerIdAllocator {

    private static final long BLOCK = 1000;
    private final Path file;
    private long next;
    private long blockEnd;

    public FileProducerIdAllocator(Path file) throws IOException {
        this.file = file;
        long start = 0;
        if (Files.exists(file)) {
            start = Long.parseLong(AtomicFiles.readProperties(file).getProperty("next.block.start", "0"));
        }
        this.next = start;
        this.blockEnd = start;
    }

    @Override
    public synchronized long nextProducerId() {
        if (next >= blockEnd) {
            blockEnd = next + BLOCK;
            AtomicFiles.writeProperties(file, Map.of("next.block.start", Long.toString(blockEnd)));
        }
        return next++;
    }
}
