package io.ferry.broker.zk;

/** A ZooKeeper server running in this JVM on its own thread: standalone or a member of an ensemble. */
public interface ZooKeeperNode extends AutoCloseable {

    /** Blocks until the server has stopped; true if it stopped because {@link #close()} asked it to. */
    boolean awaitTermination() throws InterruptedException;

    /** Why the server stopped on its own (could not bind, bad data directory...), or null. */
    Throwable failure();

    /** Stops the server and waits for its thread to finish; never exits the JVM. */
    @Override
    void close();
}
