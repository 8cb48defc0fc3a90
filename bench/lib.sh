#!/usr/bin/env bash
# Shared helpers of the benchmarks: a JDK, a built jar, a Berth on a free port, wrk figures.
set -euo pipefail
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bench_need() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }
  else
    echo "bench: $1 is needed: apt-get install $2" >&2; exit 1
  fi
}

bench_build() { "$BENCH_ROOT/bin/berth" host-settings; "$BENCH_ROOT/bin/berth" build >&2; }

bench_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; return; fi
  ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $(( 20000 + RANDOM % 20000 )); }

# bench_start_berth HOME: starts Berth in the background, with the JVM options of `bin/berth up`
# (BERTH_JAVA_OPTS included), from BENCH_JAR (default target/berth.jar); sets BERTH_PID, API,
# PROXY_PORT. It waits BENCH_START_TIMEOUT seconds (default 300: a loaded machine or a first
# Flyway run on PostgreSQL can take minutes) for the API.
bench_start_berth() {
  local home=$1; shift
  API_PORT=$(free_port); PROXY_PORT=$(free_port)
  env BERTH_HOME="$home" BERTH_PORT="$API_PORT" BERTH_PROXY_PORT="$PROXY_PORT" "$@" \
    "$(bench_java)" $(JAVA_HOME="$(dirname "$(dirname "$(bench_java)")")" "$BENCH_ROOT/bin/berth" java-options) \
    -jar "${BENCH_JAR:-$BENCH_ROOT/target/berth.jar}" > "$home.log" 2>&1 &
  BERTH_PID=$!
  API="http://127.0.0.1:$API_PORT"
  local timeout=${BENCH_START_TIMEOUT:-300} deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-300}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    curl -sf --max-time 5 "$API/v3/pods/healthcheck" >/dev/null && return 0
    if ! kill -0 "$BERTH_PID" 2>/dev/null; then
      echo "bench: Berth exited before its API answered; see $home.log:" >&2
      tail -n 20 "$home.log" >&2; return 1
    fi
    sleep 0.2
  done
  echo "bench: Berth's API ($API) did not answer within ${timeout} s (BENCH_START_TIMEOUT);" \
    "see $home.log" >&2
  return 1
}

bench_token() { # user password
  curl -sf -X POST "$API/v3/oauth2/tokens" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\",\"grant_type\":\"password\"}" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# wrk_figures OUTPUT -> "requests_per_second p99_ms"
wrk_figures() {
  local rps p99
  rps=$(grep -E '^Requests/sec' <<<"$1" | awk '{print $2}')
  p99=$(grep -E '^ +99%' <<<"$1" | awk '{print $2}')
  case "$p99" in
    *us) p99=$(awk -v v="${p99%us}" 'BEGIN{printf "%.3f", v/1000}') ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(awk -v v="${p99%s}" 'BEGIN{printf "%.3f", v*1000}') ;;
  esac
  echo "$rps $p99"
}
