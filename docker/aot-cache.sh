#!/usr/bin/env bash
# Makes the Java 25 AOT cache (JEP 483/514/515) of a packaged service: a training run of the application directory's
# quarkus-run.jar with -XX:AOTCacheOutput, in which the page is fetched and two WebSocket clients chat (group and
# private, docker/smoke/ChatSmoke.java), so that the cache holds the classes, linked and initialised, and the method
# profiles of that path, not only of start-up. On SIGTERM the JVM writes APP_DIR/app.aot; the service then starts with
#
#   java -XX:+UseCompactObjectHeaders -XX:AOTCache=APP_DIR/app.aot -jar APP_DIR/quarkus-run.jar
#
# on the very same java (another JVM build ignores the cache, with a warning, and starts as without it).
# Compact object headers (JEP 519) take 8 bytes off most objects, about a tenth of what an idle connection keeps. A
# cache holds objects laid out with one header or the other and serves only a JVM started with the same choice: the
# training run has the flag, so the service must run with it (docs/operations.md, docker/Dockerfile.jvm, the benchmark).
#
#   bash docker/aot-cache.sh [APP_DIR]      (default: target/quarkus-app; `./mvnw -Paot package` runs it)
#
# Settings (environment): JAVA, the java to train and later run with (default: java on the PATH; 25 or later);
# JAVA_OPTS, JVM options the service will run with, given to the training run as well (the cache then matches them).
# The image build (docker/Dockerfile.jvm) runs it too, so that the cache matches the image's JVM and paths.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
app_dir=$(cd "${1:-target/quarkus-app}" && pwd)
java=${JAVA:-java}
cache="$app_dir/app.aot"

version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${version%%.*}" -ge 25 ] 2>/dev/null || {
  echo "aot-cache: $java is Java ${version:-?}; the AOT cache needs Java 25 or later (set JAVA)" >&2
  exit 1
}
[ -f "$app_dir/quarkus-run.jar" ] || { echo "aot-cache: no quarkus-run.jar in $app_dir" >&2; exit 1; }

port=18090
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
log=$(mktemp)
rm -f "$cache"
# Graceful shutdown would wait its delay for a load balancer that is not there: off for the training run only.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$java" -XX:AOTCacheOutput="$cache" -XX:+UseCompactObjectHeaders ${JAVA_OPTS:-} \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dquarkus.shutdown.delay-enabled=false -Dquarkus.shutdown.timeout=1s \
  -jar "$app_dir/quarkus-run.jar" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT

fail() { echo "aot-cache: $*; the end of the training run's log:" >&2; tail -n 30 "$log" >&2; exit 1; }
page() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /chat HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  head -c 12 <&3 | grep -q ' 200' || { exec 3<&-; return 1; }
  cat <&3 >/dev/null
  exec 3<&-
}
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || fail "the service stopped"
  page 2>/dev/null && break
  sleep 0.2
done
page || fail "GET /chat did not answer 200 within 120 s"
# Twice: the second round runs the paths the first has warmed, so that their profiles are kept too.
for _ in 1 2; do
  "$java" "$here/smoke/ChatSmoke.java" "ws://127.0.0.1:$port" >/dev/null || fail "the training chat failed"
  page || fail "GET /chat failed"
done
kill -TERM "$pid"
wait "$pid" || true
[ -s "$cache" ] || fail "no cache was written"
echo "aot-cache: $cache ($(du -h "$cache" | cut -f1)), for $("$java" -version 2>&1 | sed -n 1p)"
