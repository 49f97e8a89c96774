#!/usr/bin/env bash
# The quickstart pipeline, timed: N lines (default 1,000,000) from test.txt through a topic into test.sink.txt.
#   Ferry:  bin/ferry standalone config/connect-standalone.properties + Ferry's FileSource/FileSink connectors
#           (embedded broker, the shipped worker settings).
#   Apache: Kafka 4.3.1 (KRaft, single node) + Kafka Connect standalone (connect-standalone.sh's JVM settings)
#           with FileStreamSource/FileStreamSink and Kafka's shipped connect-standalone.properties settings.
#   kafka+ferry-connectors (--with-ferry-connectors-on-kafka): the same Kafka and Kafka Connect running Ferry's
#           connectors from plugins/ (plugin.path), which shows what the connectors alone change.
#   ferry+filestream (--with-filestream-on-ferry): bin/ferry standalone running Apache's FileStreamSource/Sink
#           (the bundled connect-file jar), which shows what Ferry's worker and broker alone change.
# Both use JsonConverter with schemas, as shipped. Figures per run: "total" from launching the worker until the
# sink file holds every byte (Ferry's includes starting its broker; Kafka's broker is started before and not
# counted), "first" from launching the worker until the first byte in the sink file (cold start to first line),
# and "copy" from the first byte in the sink file until the last (startup excluded).
#
#   bench/pipeline/pipeline-bench.sh [--lines N] [--runs R] [--only ferry|kafka]
#                                           [--with-ferry-connectors-on-kafka] [--with-filestream-on-ferry]
#
# Everything goes to bench/work/pipeline/ (git-ignored). Results: bench/work/pipeline/pipeline-results.txt.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK="$ROOT/bench/work/pipeline"
LINES=1000000
RUNS=1
ONLY=""
FERRY_ON_KAFKA=false
FILESTREAM_ON_FERRY=false
KAFKA_PORT=${KAFKA_PORT:-39092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-39093}
CONNECT_REST_PORT=${CONNECT_REST_PORT:-38083}
TIMEOUT_S=${TIMEOUT_S:-900}
# connect-standalone.sh / kafka-server-start.sh (via kafka-run-class.sh) JVM settings of the tarball.
KAFKA_JVM_PERFORMANCE_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true"
CONNECT_HEAP_OPTS="-Xms256M -Xmx2G"
BROKER_HEAP_OPTS="-Xmx1G -Xms1G"

while [ $# -gt 0 ]; do
  case "$1" in
    --lines) LINES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --with-ferry-connectors-on-kafka) FERRY_ON_KAFKA=true; shift ;;
    --with-filestream-on-ferry) FILESTREAM_ON_FERRY=true; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "Unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# Waits until FILE has SIZE bytes; prints "<ms of first byte> <ms of last byte>".
wait_for_copy() {
  local file=$1 size=$2 deadline=$(( $(date +%s) + TIMEOUT_S )) first="" current=0
  while true; do
    current=$(stat -c %s "$file" 2>/dev/null || echo 0)
    if [ -z "$first" ] && [ "$current" -gt 0 ]; then first=$(now_ms); fi
    if [ "$current" -ge "$size" ]; then echo "$first $(now_ms)"; return 0; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "timed out with $current of $size bytes" >&2; return 1; fi
    sleep 0.01
  done
}

wait_for_port() {
  local port=$1 deadline=$(( $(date +%s) + 120 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "nothing listens on $port" >&2; return 1; fi
    sleep 0.1
  done
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# ---- preparation (not timed) ----
if [ ! -s "$WORK/apache.classpath" ]; then
  mvn -q -B -f "$HERE/pom.xml" package
fi
APACHE_CP=$(cat "$WORK/apache.classpath")
if ! ls "$ROOT"/runtime/target/ferry-runtime-*.jar >/dev/null 2>&1 || ! ls "$ROOT"/plugins/ferry-connect-file/ferry-connect-file-*.jar >/dev/null 2>&1; then
  (cd "$ROOT" && mvn -q -B -DskipTests package -pl connectors/file -am)
fi
# bin/ferry's class-data archive (ADR 9) is made on the first start after a build: make it now, not timed.
"$ROOT/bin/ferry" cds > "$WORK/ferry-cds.out" 2>&1 || echo "no class-data archive (see $WORK/ferry-cds.out)" >&2
# Lines of about 90 bytes (91.9 on average for 1,000,000), as the runtime issue specifies.
INPUT="$WORK/input-$LINES-90b.txt"
if [ ! -s "$INPUT" ]; then
  awk -v n="$LINES" 'BEGIN { for (i = 0; i < n; i++)
    printf "line %d of the quickstart pipeline benchmark, about ninety bytes of ASCII text per line\n", i }' > "$INPUT"
fi
SIZE=$(stat -c %s "$INPUT")
RESULTS="$WORK/pipeline-results.txt"
echo "# $(date -u +%FT%TZ) lines=$LINES bytes=$SIZE host=$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"

# run_ferry RUN [filestream]
run_ferry() {
  local run=$1 variant=${2:-ferry-connectors} name=ferry dir="$WORK/ferry-run$1"
  local source_class=io.ferry.connect.file.FileSourceConnector sink_class=io.ferry.connect.file.FileSinkConnector
  if [ "$variant" = filestream ]; then
    name=ferry+filestream; dir="$WORK/ferry-filestream-run$1"
    source_class=FileStreamSource; sink_class=FileStreamSink
  fi
  rm -rf "$dir"; mkdir -p "$dir"; cp "$INPUT" "$dir/test.txt"
  printf 'name=local-file-source\nconnector.class=%s\ntasks.max=1\nfile=test.txt\ntopic=connect-test\n' "$source_class" > "$dir/source.properties"
  printf 'name=local-file-sink\nconnector.class=%s\ntasks.max=1\nfile=test.sink.txt\ntopics=connect-test\n' "$sink_class" > "$dir/sink.properties"
  local start; start=$(now_ms)
  (cd "$dir" && exec "$ROOT/bin/ferry" standalone "$ROOT/config/connect-standalone.properties" source.properties sink.properties \
      --override ferry.broker.listeners=PLAINTEXT://127.0.0.1:0 --override listeners=http://127.0.0.1:0 \
      --override "ferry.data.dir=$dir/data") > "$dir/ferry.log" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  local times; times=$(wait_for_copy "$dir/test.sink.txt" "$SIZE")
  report "$name" "$run" "$start" $times "$dir/test.sink.txt" "$pid"
  stop_pid "$pid"
}

# run_kafka RUN [ferry-connectors]
run_kafka() {
  local run=$1 variant=${2:-filestream} name=kafka dir="$WORK/kafka-run$1"
  local source_class=FileStreamSource sink_class=FileStreamSink plugin_path=""
  if [ "$variant" = ferry-connectors ]; then
    name=kafka+ferry-connectors; dir="$WORK/kafka-ferry-connectors-run$1"
    source_class=io.ferry.connect.file.FileSourceConnector; sink_class=io.ferry.connect.file.FileSinkConnector
    plugin_path="plugin.path=$ROOT/plugins"
  fi
  rm -rf "$dir"; mkdir -p "$dir/logs"; cp "$INPUT" "$dir/test.txt"
  cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/kafka-logs
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat > "$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = \${sys:bench.log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
EOF
  java -cp "$APACHE_CP" -Dlog4j2.configurationFile="$dir/log4j2.properties" -Dbench.log="$dir/logs/format.log" \
      kafka.tools.StorageTool format --standalone -t "$(java -cp "$APACHE_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)" \
      -c "$dir/server.properties" > "$dir/logs/format.out" 2>&1
  java $BROKER_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS -Dlog4j2.configurationFile="$dir/log4j2.properties" \
      -Dbench.log="$dir/logs/server.log" -cp "$APACHE_CP" kafka.Kafka "$dir/server.properties" > "$dir/logs/broker.out" 2>&1 &
  local broker=$!; PIDS+=("$broker")
  wait_for_port "$KAFKA_PORT"
  cat > "$dir/connect-standalone.properties" <<EOF
bootstrap.servers=127.0.0.1:$KAFKA_PORT
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true
offset.storage.file.filename=$dir/connect.offsets
offset.flush.interval.ms=10000
listeners=http://127.0.0.1:$CONNECT_REST_PORT
$plugin_path
EOF
  printf 'name=local-file-source\nconnector.class=%s\ntasks.max=1\nfile=test.txt\ntopic=connect-test\n' "$source_class" > "$dir/source.properties"
  printf 'name=local-file-sink\nconnector.class=%s\ntasks.max=1\nfile=test.sink.txt\ntopics=connect-test\n' "$sink_class" > "$dir/sink.properties"
  local start; start=$(now_ms)
  (cd "$dir" && exec java $CONNECT_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS -Dlog4j2.configurationFile="$dir/log4j2.properties" \
      -Dbench.log="$dir/logs/connect.log" -cp "$APACHE_CP" org.apache.kafka.connect.cli.ConnectStandalone \
      connect-standalone.properties source.properties sink.properties) > "$dir/logs/connect.out" 2>&1 &
  local pid=$!; PIDS+=("$pid")
  local times; times=$(wait_for_copy "$dir/test.sink.txt" "$SIZE")
  report "$name" "$run" "$start" $times "$dir/test.sink.txt" "$pid"
  stop_pid "$pid"
  stop_pid "$broker"
}

# report NAME RUN START FIRST LAST SINK PID
report() {
  local name=$1 run=$2 start=$3 first=$4 last=$5 sink=$6 pid=$7 same="identical"
  cmp -s "$INPUT" "$sink" || same="DIFFERENT"
  local total=$(( last - start )) copy=$(( last - first )) cold=$(( first - start ))
  local rate=$(( LINES * 1000 / (copy > 0 ? copy : 1) ))
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo "?")
  printf '%-22s run %d: total %6d ms, first %5d ms, copy %6d ms, %9d lines/s over the copy, worker RSS %s MiB, output %s\n' \
      "$name" "$run" "$total" "$cold" "$copy" "$rate" "$rss" "$same" | tee -a "$RESULTS"
}

for run in $(seq 1 "$RUNS"); do
  [ "$ONLY" != "kafka" ] && run_ferry "$run"
  if [ "$FILESTREAM_ON_FERRY" = true ] && [ "$ONLY" != "kafka" ]; then run_ferry "$run" filestream; fi
  [ "$ONLY" != "ferry" ] && run_kafka "$run"
  if [ "$FERRY_ON_KAFKA" = true ] && [ "$ONLY" != "ferry" ]; then run_kafka "$run" ferry-connectors; fi
done
