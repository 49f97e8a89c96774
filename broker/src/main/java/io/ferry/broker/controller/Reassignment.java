package io.ferry.broker.controller;

import java.util.List;

/**
 * A partition reassignment in progress (KIP-455), as stored in its topic znode: every replica while it runs (the
 * target first, then those leaving), the replicas being added and those being removed.
 */
public record Reassignment(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {

    public Reassignment {
        replicas = List.copyOf(replicas);
        adding = List.copyOf(adding);
        removing = List.copyOf(removing);
    }

    /** The replicas the partition will have once done. */
    public List<Integer> target() {
        return replicas.stream().filter(r -> !removing.contains(r)).toList();
    }

    /** The replicas the partition had before it started (what a cancellation goes back to). */
    public List<Integer> original() {
        return replicas.stream().filter(r -> !adding.contains(r)).toList();
    }
}
