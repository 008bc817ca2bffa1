#!/usr/bin/env bash
# Builds what the benchmark needs and runs every scenario against the service and its peers, on loopback only.
#
#   bench/run.sh [--quick] [--service-jar PATH] [--service-java PATH] [any option of io.chatservice.bench.Bench]
#
# Without --service-jar it packages this repository's service first: with --service-java a Java 25 or later, as the
# fast start of docs/operations.md does (-Paot: the AOT cache, made by that java, which then runs the service); else
# plainly. Figures are printed as they come and written to
# bench/target/results/results.md; the latency chart goes to docs/benchmark-fanout-latency.png.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

service_jar=""
service_java=""
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --service-jar) service_jar="$(realpath "$2")"; shift 2 ;;
        --service-java) service_java="$2"; args+=("$1" "$2"); shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done

if [[ -z "$service_jar" ]]; then
    echo "== packaging the service"
    if [[ -n "$service_java" ]] &&
        [[ "$("$service_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" -ge 25 ]]; then
        ./mvnw -q -B -Paot package -DskipTests -Daot.java="$service_java"
    else
        ./mvnw -q -B package -DskipTests
    fi
    service_jar="$root/target/quarkus-app/quarkus-run.jar"
fi

echo "== packaging the benchmark"
./mvnw -q -B -f bench/pom.xml package

echo "== installing the Node.js peer"
(cd bench/peers/node-ws && npm ci --no-audit --no-fund --loglevel=error)

# The seed runs on the system Python with Debian's packages, as its tutorial installs them.
if ! /usr/bin/python3 -c 'import flask, geventwebsocket' 2>/dev/null; then
    echo "== installing the seed's Python packages"
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y python3-flask python3-gevent-websocket
    else sudo apt-get install -y python3-flask python3-gevent-websocket; fi
fi

# The cluster scenario runs the service on Debian's redis-server, started as a plain process on a loopback port.
if ! command -v redis-server >/dev/null; then
    echo "== installing redis-server"
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y redis-server
    else sudo apt-get install -y redis-server; fi
fi

echo "== machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') memory, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1

# The runner kills every server it started when it exits; this also stops it if the script is interrupted.
java -Xmx2g -jar bench/target/chat-bench.jar --service-jar "$service_jar" --peers bench/peers \
    --out bench/target/results --chart docs/benchmark-fanout-latency.png "${args[@]}" &
runner=$!
trap 'kill "$runner" 2>/dev/null || true' INT TERM
wait "$runner"
