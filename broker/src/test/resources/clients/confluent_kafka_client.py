"""confluent-kafka (librdkafka) against a broker: produce with keys and timestamps, offsets_for_times, a group that
starts at the latest offset and sees only what was produced after it joined, and an idempotent, transactional
producer read back with read_committed (on TOPIC-txn). Usage: BOOTSTRAP TOPIC GROUP.
Prints one line per check; exits non-zero on the first failure. Every wait has a deadline."""
import json
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

BASE_TS = 1_700_000_000_000
DEADLINE_S = 30


def fail(msg):
    print("FAIL " + msg, flush=True)
    sys.exit(1)


def produce(bootstrap, topic, keys, with_timestamps):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for i, k in enumerate(keys):
        kw = {"timestamp": BASE_TS + i * 1000} if with_timestamps else {}
        p.produce(topic, key=k, value="value-" + k, partition=0, **kw)
    if p.flush(DEADLINE_S) != 0:
        fail("produce: messages left unsent")
    print("produced %d" % len(keys), flush=True)


def until(deadline, what, step):
    while time.monotonic() < deadline:
        result = step()
        if result is not None:
            return result
    fail("timed out waiting for " + what)


def main(bootstrap, topic, group):
    produce(bootstrap, topic, ["k%d" % i for i in range(5)], True)

    fetch_state = {}

    def on_stats(raw):
        # librdkafka reports where each assigned partition's fetcher stands: "active" once the start offset is known.
        part = json.loads(raw).get("topics", {}).get(topic, {}).get("partitions", {}).get("0")
        if part:
            fetch_state.update(state=part.get("fetch_state"), next=part.get("next_offset"))

    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "latest",
                  "enable.auto.commit": False, "statistics.interval.ms": 100, "stats_cb": on_stats})
    found = c.offsets_for_times([TopicPartition(topic, 0, BASE_TS + 1500)], timeout=DEADLINE_S)
    if found[0].error or found[0].offset != 2:
        fail("offsets_for_times gave %s" % found[0])
    print("offsets_for_times %d" % found[0].offset, flush=True)
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=DEADLINE_S)
    if (low, high) != (0, 5):
        fail("watermarks %s" % ((low, high),))
    print("watermarks %d %d" % (low, high), flush=True)

    c.subscribe([topic])
    deadline = time.monotonic() + DEADLINE_S

    def started():
        c.poll(0.1)
        return fetch_state["next"] if fetch_state.get("state") == "active" else None

    start = until(deadline, "the group to start at the latest offset", started)
    if start != 5:
        fail("group started at %d, not at the latest offset 5" % start)
    print("group started at %d" % start, flush=True)

    produce(bootstrap, topic, ["late%d" % i for i in range(3)], False)
    got = []

    def consumed():
        m = c.poll(0.2)
        if m is not None:
            if m.error():
                fail("consume error %s" % m.error())
            got.append(m.key().decode())
        return got if len(got) >= 3 else None

    until(deadline, "3 new messages", consumed)
    if got != ["late0", "late1", "late2"]:
        fail("consumed %s" % got)
    c.commit(asynchronous=False)
    committed = c.committed([TopicPartition(topic, 0)], timeout=DEADLINE_S)[0].offset
    if committed != 8:
        fail("committed %d" % committed)
    print("group consumed %s committed %d" % (",".join(got), committed), flush=True)
    c.close()
    transactions(bootstrap, topic + "-txn")
    print("OK", flush=True)


def transactions(bootstrap, topic):
    t = Producer({"bootstrap.servers": bootstrap, "transactional.id": topic + "-producer"})
    t.init_transactions(DEADLINE_S)
    t.begin_transaction()
    for i in range(3):
        t.produce(topic, key="t%d" % i, value="committed", partition=0)
    t.commit_transaction(DEADLINE_S)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": topic + "-reader", "isolation.level": "read_committed",
                  "auto.offset.reset": "earliest", "enable.auto.commit": False})
    c.assign([TopicPartition(topic, 0, 0)])
    got = []

    def consumed():
        m = c.poll(0.2)
        if m is not None and not m.error():
            got.append(m.key().decode())
        return got if len(got) >= 3 else None

    until(time.monotonic() + DEADLINE_S, "3 committed transactional messages", consumed)
    if got != ["t0", "t1", "t2"]:
        fail("read_committed consumed %s" % got)
    low, high = c.get_watermark_offsets(TopicPartition(topic, 0), timeout=DEADLINE_S)
    if high != 4:
        fail("after 3 records and a commit marker the end offset is %d" % high)
    c.close()
    print("transaction consumed %s end %d" % (",".join(got), high), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
