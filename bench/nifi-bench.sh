#!/usr/bin/env bash
# FlowFiles per second into a topic through Site-to-Site (NiFi's client, HTTP transport, 1 KB contents) with
# Ferry's worker, embedded broker and NiFi plugin in one JVM. Results: docs/benchmarks.md ("NiFi Site-to-Site").
#   bench/nifi-bench.sh                          # 200,000 FlowFiles, 1,000 per transaction, 2 senders
#   bench/nifi-bench.sh --flowfiles 50000 --senders 4 --batch 500 --size 1024 --runs 3
set -euo pipefail
FERRY_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${FERRY_HOME}/bench/work"
mkdir -p "${WORK}"
runs=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
cd "${FERRY_HOME}"
echo "Building connectors/nifi and its test classes..." >&2
mvn -q -B -pl connectors/nifi -am install -DskipTests >&2
mvn -q -B -pl connectors/nifi test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="${WORK}/nifi-bench.classpath" >&2
CP="connectors/nifi/target/test-classes:connectors/nifi/target/classes:$(cat "${WORK}/nifi-bench.classpath")"
for run in $(seq 1 "${runs}"); do
  echo "--- run ${run} of ${runs}"
  java -Xms512m -Xmx1g -XX:+UseG1GC -cp "${CP}" -Dlogback.configurationFile="${FERRY_HOME}/config/logback.xml" \
    io.ferry.connect.nifi.bench.SiteToSiteBench "${args[@]}" 2>&1 | grep -E "^(Site-to-Site bench|flowfiles/s)" \
    | tee -a "${WORK}/nifi-bench-results.txt"
done
