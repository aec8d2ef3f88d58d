#!/usr/bin/env bash
# Run the web server and a job worker side by side, and stop them together:
# Ctrl-C or SIGTERM stops both, and either one ending stops the other.
# Usage: run-with-worker.sh WORKER-COMMAND... -- WEB-COMMAND...   (`make run`)
set -uo pipefail
worker=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do worker+=("$1"); shift; done
[ $# -gt 1 ] && [ ${#worker[@]} -gt 0 ] || {
  echo "usage: $0 WORKER-COMMAND... -- WEB-COMMAND..." >&2
  exit 2
}
shift
"${worker[@]}" &
worker_pid=$!
"$@" &
web_pid=$!
stop() { kill -TERM "$worker_pid" "$web_pid" 2>/dev/null || true; }
trap 'stop' INT TERM
wait -n "$worker_pid" "$web_pid"
status=$?
stop
wait "$worker_pid" "$web_pid" 2>/dev/null
exit "$status"
