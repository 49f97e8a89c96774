#!/usr/bin/env bash
# Consumer-group benchmark (issue 3): Apache Kafka 4.3.1 (the baseline) vs Ferry, side by side in one run.
#
# For each broker, in turn (never both at once), on 127.0.0.1 only, with a fresh data dir, started and
# stopped exactly as by broker-bench.sh (bench/lib.sh):
#   fill           ProducerPerformance: N records of 100 bytes, acks=1, to a topic of 3 partitions
#   group consume  Kafka's ConsumerPerformance --group (subscribe: FindCoordinator, JoinGroup, SyncGroup,
#                  heartbeats, offset commits) reads the N records; it prints the total rate (its time
#                  includes the group join) and the fetch-only rate (without the join), both reported
#   latency        io.ferry.bench.EndToEndLatencyPerf: M records of 100 bytes, one at a time, acks=all, to a
#                  fresh 3-partition topic, read by a consumer in a group; send -> receive per record;
#                  p50 / p99 / p99.9 (see src/.../EndToEndLatencyPerf.java for why not Kafka's EndToEndLatency)
#   reference      Kafka's own EndToEndLatency (assign, no group; whole-millisecond percentiles), M records
#   memory         VmRSS of the broker (whole process tree) after all of the above
# then prints Kafka, Ferry and Ferry/Kafka for each figure, also into bench/work/group-results.txt.
#
# Usage: bench/group-bench.sh [--records N] [--latency-records M] [--runs N] [--only kafka|ferry] [--no-reference]
#                             [--retry-disturbed N] [--keep-data]
#   --records N          records to fill the topic with and to consume (default 3000000)
#   --latency-records M  records timed by the latency test (default 20000, after 1000 warm-up records)
#   --runs N             repeat, brokers taking turns, and take medians (default 1)
#   --only B             run only kafka or only ferry; the other column comes from its last run, if any
#   --no-reference       skip Kafka's EndToEndLatency tool
#   --retry-disturbed N  do a run again, up to N times, if other processes took >= 5% of the CPUs during it
#   --keep-data          keep the brokers' data dirs under bench/work/
# See bench/README.md and docs/benchmarks.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"   # ports, JVM flags, how each broker is prepared/started/stopped, helpers
RESULTS="$WORK/group-results.txt"
RESULTS_PREFIX=group-results   # per run: work/group-results-BROKER-runN.txt; medians: work/group-results-BROKER.txt
REPORT_LABEL_WIDTH=42

RECORDS=3000000
LATENCY_RECORDS=20000
LATENCY_WARMUP=1000
LATENCY_ACKS=all
RUNS=1
RECORD_SIZE=100
PARTITIONS=3
BROKERS=(kafka ferry)
OTHER=""
REFERENCE=true
KEEP_DATA=false

while [[ $# -gt 0 ]]; do
    case $1 in
        --latency-records) LATENCY_RECORDS=${2:-}; shift; shift || true ;;
        --no-reference) REFERENCE=false; shift ;;
        *)
            common_option "$@"
            ((OPTION_ARGS > 0)) || { echo "unknown option: $1" >&2; usage 2; }
            shift "$OPTION_ARGS" 2>/dev/null || shift $# ;;
    esac
done
check_common_options
[[ $LATENCY_RECORDS =~ ^[1-9][0-9]*$ ]] || { echo "--latency-records takes a positive number" >&2; exit 2; }

# The step functions below set RESULT to their figures, separated by spaces.

# fill PORT TOPIC -> RESULT="records_per_sec mb_per_sec"
fill() {
    producer_perf "$BROKER_DIR/produce.out" "$1" "$2" 1
    RESULT=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\).*/\1 \2/' <<< "$PERF_LINE" \
        | awk '{printf "%.0f %.2f", $1, $2}')
}

# group_consume PORT TOPIC GROUP -> RESULT="rps mbs fetch_rps fetch_mbs rebalance_ms fetch_ms"
group_consume() {
    local port=$1 topic=$2 group=$3 out=$BROKER_DIR/consume-group.out
    tool "$out" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$HOST:$port" --topic "$topic" \
        --num-records "$RECORDS" --group "$group" \
        || die "ConsumerPerformance failed; see $out"
    # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
    # rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
    RESULT=$(tail -1 "$out" | awk -F', ' -v n="$RECORDS" '
        NF == 10 && $5 >= n {printf "%.0f %.2f %.0f %.2f %d %d", $6, $4, $10, $9, $7, $8; ok = 1}
        END {if (!ok) printf "FAIL"}')
    [[ $RESULT != FAIL ]] || die "ConsumerPerformance did not consume $RECORDS records; see $out"
}

# latency PORT TOPIC -> RESULT="p50 p99 p999 avg max ack_p50 ack_p99 join_ms"
latency() {
    local port=$1 topic=$2 out=$BROKER_DIR/latency.out line
    tool "$out" io.ferry.bench.EndToEndLatencyPerf "$HOST:$port" "$topic" "$LATENCY_RECORDS" "$RECORD_SIZE" \
        "$LATENCY_ACKS" "$LATENCY_WARMUP" \
        || die "EndToEndLatencyPerf failed; see $out"
    line=$(grep '^RESULT' "$out" || true)
    [[ -n $line ]] || die "EndToEndLatencyPerf printed no result; see $out"
    RESULT=$(sed -E 's/.*p50_ms=([0-9.]+) p99_ms=([0-9.]+) p999_ms=([0-9.]+) avg_ms=([0-9.]+) max_ms=([0-9.]+) ack_p50_ms=([0-9.]+) ack_p99_ms=([0-9.]+) join_ms=([0-9]+).*/\1 \2 \3 \4 \5 \6 \7 \8/' <<< "$line")
}

# reference_latency PORT TOPIC -> RESULT="avg p50 p99 p999" (Kafka's EndToEndLatency; "- - - -" if it fails)
reference_latency() {
    local port=$1 topic=$2 out=$BROKER_DIR/latency-kafka-tool.out avg pct
    RESULT="- - - -"
    tool "$out" org.apache.kafka.tools.EndToEndLatency --bootstrap-server "$HOST:$port" --topic "$topic" \
        --num-records "$LATENCY_RECORDS" --producer-acks "$LATENCY_ACKS" --record-size "$RECORD_SIZE" \
        || { log "EndToEndLatency failed; see $out"; return 0; }
    # "Avg latency: 1.2345 ms" / "Percentiles: 50th = 1, 99th = 2, 99.9th = 5"
    avg=$(sed -n -E 's/^Avg latency: ([0-9.]+) ms.*/\1/p' "$out" | tail -1)
    pct=$(sed -n -E 's/^Percentiles: 50th = ([0-9]+), 99th = ([0-9]+), 99.9th = ([0-9]+).*/\1 \2 \3/p' "$out" | tail -1)
    [[ -n $avg && -n $pct ]] && RESULT="$(awk -v a="$avg" 'BEGIN {printf "%.3f", a}') $pct"
    return 0
}

# bench_broker NAME RUN: one complete run against one broker -> work/group-results-NAME-runRUN.txt
bench_broker() {
    local name=$1 run=$2 port
    port=$(broker_port "$name")
    run_begin "$name" "$run" "$WORK/group-$name/run$run"   # idle wait, prepare, timed start-up
    put latency_records "$LATENCY_RECORDS"

    create_topic "$port" group-bench
    create_topic "$port" e2e-latency
    $REFERENCE && create_topic "$port" e2e-latency-kafka-tool

    local rps mbs frps fmbs rebalance fetch_ms
    log "$name: filling the topic: $RECORDS records, acks=1"
    fill "$port" group-bench
    read -r rps mbs <<< "$RESULT"
    log "$name: fill $rps records/s, $mbs MB/s"
    put fill_rps "$rps"; put fill_mbs "$mbs"

    log "$name: consuming $RECORDS records with ConsumerPerformance --group"
    group_consume "$port" group-bench "group-bench-$name-$run"
    read -r rps mbs frps fmbs rebalance fetch_ms <<< "$RESULT"
    log "$name: group consume $rps records/s, $mbs MB/s (fetch only: $frps records/s, $fmbs MB/s; join $rebalance ms)"
    put group_rps "$rps"; put group_mbs "$mbs"; put group_fetch_rps "$frps"; put group_fetch_mbs "$fmbs"
    put group_rebalance_ms "$rebalance"; put group_fetch_ms "$fetch_ms"

    local p50 p99 p999 avg max ack50 ack99 join
    log "$name: end-to-end latency, $LATENCY_RECORDS records (+ $LATENCY_WARMUP warm-up), acks=$LATENCY_ACKS, consumer group"
    latency "$port" e2e-latency
    read -r p50 p99 p999 avg max ack50 ack99 join <<< "$RESULT"
    log "$name: latency p50 $p50 ms, p99 $p99 ms, p99.9 $p999 ms, max $max ms (acknowledged: p50 $ack50 ms, p99 $ack99 ms)"
    put e2e_p50_ms "$p50"; put e2e_p99_ms "$p99"; put e2e_p999_ms "$p999"; put e2e_avg_ms "$avg"; put e2e_max_ms "$max"
    put e2e_ack_p50_ms "$ack50"; put e2e_ack_p99_ms "$ack99"; put e2e_join_ms "$join"

    if $REFERENCE; then
        log "$name: Kafka's EndToEndLatency, $LATENCY_RECORDS records, acks=$LATENCY_ACKS (assign, no group)"
        reference_latency "$port" e2e-latency-kafka-tool
        read -r avg p50 p99 p999 <<< "$RESULT"
        log "$name: EndToEndLatency avg $avg ms, p50 $p50 ms, p99 $p99 ms, p99.9 $p999 ms (whole ms, truncated)"
        if [[ $avg != - ]]; then
            put ref_avg_ms "$avg"; put ref_p50_ms "$p50"; put ref_p99_ms "$p99"; put ref_p999_ms "$p999"
        fi
    fi

    run_end "$name"   # memory, interference, stop
}

report() {
    echo "Consumer-group benchmark: Apache Kafka 4.3.1 vs Ferry"
    report_machine
    echo "  $RECORDS records x $RECORD_SIZE bytes, $PARTITIONS partitions, RF 1, 127.0.0.1; filled by ProducerPerformance acks=1;"
    echo "  group consume: ConsumerPerformance --group (total includes the join; fetch only excludes it);"
    echo "  latency: io.ferry.bench.EndToEndLatencyPerf, $LATENCY_RECORDS records (+ $LATENCY_WARMUP warm-up) one at a time,"
    echo "  acks=$LATENCY_ACKS, consumer group, send -> receive; reference: Kafka's EndToEndLatency (assign, whole ms)"
    report_brokers
    echo
    report_rows <<'EOF'
startup_ms|start-up (ms)|
fill_rps|fill, produce acks=1 (records/s)|
group_rps|group consume, total (records/s)|>= 1.00x
group_mbs|group consume, total (MB/s)|>= 1.00x
group_fetch_rps|group consume, fetch only (records/s)|>= 1.00x
group_fetch_mbs|group consume, fetch only (MB/s)|>= 1.00x
group_rebalance_ms|  group join, rebalance.time.ms|
group_fetch_ms|  fetch.time.ms|
e2e_p50_ms|end-to-end latency p50 (ms)|
e2e_p99_ms|end-to-end latency p99 (ms)|<= 1.00x (no worse)
e2e_p999_ms|end-to-end latency p99.9 (ms)|
e2e_avg_ms|end-to-end latency avg (ms)|
e2e_max_ms|end-to-end latency max (ms)|
e2e_ack_p50_ms|  acknowledged after, p50 (ms)|
e2e_ack_p99_ms|  acknowledged after, p99 (ms)|
e2e_join_ms|  group join of the latency consumer (ms)|
ref_avg_ms|EndToEndLatency avg (ms)|
ref_p50_ms|EndToEndLatency p50 (whole ms)|
ref_p99_ms|EndToEndLatency p99 (whole ms)|
ref_p999_ms|EndToEndLatency p99.9 (whole ms)|
rss_mib|RSS after the run (MiB)|
peak_rss_mib|peak RSS (MiB)|
EOF
    report_footer
}

main() {
    local b
    for b in "${BROKERS[@]}"; do "${b}_preflight"; done   # may build Ferry once, before anything is timed
    build_harness

    for b in "${BROKERS[@]}"; do
        rm -rf "$WORK/$RESULTS_PREFIX-$b.txt" "$WORK/$RESULTS_PREFIX-$b"-run*.txt "$WORK/discarded-$RESULTS_PREFIX-$b"-run*.txt \
            "${WORK:?}/group-$b"
    done
    local run
    for ((run = 1; run <= RUNS; run++)); do
        for b in "${BROKERS[@]}"; do bench_broker_retrying "$b" "$run"; done
    done
    for b in "${BROKERS[@]}"; do aggregate "$b"; done
    report | tee "$RESULTS"
    log "results written to $RESULTS"
}

main
