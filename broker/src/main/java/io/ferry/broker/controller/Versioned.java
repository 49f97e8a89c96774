package io.ferry.broker.controller;

import io.ferry.broker.zk.ZkData;

/** A partition state as read, with the version of its znode (the partition epoch) for a conditional write. */
record Versioned(ZkData.LeaderAndIsr state, int version) {
}
