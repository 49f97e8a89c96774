#!/usr/bin/env bash
# Cluster benchmark: three Ferry brokers on one ZooKeeper vs three Apache Kafka 4.3.1 brokers in KRaft mode
# (combined broker + controller nodes, a 3-voter quorum), replication factor 3, min.insync.replicas 2.
#
# For each cluster, in turn (never both at once: 2 cores), on 127.0.0.1 only, with fresh data dirs under
# bench/work/cluster/:
#   start-up        launch of every node -> DescribeCluster lists 3 brokers (informative, no target)
#   produce         ProducerPerformance acks=all, N records of 100 bytes, to a topic of 3 partitions, RF 3,
#                   min.insync.replicas=2: records/s, MB/s, avg and p99 latency
#   consume         the N records, assign()-based (src/.../AssignConsumerPerf, as broker-bench.sh)
#   failover stall  FailoverStallPerf sends RATE records/s (acks=all, idempotent) to a fresh topic like the above;
#                   once it is steady the leader of partition 0 (full ISR) is killed with kill -9; the longest gap
#                   between consecutive acknowledgements of a partition, and whether every acknowledged record is
#                   read back afterwards
# then prints Kafka, Ferry and the ratios (Ferry/Kafka for throughput, Kafka/Ferry for the stall) with the
# targets, also into bench/work/cluster/cluster-results.txt.
#
# Usage: bench/cluster/cluster-bench.sh [--records N] [--runs N] [--only kafka|ferry] [--rate N]
#                                       [--failover-seconds N] [--retry-disturbed N] [--keep-data]
#   --records N            records of the produce/consume steps (default 1000000); small N for a quick check
#   --runs N               repeat (clusters taking turns) and take medians (default 1)
#   --only B               run only kafka or only ferry; the other column comes from its last run, if any
#   --rate N               records/s of the failover run (default 1000)
#   --failover-seconds N   length of the failover run (default 60; the kill comes ~12 s after it is steady)
#   --retry-disturbed N    do a run again, up to N times, if other processes took >= 5% of the CPUs during it
#   --keep-data            keep the nodes' data dirs
# Ports (must be free): Kafka brokers 19192-19194, controllers 19195-19197 (CLUSTER_KAFKA_PORT=19192);
# Ferry brokers 29192-29194 (CLUSTER_FERRY_PORT=29192), its ZooKeeper 29181 (CLUSTER_ZK_PORT).
# See bench/README.md and docs/benchmarks.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$BENCH_DIR/lib.sh"
CLUSTER_WORK="$WORK/cluster"
RESULTS="$CLUSTER_WORK/cluster-results.txt"
RESULTS_PREFIX=cluster/results   # per run: work/cluster/results-BROKER-runN.txt; medians: work/cluster/results-BROKER.txt
REPORT_LABEL_WIDTH=34

RECORDS=1000000
RUNS=1
RECORD_SIZE=100
PARTITIONS=3
REPLICATION_FACTOR=3
MIN_ISR=2
NODES=3
FAILOVER_RATE=1000
FAILOVER_SECONDS=60
STEADY_BEFORE_KILL_S=10
BROKERS=(kafka ferry)
OTHER=""
KEEP_DATA=false
CLUSTER_KAFKA_PORT=${CLUSTER_KAFKA_PORT:-19192}
CLUSTER_FERRY_PORT=${CLUSTER_FERRY_PORT:-29192}
CLUSTER_ZK_PORT=${CLUSTER_ZK_PORT:-29181}

while [[ $# -gt 0 ]]; do
    case $1 in
        --rate) FAILOVER_RATE=${2:-}; shift 2 2>/dev/null || shift $# ;;
        --failover-seconds) FAILOVER_SECONDS=${2:-}; shift 2 2>/dev/null || shift $# ;;
        *)
            common_option "$@"
            ((OPTION_ARGS > 0)) || { echo "unknown option: $1" >&2; usage 2; }
            shift "$OPTION_ARGS" 2>/dev/null || shift $# ;;
    esac
done
check_common_options
[[ $FAILOVER_RATE =~ ^[1-9][0-9]*$ && $FAILOVER_SECONDS =~ ^[1-9][0-9]*$ ]] \
    || { echo "--rate and --failover-seconds take a positive number" >&2; exit 2; }
((FAILOVER_SECONDS > STEADY_BEFORE_KILL_S + 10)) || { echo "--failover-seconds must be more than $((STEADY_BEFORE_KILL_S + 10))" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
# The nodes. NODE_PIDS[i] is node i's process (and process group: setsid); ZK_PID Ferry's ZooKeeper.
# ---------------------------------------------------------------------------------------------
NODE_PIDS=()
ZK_PID=""
FAILOVER_PID=""

node_port() { # NAME I -> the broker port of node I (1..3)
    case $1 in kafka) echo $((CLUSTER_KAFKA_PORT + $2 - 1)) ;; ferry) echo $((CLUSTER_FERRY_PORT + $2 - 1)) ;; esac
}
kafka_controller_port() { echo $((CLUSTER_KAFKA_PORT + NODES + $1 - 1)); }
bootstrap() { # NAME -> all three brokers
    local i out=""
    for ((i = 1; i <= NODES; i++)); do out+="${out:+,}$HOST:$(node_port "$1" "$i")"; done
    echo "$out"
}

# Ferry: config/server-N.properties (broker.id N, RF 3, min.insync.replicas 2, ...) from the copy in FERRY_HOME,
# moved to free ports, this run's data dir and our ZooKeeper.
ferry_node_command() {
    local i=$1 port=$2 data_dir=$3
    exec "$FERRY_HOME/bin/ferry" broker "$FERRY_HOME/config/server-$i.properties" \
        --override "listeners=PLAINTEXT://127.0.0.1:$port" \
        --override "advertised.listeners=PLAINTEXT://127.0.0.1:$port" \
        --override "log.dirs=$data_dir" \
        --override "zookeeper.connect=127.0.0.1:$CLUSTER_ZK_PORT" \
        --override "group.initial.rebalance.delay.ms=$GROUP_INITIAL_REBALANCE_DELAY_MS"
}
ferry_zookeeper_command() {
    local data_dir=$1
    exec "$FERRY_HOME/bin/ferry" zookeeper "$FERRY_HOME/config/zookeeper.properties" \
        --override "dataDir=$data_dir" --override "clientPort=$CLUSTER_ZK_PORT"
}

# Kafka: the single-node benchmark's start command (lib.sh: the tarball's JVM flags), with this node's config.
kafka_node_command() {
    local i=$1 port=$2 data_dir=$3
    kafka_start_command "$port" "$data_dir" "$BROKER_DIR/logs"
}

# Generated config of Kafka node I: the tarball's server.properties defaults, as lib.sh's single-node
# kafka_prepare, with a static 3-voter quorum and the replication settings of Ferry's config/server-N.properties.
kafka_node_prepare() {
    local i=$1 dir=$2 port cport voters="" j
    port=$(node_port kafka "$i")
    cport=$(kafka_controller_port "$i")
    for ((j = 1; j <= NODES; j++)); do voters+="${voters:+,}$j@127.0.0.1:$(kafka_controller_port "$j")"; done
    cat > "$dir/server.properties" <<CONF
# Generated by bench/cluster/cluster-bench.sh: node $i of 3, KRaft, combined broker + controller, static quorum;
# otherwise the defaults of the Kafka 4.3 tarball's config/server.properties, and the replication settings of
# Ferry's config/server-N.properties.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=$dir/data
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=3
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=$GROUP_INITIAL_REBALANCE_DELAY_MS
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
CONF
    java -cp "$KAFKA_CP" -Dlog4j2.configurationFile="$BENCH_DIR/config/tools-log4j2.properties" \
        kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$dir/server.properties" \
        > "$dir/logs/storage-format.out" 2>&1 \
        || die "kafka storage format of node $i failed; see $dir/logs/storage-format.out"
}

# launch NAME_COMMAND DIR ARGS...: runs it in its own session, output to DIR/broker.out; sets LAUNCHED_PID.
launch() {
    local cmd=$1 dir=$2
    shift 2
    BROKER_DIR=$dir setsid bash -c '"$@"' bash "$cmd" "$@" > "$dir/broker.out" 2>&1 < /dev/null &
    LAUNCHED_PID=$!
}

own_pids_update() { OWN_ROOT_PIDS="${NODE_PIDS[*]:-} $ZK_PID"; }

# stop_groups PGID...: SIGTERM to every group at once (a KRaft node waits for the quorum while it shuts down, so
# stopping them one by one takes long), then waits for them all; SIGKILL to those left after STOP_TIMEOUT_S.
stop_groups() {
    local pgid i left
    (($# > 0)) || return 0
    for pgid in "$@"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
    for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
        left=""
        for pgid in "$@"; do pgrep -g "$pgid" > /dev/null && left+=" $pgid"; done
        [[ -z $left ]] && break
        sleep 0.1
    done
    if [[ -n $left ]]; then
        log "process group(s)$left did not stop in ${STOP_TIMEOUT_S}s: SIGKILL"
        for pgid in $left; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
        sleep 0.5
    fi
    for pgid in "$@"; do wait "$pgid" 2>/dev/null || true; done
}

# The brokers first, then ZooKeeper.
stop_cluster() {
    stop_groups "${NODE_PIDS[@]}"
    NODE_PIDS=()
    [[ -n $ZK_PID ]] && stop_groups "$ZK_PID"
    ZK_PID=""
    own_pids_update
}

cluster_cleanup() {
    [[ -n $FAILOVER_PID ]] && kill "$FAILOVER_PID" 2>/dev/null || true
    cleanup   # lib.sh: probe, tool, single broker
    stop_cluster || true
}
trap cluster_cleanup EXIT

# start_cluster NAME DIR: prepares and starts the 3 nodes (and Ferry's ZooKeeper), waits until DescribeCluster
# lists 3 brokers; sets STARTUP_MS.
start_cluster() {
    local name=$1 dir=$2 i port t0 nodedir
    for ((i = 1; i <= NODES; i++)); do
        port_in_use "$(node_port "$name" "$i")" && die "port $(node_port "$name" "$i") on $HOST is already in use"
        [[ $name == kafka ]] && port_in_use "$(kafka_controller_port "$i")" && die "port $(kafka_controller_port "$i") is already in use"
    done
    if [[ $name == kafka ]]; then
        KAFKA_CLUSTER_ID=$(java -cp "$KAFKA_CP" -Dlog4j2.configurationFile="$BENCH_DIR/config/tools-log4j2.properties" \
            kafka.tools.StorageTool random-uuid)
        for ((i = 1; i <= NODES; i++)); do
            mkdir -p "$dir/node-$i/data" "$dir/node-$i/logs"
            kafka_node_prepare "$i" "$dir/node-$i"
        done
    else
        port_in_use "$CLUSTER_ZK_PORT" && die "ZooKeeper port $CLUSTER_ZK_PORT on $HOST is already in use"
        for ((i = 1; i <= NODES; i++)); do mkdir -p "$dir/node-$i/data" "$dir/node-$i/logs"; done
        mkdir -p "$dir/zookeeper/data"
    fi
    t0=$(date +%s%N)
    if [[ $name == ferry ]]; then
        launch ferry_zookeeper_command "$dir/zookeeper" "$dir/zookeeper/data"
        ZK_PID=$LAUNCHED_PID
        until port_in_use "$CLUSTER_ZK_PORT"; do
            kill -0 "$ZK_PID" 2>/dev/null || die "ZooKeeper exited during start-up; see $dir/zookeeper/broker.out"
            (( $(date +%s%N) - t0 < START_TIMEOUT_S * 1000000000 )) || die "ZooKeeper did not listen within ${START_TIMEOUT_S}s"
            sleep 0.05
        done
        put zookeeper_ready_ms $((($(date +%s%N) - t0) / 1000000))
    fi
    for ((i = 1; i <= NODES; i++)); do
        nodedir=$dir/node-$i
        launch "${name}_node_command" "$nodedir" "$i" "$(node_port "$name" "$i")" "$nodedir/data"
        NODE_PIDS[i]=$LAUNCHED_PID
    done
    own_pids_update
    tool "$dir/client.out" io.ferry.bench.ClusterAdmin "$(bootstrap "$name")" wait-brokers "$NODES" "$START_TIMEOUT_S" \
        || die "$name: the cluster did not list $NODES brokers within ${START_TIMEOUT_S}s; see $dir/client.out and $dir/node-*/"
    STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
    for ((i = 1; i <= NODES; i++)); do
        kill -0 "${NODE_PIDS[i]}" 2>/dev/null || die "$name node $i exited; see $dir/node-$i/"
    done
    log "$name: $(grep '^BROKERS' "$dir/client.out" | tail -1)"
}

# Kafka's ProducerPerformance summary -> RESULT="records_per_sec mb_per_sec avg_ms p99_ms max_ms"
produce() {
    local port=$1 topic=$2
    producer_perf "$BROKER_DIR/produce-acksall.out" "$port" "$topic" all
    RESULT=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency.*, ([0-9.]+) ms 99th,.*/\1 \2 \3 \5 \4/' \
        <<< "$PERF_LINE" | awk '{printf "%.0f %.2f %.1f %.0f %.0f", $1, $2, $3, $4, $5}')
}

consume() {
    local port=$1 topic=$2 out=$BROKER_DIR/consume.out line
    tool "$out" io.ferry.bench.AssignConsumerPerf "$(bootstrap "$3")" "$topic" "$RECORDS" \
        || die "AssignConsumerPerf failed; see $out"
    line=$(grep '^RESULT' "$out" || true)
    [[ -n $line ]] || die "AssignConsumerPerf printed no result; see $out"
    RESULT=$(sed -E 's/.*mb_per_sec=([0-9.]+) records_per_sec=([0-9.]+).*/\2 \1/' <<< "$line" \
        | awk '{printf "%.0f %.2f", $1, $2}')
}

# failover NAME DIR: FailoverStallPerf in the background; once steady (+STEADY_BEFORE_KILL_S), the leader of
# partition 0 (with a full ISR) gets kill -9. Its figures go to the results; problems are logged, not fatal.
failover() {
    local name=$1 dir=$2 port out=$2/failover.out killfile=$2/kill-time-ms leader i waited=0 line
    port=$(node_port "$name" 1)
    create_topic "$port" bench-failover "$REPLICATION_FACTOR" --config "min.insync.replicas=$MIN_ISR"
    tool "$dir/client.out" io.ferry.bench.ClusterAdmin "$(bootstrap "$name")" leader bench-failover 0 60 \
        || die "$name: bench-failover-0 has no leader with a full ISR; see $dir/client.out"
    log "$name: failover run: $FAILOVER_RATE records/s for ${FAILOVER_SECONDS}s, acks=all, idempotent"
    java $TOOL_JVM_OPTS -cp "$KAFKA_CP:$WORK/classes" io.ferry.bench.FailoverStallPerf "$(bootstrap "$name")" \
        bench-failover "$FAILOVER_RATE" "$FAILOVER_SECONDS" "$RECORD_SIZE" "$killfile" > "$out" 2>&1 < /dev/null &
    FAILOVER_PID=$!
    until grep -q '^STEADY' "$out" 2>/dev/null; do
        kill -0 "$FAILOVER_PID" 2>/dev/null || die "FailoverStallPerf exited before it was steady; see $out"
        ((waited++ < 600)) || die "FailoverStallPerf got no acknowledgement within 60 s; see $out"
        sleep 0.1
    done
    sleep "$STEADY_BEFORE_KILL_S"
    : > "$dir/leader.out"
    tool "$dir/leader.out" io.ferry.bench.ClusterAdmin "$(bootstrap "$name")" leader bench-failover 0 30 \
        || die "$name: bench-failover-0 lost its full ISR before the kill; see $dir/leader.out"
    line=$(grep '^LEADER' "$dir/leader.out" | tail -1)
    leader=$(awk '{print $2}' <<< "$line")
    [[ $leader =~ ^[1-3]$ ]] || die "$name: no leader in '$line'"
    kill -KILL -- "-${NODE_PIDS[leader]}"
    date +%s%3N > "$killfile"
    log "$name: killed node $leader (kill -9, pid ${NODE_PIDS[leader]}), the leader of bench-failover-0 ($line)"
    put failover_before "$line"
    put failover_killed_node "$leader"
    wait "${NODE_PIDS[leader]}" 2>/dev/null || true
    unset "NODE_PIDS[leader]"
    own_pids_update
    wait "$FAILOVER_PID" || log "WARNING: FailoverStallPerf exited with status $?; see $out"
    FAILOVER_PID=""
    line=$(grep '^RESULT' "$out" || true)
    if [[ -z $line ]]; then
        log "WARNING: FailoverStallPerf printed no result; see $out"
        put failover_result "none (see $out)"
        return 0
    fi
    log "$name: $line"
    local key
    for key in stall_ms p0_stall_ms all_stall_ms kill_to_p0_ack_ms acked failed lost duplicates read_complete late_sends; do
        put "failover_$key" "$(tr ' ' '\n' <<< "$line" | awk -F= -v k="$key" '$1 == k {print ($2 ~ /^[0-9]+\.[0-9]+$/ ? sprintf("%.0f", $2) : $2)}')"
    done
    : > "$dir/after.out"
    tool "$dir/after.out" io.ferry.bench.ClusterAdmin "$(bootstrap "$name")" describe bench-failover || true
    put failover_after "$(grep '^PARTITION 0' "$dir/after.out" | cut -d' ' -f3- || echo '?')"
}

# bench_broker NAME RUN: one complete run against one cluster -> work/cluster/results-NAME-runRUN.txt
bench_broker() {
    local name=$1 run=$2 port dir=$CLUSTER_WORK/$1/run$2
    BROKER_RESULTS=$WORK/$RESULTS_PREFIX-$name-run$run.txt
    rm -rf "$dir"
    mkdir -p "$dir"
    BROKER_DIR=$dir
    : > "$BROKER_RESULTS"
    wait_idle_cpus "$name"
    log "$name: run $run of $RUNS, starting a 3-node cluster"
    start_cluster "$name" "$dir"
    log "$name: 3 brokers listed after $STARTUP_MS ms"
    put date "$(date -u +%FT%TZ)"
    put records "$RECORDS"
    put startup_ms "$STARTUP_MS"
    BROKER_PID=${NODE_PIDS[1]}
    put jvm_flags "$(broker_jvm_flags)"
    BROKER_PID=""
    put build "$("${name}_build_info")"
    port=$(node_port "$name" 1)

    create_topic "$port" bench-acksall "$REPLICATION_FACTOR" --config "min.insync.replicas=$MIN_ISR"
    local rps mbs lat p99 max
    log "$name: producing $RECORDS records, acks=all, RF $REPLICATION_FACTOR"
    produce "$port" bench-acksall
    read -r rps mbs lat p99 max <<< "$RESULT"
    log "$name: acks=all $rps records/s, $mbs MB/s, $lat ms avg, $p99 ms p99, $max ms max latency"
    put produce_acksall_rps "$rps"; put produce_acksall_mbs "$mbs"
    put produce_acksall_latency_ms "$lat"; put produce_acksall_p99_ms "$p99"; put produce_acksall_max_ms "$max"

    log "$name: consuming $RECORDS records (assign, no group)"
    consume "$port" bench-acksall "$name"
    read -r rps mbs <<< "$RESULT"
    log "$name: consume $rps records/s, $mbs MB/s"
    put consume_rps "$rps"; put consume_mbs "$mbs"
    # shellcheck disable=SC2068
    put rss_mib "$(tree_memory_mib VmRSS ${NODE_PIDS[@]} $ZK_PID)"

    failover "$name" "$dir"

    put_others_cpu "$name"
    # Warnings and errors the nodes logged (Ferry logs to broker.out, Kafka to logs/server.log).
    local f n=0
    for f in "$dir"/node-*/broker.out "$dir"/node-*/logs/server.log "$dir"/zookeeper/broker.out; do
        [[ -f $f ]] && n=$((n + $(grep -cE '(^|[ \[])(ERROR|WARN)([] ]|$)' "$f" || true)))
    done
    put log_warn_error_lines "$n"
    log "$name: stopping the cluster ($n WARN/ERROR lines in the nodes' logs)"
    stop_cluster
    $KEEP_DATA || rm -rf "$dir"/node-*/data "$dir"/zookeeper/data
}

ratio_inv() { # ratio KAFKA FERRY the other way round: Kafka/Ferry
    [[ $1 == - || $2 == - ]] && { echo -; return; }
    awk -v k="$1" -v f="$2" 'BEGIN { if (f + 0 == 0) print "-"; else printf "%.2fx", k / f }'
}

report() {
    echo "Cluster benchmark: 3 Apache Kafka 4.3.1 brokers (KRaft, combined nodes, 3 voters) vs 3 Ferry brokers + ZooKeeper"
    report_machine
    echo "  topics: $PARTITIONS partitions, RF $REPLICATION_FACTOR, min.insync.replicas=$MIN_ISR; 127.0.0.1"
    echo "  produce: ProducerPerformance --num-records $RECORDS --record-size $RECORD_SIZE --throughput -1 acks=all;"
    echo "  consume: AssignConsumerPerf; failover: FailoverStallPerf $FAILOVER_RATE records/s for ${FAILOVER_SECONDS}s,"
    echo "  kill -9 of partition 0's leader ${STEADY_BEFORE_KILL_S}s after it is steady"
    report_brokers
    echo
    report_rows <<'ROWS'
startup_ms|cluster start-up (ms)|
produce_acksall_rps|produce acks=all (records/s)|>= 1.50x
produce_acksall_mbs|produce acks=all (MB/s)|>= 1.50x
produce_acksall_latency_ms|  avg latency (ms)|
produce_acksall_p99_ms|  p99 latency (ms)|
consume_rps|consume (records/s)|
consume_mbs|consume (MB/s)|
rss_mib|RSS of all nodes (MiB)|
ROWS
    local row=" %-${REPORT_LABEL_WIDTH:-34}s %14s %14s %12s   %s\n" key label k f
    echo
    printf "$row" "failover (kill -9 of p0's leader)" Kafka Ferry Kafka/Ferry target
    printf "$row" ------ ----- ----- ----------- ------
    while IFS='|' read -r key label; do
        k=$(value kafka "$key"); f=$(value ferry "$key")
        [[ $k == - && $f == - ]] && continue
        if [[ $key == failover_stall_ms ]]; then
            printf "$row" "$label" "$k" "$f" "$(ratio_inv "$k" "$f")" ">= 2.00x (Ferry <= half)"
        else
            printf "$row" "$label" "$k" "$f" "" ""
        fi
    done <<'ROWS'
failover_stall_ms|failover stall (ms)
failover_p0_stall_ms|  on partition 0 (ms)
failover_all_stall_ms|  all partitions together (ms)
failover_kill_to_p0_ack_ms|  kill -> p0's next ack (ms)
failover_acked|  acknowledged records
failover_failed|  failed sends
failover_lost|  acknowledged, not read back
failover_duplicates|  read twice
failover_read_complete|  read back to the end
failover_late_sends|  sends > 100 ms late
failover_killed_node|  killed node
log_warn_error_lines|WARN/ERROR lines in node logs
ROWS
    echo
    local b
    for b in kafka ferry; do
        [[ $(value "$b" failover_before) == - ]] && continue
        echo "  $b partition 0 before the kill: $(value "$b" failover_before); after: $(value "$b" failover_after)"
    done
    report_footer
}

main() {
    local b
    for b in "${BROKERS[@]}"; do "${b}_preflight"; done
    build_harness
    export CLUSTER_ZK_PORT
    export -f ferry_node_command ferry_zookeeper_command kafka_node_command
    mkdir -p "$CLUSTER_WORK" "$WORK/discarded-cluster"
    for b in "${BROKERS[@]}"; do
        rm -rf "$CLUSTER_WORK/results-$b.txt" "$CLUSTER_WORK/results-$b"-run*.txt \
            "$WORK/discarded-cluster/results-$b"-run*.txt "${CLUSTER_WORK:?}/$b"
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
