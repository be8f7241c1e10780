#!/usr/bin/env bash
# Proves that the run command boots exactly the WAR just built, once (issue 16): runs
# `mvn -Prun` twice, each time with its own build id (pom.xml watchword.build.id, shown by
# GET /api/health as X-Watchword-Build), and polls the health endpoint from the moment Maven
# starts. Every answer that any deployment gives must come from the build just made: a 200 or
# 503 naming another build (the WAR an earlier run left in standalone.xml) or any other 5xx
# ("This Context has been already destroyed") fails, and the server log must show one
# deployment and no replacement. ~2 minutes on an idle 2-core machine; not run by CI.
#   src/test/sh/run-boots-once.sh [PORT_OFFSET]     (HTTP 8080+offset, management 9990+offset)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OFF=${1:-0}
HTTP=$((8080 + OFF))
MGMT=$((9990 + OFF))
OUT=target/run-boots-once
CLI=target/wildfly-run/wildfly-39.0.1.Final/bin/jboss-cli.sh
mkdir -p "$OUT"
passed=0
failed=0
mvn_pid=""

stop_server() {
  if [ -x "$CLI" ]; then
    "$CLI" --controller=127.0.0.1:"$MGMT" -c --command=:shutdown >/dev/null 2>&1 || true
  fi
  if [ -n "$mvn_pid" ]; then
    wait "$mvn_pid" 2>/dev/null || true
    mvn_pid=""
  fi
}
trap stop_server EXIT

# run ID: one `mvn -Prun` with build id ID; 0 when only build ID ever answered
run() {
  local id=$1 log="$OUT/$1.log" answers="$OUT/$1.answers"
  : > "$answers"
  mvn -B -ntp -Prun -Dwatchword.build.id="$id" -Dwildfly.hostname=127.0.0.1 -Dwildfly.port="$MGMT" -Dwildfly.startupTimeout=300 \
      "-Dwildfly.javaOpts=-Xms64m -Xmx512m -Djboss.socket.binding.port-offset=$OFF" > "$log" 2>&1 &
  mvn_pid=$!
  local deadline=$((SECONDS + 900)) ready=0 after=0
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$mvn_pid" 2>/dev/null; then
      echo "mvn -Prun ($id) ended before it served; see $log"; mvn_pid=""; return 1
    fi
    local code build
    code=$(curl -s -m 2 -D "$OUT/headers" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP/watchword/api/health" || true)
    build=$(tr -d '\r' < "$OUT/headers" 2>/dev/null | sed -n 's/^[Xx]-[Ww]atchword-[Bb]uild: //p')
    : > "$OUT/headers"
    echo "$(date +%T.%N | cut -c1-12) $code ${build:--}" >> "$answers"
    case "$code" in
      000|404) ;;                                   # nothing deployed yet: no build answers
      200|503)
        if [ "$build" != "$id" ]; then echo "$id: answered by build '$build'"; return 1; fi
        if [ "$code" = 200 ]; then ready=1; fi ;;
      *) echo "$id: HTTP $code while starting"; return 1 ;;
    esac
    if [ $ready = 1 ]; then
      after=$((after + 1))
      [ $after -ge 20 ] && break                    # 20 more answers after ready, all from $id
    fi
    sleep 0.2
  done
  [ $ready = 1 ] || { echo "$id: never ready"; return 1; }
  local deployed replaced
  deployed=$(grep -c 'WFLYSRV0010: Deployed "watchword.war"' "$log" || true)
  replaced=$(grep -c 'WFLYSRV0016: Replaced deployment\|WFLYSRV0028: Stopped deployment watchword.war' "$log" || true)
  echo "$id: $(grep -c . "$answers") answers, first from the app: $(grep -m1 ' 200 \| 503 ' "$answers"), deployed $deployed, replaced $replaced"
  stop_server
  [ "$deployed" = 1 ] && [ "$replaced" = 0 ]
}

for id in "first-$$" "second-$$"; do
  if run "$id"; then passed=$((passed + 1)); else failed=$((failed + 1)); stop_server; fi
done
echo "run-boots-once: $passed passed, $failed failed"
[ $failed = 0 ]
