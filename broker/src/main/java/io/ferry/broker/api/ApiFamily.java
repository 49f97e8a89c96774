package io.ferry.broker.api;

/** A group of related APIs served by one handler class. */
public interface ApiFamily {

    void registerWith(ApiRegistry registry);
}
