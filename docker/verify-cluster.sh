#!/usr/bin/env bash
# Verifies the cluster mode (chat.broker=redis) end to end with podman, on a Debian/Ubuntu machine without Docker and
# without access to an image registry: two containers of the JVM image on one Redis behave as one chat service.
#
#   1. builds the JVM image chat-service-jvm as docker/verify-jvm-image.sh does, by running it with --image-only
#      (tools, the Debian base image, ./mvnw package, docker/Dockerfile.jvm), unless --skip-image is given;
#   2. starts Redis on a free port of the loopback interface, with its append-only file in a temporary directory;
#   3. starts two containers of the image, node A and node B, on the host network, each on its own free port
#      (QUARKUS_HTTP_PORT), both with CHAT_BROKER=redis and QUARKUS_REDIS_HOSTS=redis://127.0.0.1:<redis port>;
#      waits for both to be ready (/q/health/ready UP) and checks that both hold connections to Redis;
#   4. chats across them (docker/smoke/ChatSmoke.java with both addresses): alice on node A and bob on node B, in one
#      room, hear each other; alice's private message reaches bob and bob's reply reaches alice; GET /api/users on
#      either node lists both;
#   5. cuts Redis off (unless --skip-outage): right after Redis stops both nodes are still ready (a blip takes no
#      node out), after chat.cluster.readiness-grace (READINESS_GRACE here) both report DOWN, and liveness stays UP
#      throughout (an orchestrator must not restart every node when Redis goes away); Redis starts again on the
#      same port and data, both nodes must be ready again, and the chat of step 4 must pass again;
#   6. stops both containers with SIGTERM, checks that they shut down gracefully, removes them and stops Redis.
#
# It exits 0 only when every check passed; containers and Redis are removed on any exit. Run it from anywhere in a
# checkout:
#   bash docker/verify-cluster.sh [--skip-package] [--rebuild-base] [--skip-image] [--skip-outage]
#
#   --skip-package   use the existing target/quarkus-app instead of packaging the application
#   --rebuild-base   build the base image again (see docker/verify-jvm-image.sh)
#   --skip-image     use the existing chat-service-jvm image as it is (no package, no build)
#   --skip-outage    leave out step 5
#
# Redis runs as a process of this machine next to the containers, not in a container: with --network=host a
# container has no network of its own to isolate, so a Redis container would add nothing to what is checked here,
# which is the service's image. And with no registry to pull redis:7 from, an image of it would have to be made from
# this machine's redis-server binary copied into the local Java base image together with every shared library it
# links (jemalloc, lzf, OpenSSL, libsystemd, ...): fragile, and a test of that copy rather than of the service.
# redis-server comes from the distribution (Debian 12: Redis 7.0), installed with apt-get where missing; that package
# also starts the distribution's own Redis service on port 6379 where systemd runs, which this script does not use.
# Redis 7 or later is required. docker/compose.yml and the Kubernetes manifests run the official redis:7.4 image.
#
# Settings (environment):
#   STARTUP_TIMEOUT     seconds to wait for a node to be ready, also after Redis is back (default 120)
#   READINESS_GRACE     the nodes' chat.cluster.readiness-grace (default 6s; the service's own default is 20s)
#   CHAT_CACHE_DIR, CONTAINERS_CONF, DEBIAN_MIRROR   as for docker/verify-jvm-image.sh
set -euo pipefail

IMAGE=chat-service-jvm
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
READINESS_GRACE=${READINESS_GRACE:-6s}

image_args=()
build_image=true
outage=true
for arg in "$@"; do
  case "$arg" in
    --skip-package | --rebuild-base) image_args+=("$arg") ;;
    --skip-image) build_image=false ;;
    --skip-outage) outage=false ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done
[[ $READINESS_GRACE =~ ^[0-9]+s$ ]] || { echo "READINESS_GRACE must be whole seconds, like 6s" >&2; exit 2; }
grace_seconds=${READINESS_GRACE%s}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
started_at=$(date +%s)
step() { printf '\n==> %s\n' "$*"; }
pass() { printf 'PASS %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  as_root=(false)
fi

# --- 1. image -------------------------------------------------------------------------------------------------------
if $build_image; then
  step "Image $IMAGE: bash docker/verify-jvm-image.sh --image-only ${image_args[*]}"
  bash docker/verify-jvm-image.sh --image-only "${image_args[@]}" || fail "building the image $IMAGE"
fi

step "Tools"
cache_dir=${CHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chat-service}
# The podman settings that docker/verify-jvm-image.sh wrote (runc, cgroupfs, no default ulimits), unless given.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$cache_dir/containers.conf}
[ -f "$CONTAINERS_CONF" ] || fail "no podman settings at $CONTAINERS_CONF: run bash docker/verify-jvm-image.sh once"
command -v podman >/dev/null || fail "podman is missing: run bash docker/verify-jvm-image.sh once"
podman=(podman)
[ "$(id -u)" -eq 0 ] || podman=("${as_root[@]}" env "CONTAINERS_CONF=$CONTAINERS_CONF" podman)
"${podman[@]}" image exists "$IMAGE" || fail "there is no image $IMAGE: run without --skip-image"
command -v java >/dev/null || fail "a JDK (11 or later) must be on the PATH for the WebSocket smoke client"
if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
  command -v apt-get >/dev/null || fail "redis-server is missing, and there is no apt-get to install it"
  [ "${as_root[0]:-}" != false ] || fail "redis-server is missing: install it (as root: apt-get install redis-server)"
  echo "installing redis-server"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq redis-server >/dev/null
fi
redis_version=$(redis-server --version | sed -n -E 's/.* v=([0-9][0-9.]*).*/\1/p')
[ "${redis_version%%.*}" -ge 7 ] 2>/dev/null || fail "Redis 7 or later is needed; this machine has ${redis_version:-?}"
echo "$("${podman[@]}" --version), redis-server $redis_version, java $(java -version 2>&1 | sed -n 1p)"

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

work=$(mktemp -d)
node_a="chat-cluster-verify-a-$$"
node_b="chat-cluster-verify-b-$$"
redis_pid=""
cleanup() {
  local c
  for c in "$node_a" "$node_b"; do
    if "${podman[@]}" container exists "$c" 2>/dev/null; then
      "${podman[@]}" rm -f -t 5 "$c" >/dev/null 2>&1 || true
    fi
  done
  stop_redis
  rm -rf "$work"
}
trap cleanup EXIT

# --- 2. Redis -------------------------------------------------------------------------------------------------------
redis_port=$(free_port) || fail "no free port found"
start_redis() {
  # --appendonly yes, as in docker/compose.yml and Kubernetes: a restart below finds the data where it was.
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$work" --appendonly yes \
    --daemonize no --logfile "$work/redis.log" &
  redis_pid=$!

  for _ in $(seq 1 50); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ] && return 0
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -20 "$work/redis.log" >&2 || true
  fail "Redis did not answer PING on port $redis_port"
}
stop_redis() {
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  redis_pid=""
}
step "Redis $redis_version on 127.0.0.1:$redis_port (append-only file in a temporary directory)"
start_redis
pass "Redis answers PING (pid $redis_pid)"

# --- 3. two nodes ---------------------------------------------------------------------------------------------------
step "Two nodes of $IMAGE, CHAT_BROKER=redis, QUARKUS_REDIS_HOSTS=redis://127.0.0.1:$redis_port"
port_a=$(free_port) || fail "no free port found"
port_b=$(free_port) || fail "no free port found"
while [ "$port_b" = "$port_a" ]; do port_b=$(free_port) || fail "no free port found"; done
show_logs() {
  local c
  for c in "$node_a" "$node_b"; do
    echo "--- $c log (last 40 lines) ---" >&2
    "${podman[@]}" logs --tail 40 "$c" >&2 || true
  done
  echo "--- Redis log (last 10 lines) ---" >&2
  tail -10 "$work/redis.log" >&2 || true
  echo "---" >&2
}
# chat.cluster.node-id stays unset, as in Kubernetes: each node names itself after its host name plus a random
# suffix, which keeps the two apart although both run on this machine's network.
start_node() {
  "${podman[@]}" run -d --name "$1" --network=host \
    -e QUARKUS_HTTP_PORT="$2" -e QUARKUS_HTTP_HOST=127.0.0.1 \
    -e CHAT_BROKER=redis -e QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" \
    -e CHAT_CLUSTER_READINESS_GRACE="$READINESS_GRACE" \
    "$IMAGE" >/dev/null
}
start_node "$node_a" "$port_a"
start_node "$node_b" "$port_b"
url_a="http://127.0.0.1:$port_a"
url_b="http://127.0.0.1:$port_b"

status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true; }
# Waits until /q/health/ready answers 200 on both nodes; the containers must keep running meanwhile.
await_ready() {
  local what=$1 deadline=$(($(date +%s) + STARTUP_TIMEOUT)) c ready_a ready_b
  while true; do
    ready_a=$(status_of "$url_a/q/health/ready")
    ready_b=$(status_of "$url_b/q/health/ready")
    [ "$ready_a" = 200 ] && [ "$ready_b" = 200 ] && return 0
    for c in "$node_a" "$node_b"; do
      state=$("${podman[@]}" inspect --format '{{.State.Status}}' "$c")
      [ "$state" = running ] || { show_logs; fail "$c stopped ($state) before it was ready $what"; }
    done
    if [ "$(date +%s)" -ge "$deadline" ]; then
      show_logs
      fail "not ready within ${STARTUP_TIMEOUT}s $what: node A $ready_a, node B $ready_b" \
        "($(curl -s --max-time 3 "$url_a/q/health/ready" | tr -d ' \n' | cut -c1-300))"
    fi
    sleep 1
  done
}
await_ready "after the start"
pass "both nodes ready: A on port $port_a ($node_a), B on port $port_b ($node_b)"
for url in "$url_a" "$url_b"; do
  echo "     $url/q/health/ready: $(curl -s --max-time 3 "$url/q/health/ready" | tr -d ' \n' | cut -c1-300)"
done

# Every connection but the one redis-cli itself opens to ask. A node on the Redis broker holds at least one (its
# subscriber), so two nodes hold at least two; none at all means the build does not use Redis.
redis_clients() { redis-cli -p "$redis_port" client list | grep -vc 'cmd=client' || true; }
clients=$(redis_clients)
[ "$clients" -ge 2 ] || { show_logs; fail "Redis has $clients client connections, expected at least one per node:" \
  "this build does not connect to Redis with CHAT_BROKER=redis"; }
pass "the nodes hold $clients connections to Redis"

# --- 4. chat across the nodes ---------------------------------------------------------------------------------------
chat_across() {
  step "Chat across the nodes $1 (docker/smoke/ChatSmoke.java: alice on A, bob on B)"
  if ! java docker/smoke/ChatSmoke.java "ws://127.0.0.1:$port_a" "ws://127.0.0.1:$port_b"; then
    show_logs
    fail "chat across the nodes $1"
  fi
  pass "chat across the nodes $1"
}
chat_across "(group, private, online users)"

# --- 5. Redis outage ------------------------------------------------------------------------------------------------
if $outage; then
  step "Redis outage (readiness grace $READINESS_GRACE)"
  stop_redis
  stopped_at=$(date +%s)
  for url in "$url_a" "$url_b"; do
    [ "$(status_of "$url/q/health/ready")" = 200 ] ||
      { show_logs; fail "$url reported not ready at once when Redis stopped, before its grace of $READINESS_GRACE"; }
  done
  pass "right after Redis stopped, both nodes are still ready (the grace)"
  deadline=$((stopped_at + grace_seconds + 20))
  down_a="" down_b=""
  until [ -n "$down_a" ] && [ -n "$down_b" ]; do
    for url in "$url_a" "$url_b"; do
      [ "$(status_of "$url/q/health/live")" = 200 ] ||
        { show_logs; fail "$url/q/health/live is not UP while Redis is away: liveness must not depend on Redis"; }
    done
    if [ -z "$down_a" ] && [ "$(status_of "$url_a/q/health/ready")" = 503 ]; then
      down_a=$(($(date +%s) - stopped_at))
    fi
    if [ -z "$down_b" ] && [ "$(status_of "$url_b/q/health/ready")" = 503 ]; then
      down_b=$(($(date +%s) - stopped_at))
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      show_logs
      fail "readiness not DOWN $((grace_seconds + 20))s after Redis stopped: node A ${down_a:-UP}, node B ${down_b:-UP}"
    fi
    sleep 1
  done
  pass "readiness DOWN on both nodes after the grace (A after ${down_a}s, B after ${down_b}s), liveness UP"
  # A node that turned DOWN before the grace ended: the grace is not honoured (1 s for the polling's own slack).
  for t in "$down_a" "$down_b"; do
    [ "$t" -ge $((grace_seconds - 1)) ] || fail "readiness went DOWN after ${t}s, before the grace of $READINESS_GRACE"
  done

  start_redis
  pass "Redis started again on port $redis_port with its append-only file (pid $redis_pid)"
  await_ready "after Redis came back"
  pass "both nodes ready again after Redis came back"
  chat_across "after Redis came back"
fi

# --- 6. stop --------------------------------------------------------------------------------------------------------
step "Stop"
stop_started=$(date +%s)
"${podman[@]}" stop -t 30 "$node_a" "$node_b" >/dev/null
stop_seconds=$(($(date +%s) - stop_started))
for c in "$node_a" "$node_b"; do
  exit_code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$c")
  "${podman[@]}" rm "$c" >/dev/null
  # 143 = 128 + SIGTERM: the JVM ran its shutdown hooks; 137 would mean it was killed.
  case "$exit_code" in
    0 | 143) ;;
    *) fail "$c exited with $exit_code after podman stop (137 = killed: SIGTERM did not reach java)" ;;
  esac
done
stop_redis
pass "both nodes stopped on SIGTERM within ${stop_seconds}s and were removed; Redis stopped"

step "Summary"
echo "nodes:      2 containers of $IMAGE on Redis $redis_version"
outage_checked=""
$outage && outage_checked=", Redis outage and recovery"
echo "checks:     both ready on Redis, chat across the nodes$outage_checked, graceful stop"
echo "duration:   $(($(date +%s) - started_at))s"
echo "ALL CHECKS PASSED"
