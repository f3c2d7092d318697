#!/bin/sh
# Runs the web server and the task worker together; Ctrl-C (or either one
# stopping) stops both.
set -u
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}

# The worker gets its own process group: Ctrl-C reaches only this script, which
# then stops the worker in an orderly way (a SIGINT to each of its processes at
# once can leave it hanging).
setsid "$BIN/python" manage.py qcluster &
worker=$!
"$BIN/python" manage.py runserver "0.0.0.0:$PORT" &
web=$!

stop() {
    trap - INT TERM EXIT
    kill "$web" "$worker" 2>/dev/null
    wait "$web" "$worker" 2>/dev/null
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

sleep 2
cat <<MSG

  The staff intranet is running at http://localhost:$PORT/
  Sign in as sali, tnguyen, rkaur, pshah, jclarke, gevans, hmoore ... (see README.md)
  with the demo password: ${DEMO_PASSWORD:-intranet-demo-2026}
  Outgoing email is printed here by the task worker. Press Ctrl-C to stop.

MSG
# Whichever stops first stops the other.
while kill -0 "$web" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do
    sleep 1
done
