package io.ferry.runtime.plugin;

/**
 * Sets the current thread's context class loader for the duration of a try-with-resources block
 * and restores the previous one on {@link #close()}:
 *
 * <pre>{@code
 * try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
 *     task.start(config);
 * }
 * }</pre>
 *
 * Plugins (and the libraries they bundle, e.g. JDBC drivers, Jackson modules) find their own
 * resources and services through the context class loader, as they do in Kafka Connect.
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private LoaderSwap(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    /** Makes {@code loader} the current thread's context class loader until {@link #close()}. */
    public static LoaderSwap to(ClassLoader loader) {
        return new LoaderSwap(loader);
    }

    /** The context class loader that {@link #close()} restores. */
    public ClassLoader previous() {
        return previous;
    }

    /** Restores the previous context class loader; must be called on the thread that swapped. */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("LoaderSwap closed on " + Thread.currentThread().getName()
                    + " but opened on " + thread.getName());
        }
        thread.setContextClassLoader(previous);
    }
}
