#!/usr/bin/env bash
# Broker benchmark: Apache Kafka 4.3.1 (the baseline) vs Ferry, side by side in one run.
#
# For each broker, in turn (never both at once), on 127.0.0.1 only, with a fresh data dir:
#   start-up time   launch -> the broker answers ApiVersions + a Metadata request listing a broker
#   produce         ProducerPerformance, N records of 100 bytes, 3 partitions, acks=1 and acks=all
#   consume         the N records of the acks=1 topic, assign()-based (see src/.../AssignConsumerPerf)
#   resident memory VmRSS of the broker (whole process tree) after that load, and its peak (VmHWM)
# then prints Kafka, Ferry and Ferry/Kafka for each figure, also into bench/work/broker-results.txt.
#
# With --runs N the brokers take turns N times (kafka, ferry, kafka, ferry, ...) and each figure is
# the median of the N runs: on this small, shared machine single runs vary by tens of percent.
#
# Usage: bench/broker-bench.sh [--records N] [--runs N] [--only kafka|ferry] [--group-consumer]
#                              [--retry-disturbed N] [--keep-data]
#   --records N          records per produce run (default 3000000); small N for a quick check
#   --runs N             repeat and take medians (default 1)
#   --only B             run only kafka or only ferry; the other column comes from its last run, if any
#   --group-consumer     also run Kafka's ConsumerPerformance (needs consumer-group support)
#   --retry-disturbed N  do a run again, up to N times, if other processes took >= 5% of the CPUs during it
#   --keep-data          keep the brokers' data dirs under bench/work/
# See bench/README.md and docs/benchmarks.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Ports, JVM flags, how each broker is prepared/started/stopped, the idle wait and interference figures,
# medians: shared with group-bench.sh. Edit ferry_start_command there when bin/ferry's command line changes.
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
RESULTS="$WORK/broker-results.txt"
RESULTS_PREFIX=results   # per run: work/results-BROKER-runN.txt; medians: work/results-BROKER.txt

RECORDS=3000000
RUNS=1
RECORD_SIZE=100
PARTITIONS=3
BROKERS=(kafka ferry)
OTHER=""
GROUP_CONSUMER=false
KEEP_DATA=false

while [[ $# -gt 0 ]]; do
    case $1 in
        --group-consumer) GROUP_CONSUMER=true; shift ;;
        *)
            common_option "$@"
            ((OPTION_ARGS > 0)) || { echo "unknown option: $1" >&2; usage 2; }
            shift "$OPTION_ARGS" 2>/dev/null || shift $# ;;
    esac
done
check_common_options

# The step functions below set RESULT to their figures, separated by spaces.

# produce PORT TOPIC ACKS -> RESULT="records_per_sec mb_per_sec avg_latency_ms"
produce() {
    local port=$1 topic=$2 acks=$3
    producer_perf "$BROKER_DIR/produce-acks$3.out" "$port" "$topic" "$acks"
    RESULT=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency.*/\1 \2 \3/' \
        <<< "$PERF_LINE" | awk '{printf "%.0f %.2f %.1f", $1, $2, $3}')
}

# consume PORT TOPIC -> RESULT="records_per_sec mb_per_sec"
consume() {
    local port=$1 topic=$2 out=$BROKER_DIR/consume.out line
    tool "$out" io.ferry.bench.AssignConsumerPerf "$HOST:$port" "$topic" "$RECORDS" \
        || die "AssignConsumerPerf failed; see $out"
    # "RESULT records=N bytes=N seconds=S mb_per_sec=X records_per_sec=Y"
    line=$(grep '^RESULT' "$out" || true)
    [[ -n $line ]] || die "AssignConsumerPerf printed no result; see $out"
    RESULT=$(sed -E 's/.*mb_per_sec=([0-9.]+) records_per_sec=([0-9.]+).*/\2 \1/' <<< "$line" \
        | awk '{printf "%.0f %.2f", $1, $2}')
}

# Kafka's own ConsumerPerformance (subscribe, i.e. a consumer group): optional, "- -" if it fails.
# consume_group PORT TOPIC -> RESULT="records_per_sec mb_per_sec"
consume_group() {
    local port=$1 topic=$2 out=$BROKER_DIR/consume-group.out
    RESULT="- -"
    tool "$out" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$HOST:$port" --topic "$topic" \
        --num-records "$RECORDS" --group "perf-$RANDOM" \
        || { log "ConsumerPerformance failed; see $out"; return 0; }
    # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
    RESULT=$(tail -1 "$out" | awk -F', ' -v n="$RECORDS" '
        $5 == n {printf "%.0f %.2f", $6, $4; ok = 1} END {if (!ok) printf "- -"}')
}

# bench_broker NAME RUN: one complete run against one broker -> work/results-NAME-runRUN.txt
bench_broker() {
    local name=$1 run=$2 port
    port=$(broker_port "$name")
    run_begin "$name" "$run" "$WORK/$name/run$run"   # idle wait, prepare, timed start-up

    create_topic "$port" bench-acks1
    create_topic "$port" bench-acksall

    local rps mbs lat
    log "$name: producing $RECORDS records, acks=1"
    produce "$port" bench-acks1 1
    read -r rps mbs lat <<< "$RESULT"
    log "$name: acks=1   $rps records/s, $mbs MB/s, $lat ms avg latency"
    put produce_acks1_rps "$rps"; put produce_acks1_mbs "$mbs"; put produce_acks1_latency_ms "$lat"

    log "$name: producing $RECORDS records, acks=all"
    produce "$port" bench-acksall all
    read -r rps mbs lat <<< "$RESULT"
    log "$name: acks=all $rps records/s, $mbs MB/s, $lat ms avg latency"
    put produce_acksall_rps "$rps"; put produce_acksall_mbs "$mbs"; put produce_acksall_latency_ms "$lat"

    log "$name: consuming $RECORDS records (assign, no group)"
    consume "$port" bench-acks1
    read -r rps mbs <<< "$RESULT"
    log "$name: consume  $rps records/s, $mbs MB/s"
    put consume_rps "$rps"; put consume_mbs "$mbs"

    if $GROUP_CONSUMER; then
        log "$name: consuming $RECORDS records with ConsumerPerformance (consumer group)"
        consume_group "$port" bench-acks1
        read -r rps mbs <<< "$RESULT"
        log "$name: group consume $rps records/s, $mbs MB/s"
        put group_consume_rps "$rps"; put group_consume_mbs "$mbs"
    fi

    run_end "$name"   # memory, interference, stop
}

report() {
    echo "Broker benchmark: Apache Kafka 4.3.1 vs Ferry"
    report_machine
    echo "  $RECORDS records x $RECORD_SIZE bytes, $PARTITIONS partitions, RF 1, 127.0.0.1; producer: ProducerPerformance"
    echo "  --throughput -1 (default producer settings); consumer: io.ferry.bench.AssignConsumerPerf (assign, no group)"
    report_brokers
    echo
    report_rows <<'EOF'
startup_ms|start-up (ms)|< 1000 ms
prepare_ms|  + one-time prepare (ms)|
produce_acks1_rps|produce acks=1 (records/s)|>= 1.00x
produce_acks1_mbs|produce acks=1 (MB/s)|>= 1.00x
produce_acksall_rps|produce acks=all (records/s)|>= 1.00x
produce_acksall_mbs|produce acks=all (MB/s)|>= 1.00x
consume_rps|consume (records/s)|>= 1.00x
consume_mbs|consume (MB/s)|>= 1.00x
group_consume_rps|group consume (records/s)|>= 1.00x
group_consume_mbs|group consume (MB/s)|>= 1.00x
rss_mib|RSS after load (MiB)|< 0.50x
rss_anon_mib|  of which anonymous (MiB)|
rss_file_mib|  of which file-backed (MiB)|
peak_rss_mib|peak RSS (MiB)|
produce_acks1_latency_ms|produce acks=1 avg latency (ms)|
produce_acksall_latency_ms|produce acks=all avg latency (ms)|
EOF
    report_footer
}

main() {
    local b
    for b in "${BROKERS[@]}"; do "${b}_preflight"; done   # may build Ferry once, before anything is timed
    build_harness

    for b in "${BROKERS[@]}"; do
        rm -rf "$WORK/results-$b.txt" "$WORK/results-$b"-run*.txt "$WORK/discarded-results-$b"-run*.txt "${WORK:?}/$b"
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
