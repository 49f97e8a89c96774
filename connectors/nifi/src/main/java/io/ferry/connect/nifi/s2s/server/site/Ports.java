package io.ferry.connect.nifi.s2s.server.site;

import io.ferry.connect.nifi.handoff.InboundSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ports of a site. A port exists while at least one task serves it; several tasks of one
 * connector may serve the same port (transactions are spread over them), other connectors may not.
 */
final class Ports {

    /** A port and the tasks serving it. */
    static final class Port<M> {
        private final PortIdentity identity;
        private final boolean input;
        private final String owner;
        private final List<M> members = new CopyOnWriteArrayList<>();
        private final AtomicInteger next = new AtomicInteger();

        private Port(PortIdentity identity, boolean input, String owner) {
            this.identity = identity;
            this.input = input;
            this.owner = owner;
        }

        PortIdentity identity() {
            return identity;
        }

        boolean input() {
            return input;
        }

        List<M> members() {
            return members;
        }

        /** The members, starting with the next one in turn. */
        List<M> inTurn() {
            List<M> snapshot = new ArrayList<>(members);
            if (snapshot.isEmpty()) {
                return snapshot;
            }
            int start = Math.floorMod(next.getAndIncrement(), snapshot.size());
            List<M> ordered = new ArrayList<>(snapshot.size());
            for (int i = 0; i < snapshot.size(); i++) {
                ordered.add(snapshot.get((start + i) % snapshot.size()));
            }
            return ordered;
        }
    }

    private final Map<String, Port<?>> byId = new LinkedHashMap<>();

    synchronized Registration registerInput(PortIdentity identity, String owner, InboundSink sink) {
        return register(identity, true, owner, sink);
    }

    synchronized Registration registerOutput(PortIdentity identity, String owner, OutboundSource source) {
        return register(identity, false, owner, source);
    }

    @SuppressWarnings("unchecked")
    private <M> Registration register(PortIdentity identity, boolean input, String owner, M member) {
        Port<?> existing = byId.get(identity.id());
        for (Port<?> port : byId.values()) {
            if (port != existing && port.identity.name().equals(identity.name()) && port.input == input) {
                throw new IllegalStateException("The site already has an " + kind(input) + " named '" + identity.name()
                        + "' (id " + port.identity.id() + "), served by connector '" + port.owner + "'");
            }
        }
        Port<M> port;
        if (existing == null) {
            port = new Port<>(identity, input, owner);
            byId.put(identity.id(), port);
        } else if (existing.input != input || !existing.owner.equals(owner) || !existing.identity.name().equals(identity.name())) {
            throw new IllegalStateException("Port id " + identity.id() + " is already the " + kind(existing.input) + " '"
                    + existing.identity.name() + "' of connector '" + existing.owner + "'");
        } else {
            port = (Port<M>) existing;
        }
        port.members.add(member);
        return () -> unregister(port, member);
    }

    private synchronized void unregister(Port<?> port, Object member) {
        port.members.remove(member);
        if (port.members.isEmpty()) {
            byId.remove(port.identity.id(), port);
        }
    }

    @SuppressWarnings("unchecked")
    synchronized Port<InboundSink> input(String id) {
        Port<?> port = byId.get(id);
        return port != null && port.input ? (Port<InboundSink>) port : null;
    }

    @SuppressWarnings("unchecked")
    synchronized Port<OutboundSource> output(String id) {
        Port<?> port = byId.get(id);
        return port != null && !port.input ? (Port<OutboundSource>) port : null;
    }

    synchronized List<Port<?>> all() {
        return new ArrayList<>(byId.values());
    }

    private static String kind(boolean input) {
        return input ? "input port" : "output port";
    }
}
