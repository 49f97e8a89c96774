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
# Usage: bench/broker-bench.sh [--records N] [--runs N] [--only kafka|ferry] [--group-consumer] [--keep-data]
#   --records N       records per produce run (default 3000000); small N for a quick check
#   --runs N          repeat and take medians (default 1)
#   --only B          run only kafka or only ferry; the other column comes from its last run, if any
#   --group-consumer  also run Kafka's ConsumerPerformance (needs consumer-group support)
#   --keep-data       keep the brokers' data dirs under bench/work/
# See bench/README.md and docs/benchmarks.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WORK="$BENCH_DIR/work"
RESULTS="$WORK/broker-results.txt"

RECORDS=3000000
RUNS=1
RECORD_SIZE=100
PARTITIONS=3
BROKERS=(kafka ferry)
OTHER=""
GROUP_CONSUMER=false
KEEP_DATA=false
START_TIMEOUT_S=${START_TIMEOUT_S:-60}   # a broker not ready by then fails the run
STOP_TIMEOUT_S=30
IDLE_BUSY_PCT=${IDLE_BUSY_PCT:-10}   # before each broker run, wait for the CPUs to be less busy than this,
IDLE_WAIT_S=${IDLE_WAIT_S:-300}      # but no longer than this
HOST=127.0.0.1
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
FERRY_PORT=${FERRY_PORT:-29092}

# Kafka's JVM flags, exactly as bin/kafka-server-start.sh + bin/kafka-run-class.sh of the tarball set them.
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:-"-Xmx1G -Xms1G"}
KAFKA_JVM_PERFORMANCE_OPTS=${KAFKA_JVM_PERFORMANCE_OPTS:-"-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"}
KAFKA_JMX_OPTS=${KAFKA_JMX_OPTS:-"-Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"}
# The client tools' JVM flags (bin/kafka-producer-perf-test.sh sets -Xmx512M), the same for both brokers.
TOOL_JVM_OPTS="-Xmx512M $KAFKA_JVM_PERFORMANCE_OPTS -Dlog4j2.configurationFile=$BENCH_DIR/config/tools-log4j2.properties"

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit "${1:-0}"
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --records) RECORDS=${2:-}; shift; shift || true ;;
        --runs) RUNS=${2:-}; shift; shift || true ;;
        --only)
            case ${2:-} in kafka) OTHER=ferry ;; ferry) OTHER=kafka ;; *) usage 2 ;; esac
            BROKERS=("$2"); shift 2 ;;
        --group-consumer) GROUP_CONSUMER=true; shift ;;
        --keep-data) KEEP_DATA=true; shift ;;
        -h|--help) usage 0 ;;
        *) echo "unknown option: $1" >&2; usage 2 ;;
    esac
done

[[ $RECORDS =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "--records and --runs take a positive number" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
# How each broker is started. Each function is run in its own session (setsid) with stdout/stderr
# to BROKER_DIR/broker.out; it should `exec` the broker so that its PID is the broker's.
# Arguments: PORT DATA_DIR LOG_DIR. Must stay on 127.0.0.1.
# ---------------------------------------------------------------------------------------------

# Edit this when bin/ferry's command line changes. Ferry uses its launcher's own JVM defaults.
ferry_start_command() {
    local port=$1 data_dir=$2
    exec "$ROOT/bin/ferry" broker "$ROOT/config/server.properties" \
        --override "listeners=PLAINTEXT://127.0.0.1:$port" \
        --override "log.dirs=$data_dir" \
        --override node.id=1
}

# Apache Kafka 4.3.1 as `bin/kafka-server-start.sh config/server.properties` would run it.
kafka_start_command() {
    local log_dir=$3
    exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS \
        "-Xlog:gc*:file=$log_dir/kafkaServer-gc.log:time,tags:filecount=10,filesize=100M" \
        $KAFKA_JMX_OPTS "-Dkafka.logs.dir=$log_dir" \
        "-Dlog4j2.configurationFile=$BENCH_DIR/config/kafka-log4j2.properties" \
        -cp "$KAFKA_CP" kafka.Kafka "$BROKER_DIR/server.properties"
}

# One-time preparation before the timed start (not counted in start-up time).
kafka_prepare() {
    local port=$1 data_dir=$2 log_dir=$3
    port_in_use "$KAFKA_CONTROLLER_PORT" && die "controller port $KAFKA_CONTROLLER_PORT on $HOST is already in use"
    cat > "$BROKER_DIR/server.properties" <<EOF
# Generated by bench/broker-bench.sh: single-node KRaft (combined broker + controller),
# otherwise the defaults of the Kafka 4.3 tarball's config/server.properties.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=$data_dir
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
EOF
    local cluster_id
    cluster_id=$(java -cp "$KAFKA_CP" -Dlog4j2.configurationFile="$BENCH_DIR/config/tools-log4j2.properties" \
        kafka.tools.StorageTool random-uuid)
    java -cp "$KAFKA_CP" -Dlog4j2.configurationFile="$BENCH_DIR/config/tools-log4j2.properties" \
        kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$BROKER_DIR/server.properties" \
        > "$log_dir/storage-format.out" 2>&1 \
        || die "kafka storage format failed; see $log_dir/storage-format.out"
}

# Ferry needs no storage format; anything it ever needs before start-up goes here (not timed either).
ferry_prepare() { :; }

# Checked before anything runs, so that a full run does not fail after the Kafka half.
ferry_preflight() {
    [[ -x "$ROOT/bin/ferry" ]] || die "$ROOT/bin/ferry not found or not executable (or use --only kafka)"
    # bin/ferry builds the project on first use: that must not happen inside the timed start-up.
    compgen -G "$ROOT/broker/target/ferry-*.jar" > /dev/null && [[ -d $ROOT/broker/target/lib ]] \
        || die "Ferry is not built; build it first: (cd $ROOT && mvn -q -B -DskipTests package)"
}
kafka_preflight() { :; }

# ---------------------------------------------------------------------------------------------

put() { echo "$1=$2" >> "$BROKER_RESULTS"; }
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'broker-bench: ERROR: %s\n' "$*" >&2; exit 1; }

BROKER_PID=""   # also its process group id (it runs under setsid)
PROBE_PID=""
TOOL_PID=""
cleanup() {
    [[ -n $PROBE_PID ]] && kill "$PROBE_PID" 2>/dev/null || true
    [[ -n $TOOL_PID ]] && kill "$TOOL_PID" 2>/dev/null || true
    [[ -n $BROKER_PID ]] && stop_broker || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PID and all its descendants.
process_tree() {
    local pid=$1 child
    echo "$pid"
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do process_tree "$child"; done
}

# Sum of a /proc/PID/status field (kB) over the broker's process tree, printed in MiB.
tree_memory_mib() {
    local field=$1 total=0 pid kb
    for pid in $(process_tree "$BROKER_PID"); do
        kb=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        total=$((total + ${kb:-0}))
    done
    echo $((total / 1024))
}

# The JVM flags (-X..., -XX:...) of the java process in the broker's tree, to record what was used.
broker_jvm_flags() {
    local pid
    for pid in $(process_tree "$BROKER_PID"); do
        if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]]; then
            tr '\0' '\n' < "/proc/$pid/cmdline" | grep -E '^-X' | grep -v '^-Xlog' | tr '\n' ' '
            return
        fi
    done
    echo "(no java process found)"
}

# Percentage of CPU time not idle over one second, all CPUs together.
cpu_busy_pct() {
    local a b
    a=$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat)
    sleep 1
    b=$(awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6}' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
        t = y[1] - x[1]; printf "%d", (t > 0 ? 100 * (t - (y[2] - x[2])) / t : 0) }'
}

# "busy total" CPU ticks of the whole machine since boot (busy includes steal, i.e. other VMs).
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

# CPU ticks used so far by process PID and its reaped children (utime stime cutime cstime).
process_ticks() {
    local s
    s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    s=${s##*) }          # drop "pid (comm) "; utime stime cutime cstime are then fields 12..15
    set -- $s
    echo $(( ${12} + ${13} + ${14} + ${15} ))
}

# CPU ticks used so far by this script, its finished tools, and the running broker's processes.
own_ticks() {
    local total pid
    total=$(process_ticks $$)
    if [[ -n $BROKER_PID ]]; then
        for pid in $(process_tree "$BROKER_PID"); do total=$((total + $(process_ticks "$pid"))); done
    fi
    echo "$total"
}

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# start_broker NAME PORT: launches NAME_start_command, sets BROKER_PID and STARTUP_MS.
start_broker() {
    local name=$1 port=$2 data_dir=$BROKER_DIR/data log_dir=$BROKER_DIR/logs
    local probe_out=$BROKER_DIR/probe.out
    port_in_use "$port" && die "port $port on $HOST is already in use; stop whatever listens there"

    # The probe's JVM starts first, so its start-up is not counted; it polls every 10 ms.
    java -cp "$WORK/classes" io.ferry.bench.BrokerReady "$HOST" "$port" $((START_TIMEOUT_S * 1000)) \
        > "$probe_out" 2>&1 &
    PROBE_PID=$!
    until grep -q '^PROBING' "$probe_out" 2>/dev/null; do
        kill -0 "$PROBE_PID" 2>/dev/null || die "start-up probe failed: $(cat "$probe_out")"
        sleep 0.01
    done

    local t0
    t0=$(date +%s%N)
    setsid bash -c '"$@"' bash "${name}_start_command" "$port" "$data_dir" "$log_dir" \
        > "$BROKER_DIR/broker.out" 2>&1 < /dev/null &
    BROKER_PID=$!

    while kill -0 "$PROBE_PID" 2>/dev/null; do
        if ! kill -0 "$BROKER_PID" 2>/dev/null; then
            die "$name exited during start-up; see $BROKER_DIR/broker.out and $log_dir/"
        fi
        sleep 0.02
    done
    wait "$PROBE_PID" || die "$name did not start within ${START_TIMEOUT_S}s ($(tail -1 "$probe_out")); see $BROKER_DIR/broker.out and $log_dir/"
    PROBE_PID=""
    local ready
    ready=$(awk '$1 == "READY" {print $2}' "$probe_out")
    STARTUP_MS=$(( (ready - t0) / 1000000 ))
}

# SIGTERM to the broker's process group (the launcher may be a script that forks the JVM), then
# wait until every process of the group is gone; SIGKILL after STOP_TIMEOUT_S.
stop_broker() {
    local pgid=$BROKER_PID i
    BROKER_PID=""
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT_S * 10; i++)); do
        pgrep -g "$pgid" > /dev/null || break
        sleep 0.1
    done
    if pgrep -g "$pgid" > /dev/null; then
        log "broker (process group $pgid) did not stop in ${STOP_TIMEOUT_S}s: SIGKILL"
        kill -KILL -- "-$pgid" 2>/dev/null || true
        sleep 0.5
    fi
    wait "$pgid" 2>/dev/null || true
}

# tool OUT_FILE CLASS ARGS...: runs a client tool, output to OUT_FILE. In the background + `wait`,
# so that Ctrl-C / SIGTERM reach our trap at once rather than after the tool finishes.
tool() {
    local out=$1
    shift
    java $TOOL_JVM_OPTS -cp "$KAFKA_CP:$WORK/classes" "$@" >> "$out" 2>&1 < /dev/null &
    TOOL_PID=$!
    local rc=0
    wait "$TOOL_PID" || rc=$?
    TOOL_PID=""
    return "$rc"
}

create_topic() {
    local port=$1 topic=$2
    tool "$BROKER_DIR/client.out" org.apache.kafka.tools.TopicCommand --bootstrap-server "$HOST:$port" \
        --create --topic "$topic" --partitions "$PARTITIONS" --replication-factor 1 \
        || die "creating topic $topic failed; see $BROKER_DIR/client.out"
}

# The step functions below set RESULT to their figures, separated by spaces.

# produce PORT TOPIC ACKS -> RESULT="records_per_sec mb_per_sec avg_latency_ms"
produce() {
    local port=$1 topic=$2 acks=$3 out=$BROKER_DIR/produce-acks$3.out line
    tool "$out" org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$RECORDS" \
        --record-size "$RECORD_SIZE" --throughput -1 --producer-props "bootstrap.servers=$HOST:$port" "acks=$acks" \
        || die "ProducerPerformance acks=$acks failed; see $out"
    # "3000000 records sent, 123.4 records/sec (1.23 MB/sec), 1.2 ms avg latency, ... ms 99.9th."
    line=$(grep 'ms 99.9th' "$out" | tail -1 || true)
    [[ $line == "$RECORDS records sent"* ]] || die "ProducerPerformance acks=$acks did not send $RECORDS records; see $out"
    RESULT=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec \(([0-9.]+) MB\/sec\), ([0-9.]+) ms avg latency.*/\1 \2 \3/' \
        <<< "$line" | awk '{printf "%.0f %.2f %.1f", $1, $2, $3}')
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
    case $name in kafka) port=$KAFKA_PORT ;; ferry) port=$FERRY_PORT ;; esac
    BROKER_DIR=$WORK/$name/run$run
    rm -rf "$BROKER_DIR"
    mkdir -p "$BROKER_DIR/data" "$BROKER_DIR/logs"
    BROKER_RESULTS=$WORK/results-$name-run$run.txt
    : > "$BROKER_RESULTS"

    # Other work on this 2-core machine skews every figure: wait a while for it to calm down,
    # record how busy the CPUs were, and warn if they still were.
    local busy waited=0
    busy=$(cpu_busy_pct)
    while ((busy >= IDLE_BUSY_PCT && waited < IDLE_WAIT_S)); do
        ((waited == 0)) && log "CPUs $busy% busy (other processes?); waiting up to ${IDLE_WAIT_S}s for them to calm down"
        sleep 4
        waited=$((waited + 5))
        busy=$(cpu_busy_pct)
    done
    put cpu_busy_before "$busy%"
    ((busy < IDLE_BUSY_PCT)) || log "WARNING: CPUs $busy% busy before the $name run; other processes will skew the figures"
    local machine0 own0
    machine0=$(machine_ticks)
    own0=$(own_ticks)
    log "$name: run $run of $RUNS, preparing"
    local t0
    t0=$(date +%s%N)
    "${name}_prepare" "$port" "$BROKER_DIR/data" "$BROKER_DIR/logs"
    put prepare_ms $((($(date +%s%N) - t0) / 1000000))
    log "$name: starting on $HOST:$port"
    start_broker "$name" "$port"
    log "$name: ready after $STARTUP_MS ms (pid $BROKER_PID)"
    put date "$(date -u +%FT%TZ)"
    put records "$RECORDS"
    put startup_ms "$STARTUP_MS"
    put jvm_flags "$(broker_jvm_flags)"

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

    put rss_mib "$(tree_memory_mib VmRSS)"
    put rss_anon_mib "$(tree_memory_mib RssAnon)"
    put rss_file_mib "$(tree_memory_mib RssFile)"
    put peak_rss_mib "$(tree_memory_mib VmHWM)"
    log "$name: resident memory $(tree_memory_mib VmRSS) MiB (peak $(tree_memory_mib VmHWM) MiB)"

    # CPU time that processes other than ours took while this run went on (their share of all CPUs).
    local machine1 own1 other
    machine1=$(machine_ticks)
    own1=$(own_ticks)
    other=$(awk -v a="$machine0" -v b="$machine1" -v o="$((own1 - own0))" 'BEGIN {
        split(a, x, " "); split(b, y, " "); t = y[2] - x[2]
        printf "%d", (t > 0 ? 100 * (y[1] - x[1] - o) / t : 0) }')
    ((other < 0)) && other=0
    put cpu_other_during "$other%"
    ((other < 5)) || log "WARNING: other processes took $other% of the CPUs during the $name run: its figures are skewed"

    log "$name: stopping"
    stop_broker
    $KEEP_DATA || rm -rf "$BROKER_DIR/data"
}

# aggregate NAME: work/results-NAME-run*.txt -> work/results-NAME.txt, numbers as medians.
aggregate() {
    local name=$1
    awk -F= -v runs="$RUNS" '
        { key = $1; val = substr($0, length(key) + 2)
          if (!(key in n)) order[++keys] = key
          v[key, ++n[key]] = val }
        END {
            print "runs=" runs
            for (i = 1; i <= keys; i++) {
                key = order[i]; c = n[key]
                if (key ~ /^cpu_/) {                         # all of them
                    s = v[key, 1]; for (j = 2; j <= c; j++) s = s " " v[key, j]; print key "=" s
                } else if (v[key, 1] ~ /^[0-9]+(\.[0-9]+)?$/) { # median
                    for (j = 1; j <= c; j++) x[j] = v[key, j] + 0
                    for (j = 2; j <= c; j++) for (m = j; m > 1 && x[m - 1] > x[m]; m--) { t = x[m]; x[m] = x[m - 1]; x[m - 1] = t }
                    med = c % 2 ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2
                    print key "=" (v[key, 1] ~ /\./ ? sprintf("%.2f", med) : sprintf("%.0f", med))
                } else print key "=" v[key, c]            # the last one
            }
        }' "$WORK/results-$name"-run*.txt > "$WORK/results-$name.txt"
}

# value BROKER KEY: from work/results-BROKER.txt, "-" if absent.
value() {
    local f=$WORK/results-$1.txt v=""
    [[ -f $f ]] && v=$(grep -m1 "^$2=" "$f" | cut -d= -f2- || true)
    echo "${v:--}"
}

ratio() {
    [[ $1 == - || $2 == - ]] && { echo -; return; }
    awk -v k="$1" -v f="$2" 'BEGIN { if (k + 0 == 0) print "-"; else printf "%.2fx", f / k }'
}

report() {
    local row=' %-30s %14s %14s %12s   %s\n' k f
    echo "Broker benchmark: Apache Kafka 4.3.1 vs Ferry"
    echo "  $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
    echo "  $RECORDS records x $RECORD_SIZE bytes, $PARTITIONS partitions, RF 1, 127.0.0.1; producer: ProducerPerformance"
    echo "  --throughput -1 (default producer settings); consumer: io.ferry.bench.AssignConsumerPerf (assign, no group)"
    for b in kafka ferry; do
        local when
        when=$(value "$b" date)
        [[ $when == - ]] && continue
        echo "  $b: measured $when, $(value "$b" records) records, median of $(value "$b" runs) run(s);" \
            "CPUs busy before each: $(value "$b" cpu_busy_before), taken by others during each: $(value "$b" cpu_other_during)"
        echo "    JVM flags: $(value "$b" jvm_flags)"
    done
    echo
    printf "$row" metric Kafka Ferry Ferry/Kafka target
    printf "$row" ------ ----- ----- ----------- ------
    while IFS='|' read -r key label target; do
        k=$(value kafka "$key")
        f=$(value ferry "$key")
        [[ $k == - && $f == - ]] && continue
        printf "$row" "$label" "$k" "$f" "$(ratio "$k" "$f")" "$target"
    done <<'EOF'
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
    if [[ $(value kafka records) != "$(value ferry records)" && $(value kafka records) != - && $(value ferry records) != - ]]; then
        echo
        echo "  WARNING: the two columns come from runs with different --records: the ratios mean little"
    fi
    if [[ ${#BROKERS[@]} -eq 1 && -f $WORK/results-$OTHER.txt ]]; then
        echo
        echo "  (--only ${BROKERS[0]}: the $OTHER column is from an earlier run, see its date above)"
    fi
}

main() {
    local b
    for b in "${BROKERS[@]}"; do "${b}_preflight"; done
    mkdir -p "$WORK"
    log "building the harness (mvn -f bench/pom.xml package)"
    mvn -q -B -f "$BENCH_DIR/pom.xml" package > "$WORK/mvn.out" 2>&1 \
        || die "bench build failed; see $WORK/mvn.out"
    KAFKA_CP=$(cat "$WORK/kafka.classpath")
    export ROOT BENCH_DIR WORK KAFKA_CP KAFKA_CONTROLLER_PORT KAFKA_HEAP_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_JMX_OPTS
    export BROKER_DIR # set per broker; kafka_start_command reads it
    export -f ferry_start_command kafka_start_command

    for b in "${BROKERS[@]}"; do rm -rf "$WORK/results-$b.txt" "$WORK/results-$b"-run*.txt "${WORK:?}/$b"; done
    local run
    for ((run = 1; run <= RUNS; run++)); do
        for b in "${BROKERS[@]}"; do bench_broker "$b" "$run"; done
    done
    for b in "${BROKERS[@]}"; do aggregate "$b"; done
    report | tee "$RESULTS"
    log "results written to $RESULTS"
}

main
