package io.ferry.connect.nifi.s2s.server.site;

/** A task's membership of a port; closing it leaves the port (the last member removes it). */
public interface Registration extends AutoCloseable {

    @Override
    void close();
}
