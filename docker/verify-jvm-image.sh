#!/usr/bin/env bash
# Verifies docker/Dockerfile.jvm end to end with podman, on a Debian/Ubuntu machine without Docker and without access
# to an image registry:
#
#   1. installs podman, runc, debootstrap and curl where they are missing (apt-get; needs root or sudo);
#   2. builds a base image with a JDK 25 (the image runs on Java 25 with an AOT cache, whose training run needs a
#      JDK): Debian bookworm from Debian packages (debootstrap), with this machine's JDK 25 (BASE_JDK) copied in as
#      /opt/java, as Debian has no Java 25 package; imported with `podman import`, cached as a tarball under
#      ${XDG_CACHE_HOME:-~/.cache}/chat-service/ and as the podman image chat-base-jdk25;
#   3. packages the application in the layout the cache holds (./mvnw -B -q -Paot -Daot.skip=true package
#      -DskipTests), unless --skip-package is given;
#   4. builds docker/Dockerfile.jvm on that base (podman build --from chat-base-jdk25), as chat-service-jvm: the
#      build trains the AOT cache in the image;
#   5. times three starts of the image (from the start of the container's java process to the page's first
#      answer; prints the median), then runs it with its own entrypoint on a free port of the loopback interface
#      (host network, QUARKUS_HTTP_PORT), checks that java runs as PID 1 under user 185, waits for /q/health/ready
#      and /q/health/live to be UP and for /chat to answer;
#   6. has two WebSocket clients chat through it (docker/smoke/ChatSmoke.java: a group message and a private
#      message from alice to bob);
#   7. stops the container, checks that it shut down on SIGTERM, removes it and prints the image size.
#
# It exits 0 only when every check passed. Run it from anywhere in a checkout:
#   bash docker/verify-jvm-image.sh [--skip-package] [--rebuild-base] [--remove-image] [--image-only]
#
#   --skip-package   use the existing target/quarkus-app instead of packaging the application
#   --image-only     stop after step 4, once the image is built (docker/verify-cluster.sh builds it this way)
#   --rebuild-base   build the base image again (a fresh debootstrap) instead of using the cached one
#   --remove-image   remove the chat-service-jvm image at the end (it is kept by default)
#
# Settings (environment):
#   DEBIAN_MIRROR       Debian mirror for debootstrap (default: the first Debian mirror in /etc/apt/sources.list*,
#                       else http://deb.debian.org/debian)
#   CHAT_CACHE_DIR      where the base image tarball and the podman settings are kept
#                       (default: ${XDG_CACHE_HOME:-$HOME/.cache}/chat-service)
#   CONTAINERS_CONF     podman settings; by default a file in CHAT_CACHE_DIR with runc, cgroupfs, no default ulimits
#   STARTUP_TIMEOUT     seconds to wait for the service to be ready (default 120)
#   BASE_JDK            the JDK 25+ to copy into the base image (default: the first Java 25+ JDK in /usr/lib/jvm)
set -euo pipefail

BASE_IMAGE=chat-base-jdk25
IMAGE=chat-service-jvm
SUITE=bookworm
BASE_PACKAGES=ca-certificates,zlib1g
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}

skip_package=false
rebuild_base=false
keep_image=true
image_only=false
for arg in "$@"; do
  case "$arg" in
    --skip-package) skip_package=true ;;
    --rebuild-base) rebuild_base=true ;;
    --remove-image) keep_image=false ;;
    --keep-image) keep_image=true ;;
    --image-only) image_only=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
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

# --- 1. tools -------------------------------------------------------------------------------------------------------
step "Tools"
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v runc >/dev/null || missing+=(runc)
command -v curl >/dev/null || missing+=(curl)
if ! command -v debootstrap >/dev/null && ! [ -x /usr/sbin/debootstrap ]; then missing+=(debootstrap); fi
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "missing ${missing[*]}, and there is no apt-get to install them"
  [ "${as_root[0]:-}" != false ] || fail "missing ${missing[*]}: install them (as root: apt-get install ${missing[*]})"
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v java >/dev/null || fail "a JDK (11 or later) must be on the PATH for the WebSocket smoke client"
[ "$(id -u)" -eq 0 ] || [ "${as_root[0]:-}" != false ] ||
  fail "building the base image needs root (debootstrap): run as root or with passwordless sudo"

cache_dir=${CHAT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chat-service}
mkdir -p "$cache_dir"
if [ -z "${CONTAINERS_CONF:-}" ]; then
  # runc and cgroupfs work where podman's defaults (crun, systemd) are unavailable, e.g. in a container or a VM
  # without systemd; default_ulimits = [] keeps podman from setting limits that such a host may refuse.
  export CONTAINERS_CONF="$cache_dir/containers.conf"
  cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
fi
podman=(podman)
[ "$(id -u)" -eq 0 ] || podman=("${as_root[@]}" env "CONTAINERS_CONF=$CONTAINERS_CONF" podman)
echo "$("${podman[@]}" --version), $(runc --version | sed -n 1p), java $(java -version 2>&1 | sed -n 1p)"
echo "podman settings: $CONTAINERS_CONF"

# --- 2. base image --------------------------------------------------------------------------------------------------
step "Base image $BASE_IMAGE (Debian $SUITE, $BASE_PACKAGES)"
debian_mirror() {
  # The first Debian archive (not security) among this machine's apt sources, one-line or deb822 format.
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  sed -n -E 's/^[[:space:]]*(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?//p' "${files[@]}" |
    tr ' ' '\n' | grep -E '^https?://.*/debian/?$' | sed -n 1p
}
java_feature() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_jdk() {
  local home
  for home in /usr/lib/jvm/*; do
    [ -x "$home/bin/javac" ] && [ "$(java_feature "$home")" -ge 25 ] 2>/dev/null && { echo "$home"; return 0; }
  done
  return 1
}
tarball="$cache_dir/$BASE_IMAGE-$SUITE.tar"
if $rebuild_base; then
  rm -f "$tarball"
  "${podman[@]}" rmi -f "$BASE_IMAGE" >/dev/null 2>&1 || true
fi
if "${podman[@]}" image exists "$BASE_IMAGE"; then
  echo "using the existing podman image $BASE_IMAGE (--rebuild-base to build it again)"
else
  if [ -s "$tarball" ]; then
    echo "using the cached root file system $tarball"
  else
    base_jdk=${BASE_JDK:-$(find_jdk || true)}
    [ -n "$base_jdk" ] && [ -x "$base_jdk/bin/javac" ] && [ "$(java_feature "$base_jdk")" -ge 25 ] 2>/dev/null ||
      fail "no JDK 25 or later to put in the base image: set BASE_JDK to its home directory"
    mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
    mirror=${mirror:-http://deb.debian.org/debian}
    rootfs="$cache_dir/rootfs.tmp"
    "${as_root[@]}" rm -rf "$rootfs"
    echo "debootstrap $SUITE from $mirror (about a minute)"
    if ! "${as_root[@]}" debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" "$mirror" \
      >"$cache_dir/debootstrap.log" 2>&1; then
      tail -20 "$cache_dir/debootstrap.log" >&2
      fail "debootstrap failed; the whole log is in $cache_dir/debootstrap.log"
    fi
    "${as_root[@]}" rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
      "$rootfs"/var/lib/apt/lists/*
    echo "JDK: $base_jdk -> /opt/java"
    "${as_root[@]}" cp -a "$base_jdk" "$rootfs/opt/java"
    "${as_root[@]}" tar --numeric-owner -C "$rootfs" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    "${as_root[@]}" rm -rf "$rootfs"
    echo "cached $tarball ($(du -h "$tarball" | cut -f1))"
  fi
  "${podman[@]}" import \
    --change 'ENV PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --quiet "$tarball" "$BASE_IMAGE" >/dev/null
fi
base_java=$("${podman[@]}" run --rm --network=host "$BASE_IMAGE" java -version 2>&1) ||
  fail "the base image $BASE_IMAGE has no working java: $base_java"
base_java=${base_java%%$'\n'*}
echo "base image java: $base_java"

# --- 3. application -------------------------------------------------------------------------------------------------
step "Application"
if $skip_package; then
  echo "--skip-package: using the existing target/quarkus-app"
else
  echo "./mvnw -B -q -Paot -Daot.skip=true package -DskipTests"
  ./mvnw -B -q -Paot -Daot.skip=true package -DskipTests
fi
[ -f target/quarkus-app/quarkus-run.jar ] || fail "target/quarkus-app/quarkus-run.jar is missing: run ./mvnw package"
echo "target/quarkus-app: $(du -sh target/quarkus-app | cut -f1)"

# --- 4. image -------------------------------------------------------------------------------------------------------
step "Image $IMAGE from docker/Dockerfile.jvm on $BASE_IMAGE"
old_image_id=$("${podman[@]}" image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
build_log=$(mktemp)
if ! "${podman[@]}" build --pull=never --network=host --from "$BASE_IMAGE" -f docker/Dockerfile.jvm -t "$IMAGE" . >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  fail "podman build -f docker/Dockerfile.jvm"
fi
grep -v -E '^(Copying (blob|config)|Writing manifest|Storing signatures)' "$build_log" || true
rm -f "$build_log"
image_id=$("${podman[@]}" image inspect --format '{{.Id}}' "$IMAGE")
# The image of an earlier run, now untagged, goes (unless a container still uses it).
if [ -n "$old_image_id" ] && [ "$old_image_id" != "$image_id" ]; then
  "${podman[@]}" rmi "$old_image_id" >/dev/null 2>&1 || true
fi
image_user=$("${podman[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")
[ "$image_user" = 185 ] || fail "the image runs as user '$image_user', expected 185"
pass "image built: $IMAGE ${image_id:0:12}, user $image_user"
if $image_only; then
  echo "--image-only: the image is built; no container was started"
  exit 0
fi

# --- 5. container ---------------------------------------------------------------------------------------------------
step "Container"
free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
port=$(free_port) || fail "no free port found"
container="chat-service-verify-$$"
cleanup() {
  if "${podman[@]}" container exists "$container" 2>/dev/null; then
    "${podman[@]}" rm -f -t 5 "$container" >/dev/null 2>&1 || true
  fi
  if ! $keep_image; then "${podman[@]}" rmi -f "$IMAGE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
show_logs() {
  echo "--- container log (last 40 lines) ---" >&2
  "${podman[@]}" logs --tail 40 "$container" >&2 || true
  echo "---" >&2
}

# Start-up, while no other container of the image runs: fresh containers, each timed from the start of its java
# process (the kernel's record, in clock ticks) to the first 200 from /chat; the port is polled at 5 ms. Prints the
# median.
startup_ms() {
  local name="chat-service-startup-$$" sport pid ticks up ms deadline
  sport=$(free_port) || return 1
  "${podman[@]}" run -d --name "$name" --network=host \
    -e QUARKUS_HTTP_PORT="$sport" -e QUARKUS_HTTP_HOST=127.0.0.1 "$IMAGE" >/dev/null
  deadline=$(($(date +%s) + STARTUP_TIMEOUT))
  until (exec 3<>"/dev/tcp/127.0.0.1/$sport") 2>/dev/null &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$sport/chat")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.005
  done
  up=$(cut -d' ' -f1 /proc/uptime)
  pid=$("${podman[@]}" inspect --format '{{.State.Pid}}' "$name")
  ticks=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f20)
  ms=$(awk -v up="$up" -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%d", up * 1000 - t * 1000 / hz }')
  "${podman[@]}" rm -f -t 0 "$name" >/dev/null 2>&1 || true
  echo "$ms"
}
startups=()
for _ in 1 2 3; do startups+=("$(startup_ms)") || fail "a start-up run failed"; done
startup_median=$(printf '%s\n' "${startups[@]}" | sort -n | sed -n 2p)
pass "start-up: process start to the page's first answer ${startup_median} ms (median of ${startups[*]} ms)"

# The service listens on the loopback interface only: QUARKUS_HTTP_HOST overrides the image's 0.0.0.0.
"${podman[@]}" run -d --name "$container" --network=host \
  -e QUARKUS_HTTP_PORT="$port" -e QUARKUS_HTTP_HOST=127.0.0.1 "$IMAGE" >/dev/null
sleep 1
state=$("${podman[@]}" inspect --format '{{.State.Status}}' "$container")
[ "$state" = running ] || { show_logs; fail "the container is $state right after the start"; }
# PID 1 of the container must be java itself (exec), running as user 185.
pid1=$("${podman[@]}" top "$container" pid user args | awk 'NR > 1 && $1 == 1 { $1 = ""; print substr($0, 2) }')
case "$pid1" in
  "185 java "* | "jboss java "*) ;;
  *) show_logs; fail "PID 1 is not java as user 185: '$pid1'" ;;
esac
pass "container started: $container, port $port (loopback), PID 1 = ${pid1:0:120}..."

base_url="http://127.0.0.1:$port"
deadline=$(($(date +%s) + STARTUP_TIMEOUT))
ready=""
until ready=$(curl -fsS --max-time 3 "$base_url/q/health/ready" 2>/dev/null) &&
  grep -Eq '"status" *: *"UP"' <<<"$ready"; do
  state=$("${podman[@]}" inspect --format '{{.State.Status}}' "$container")
  [ "$state" = running ] || { show_logs; fail "the container stopped ($state) before it was ready"; }
  [ "$(date +%s)" -lt "$deadline" ] || { show_logs; fail "not ready within ${STARTUP_TIMEOUT}s: ${ready:-no answer}"; }
  sleep 1
done
started_line=$("${podman[@]}" logs "$container" 2>&1 | grep -E 'started in [0-9.]+s' | sed -n 1p || true)
live=$(curl -fsS --max-time 5 "$base_url/q/health/live") || { show_logs; fail "/q/health/live did not answer"; }
grep -Eq '"status" *: *"UP"' <<<"$live" || { show_logs; fail "/q/health/live is not UP: $live"; }
page_status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$base_url/chat")
[ "$page_status" = 200 ] || { show_logs; fail "GET /chat answered $page_status"; }
pass "health UP: /q/health/ready and /q/health/live are UP, GET /chat is 200"
[ -z "$started_line" ] || echo "     ${started_line##*INFO  }"

# --- 6. chat --------------------------------------------------------------------------------------------------------
step "Chat: two WebSocket clients (docker/smoke/ChatSmoke.java)"
if ! java docker/smoke/ChatSmoke.java "ws://127.0.0.1:$port"; then
  show_logs
  fail "chat"
fi
pass "chat OK"

# --- 7. stop --------------------------------------------------------------------------------------------------------
step "Stop"
stop_started=$(date +%s)
"${podman[@]}" stop -t 30 "$container" >/dev/null
stop_seconds=$(($(date +%s) - stop_started))
exit_code=$("${podman[@]}" inspect --format '{{.State.ExitCode}}' "$container")
shutdown_line=$("${podman[@]}" logs "$container" 2>&1 | grep -E 'stopped in [0-9.]+s' | sed -n 1p || true)
"${podman[@]}" rm "$container" >/dev/null
# 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal; 137 would mean it was killed.
case "$exit_code" in
  0 | 143) ;;
  *) fail "the container exited with $exit_code after podman stop (137 = killed: SIGTERM did not reach java)" ;;
esac
pass "stopped on SIGTERM in ${stop_seconds}s (exit code $exit_code) and removed"
[ -z "$shutdown_line" ] || echo "     ${shutdown_line##*INFO  }"

image_size=$("${podman[@]}" image inspect --format '{{.Size}}' "$IMAGE")
base_size=$("${podman[@]}" image inspect --format '{{.Size}}' "$BASE_IMAGE")
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1000000 }'; }

step "Summary"
echo "image:      $IMAGE ${image_id:0:12}, $(mb "$image_size")" \
  "($(mb "$base_size") base $BASE_IMAGE + $(mb $((image_size - base_size))) application)"
echo "checks:     container started, health UP, chat OK, graceful stop"
echo "start-up:   ${startup_median} ms from the java process' start to the page (median of three)"
echo "duration:   $(($(date +%s) - started_at))s"
echo "ALL CHECKS PASSED"
