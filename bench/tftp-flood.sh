#!/usr/bin/env bash
# TFTP flood: resident memory of `pxehost serve` before, during and after a flood of
# read requests that are never acknowledged.
#
#   sudo bench/tftp-flood.sh [RATE] [SECONDS] [-- SERVE-ARGS...]     (root, Debian 12, python3)
#
# A benchmark, not a test: it prints VmRSS (kB) at start, the highest seen during the
# flood, and 10, 30 and 60 s after it. Everything stays on loopback: the server listens
# on 127.0.0.1, the flood comes from 32 loopback addresses (127.0.1.1-32) with 64 sockets
# each, RATE requests per second (default 1000) for SECONDS (default 15), for a 1 MB file,
# with no options (so each transfer sends block 1 and waits). Extra arguments go to
# `pxehost serve`, e.g. `-- --tftp-max-transfers-per-client 100000` to let the flood reach
# the transfer cap (4096) instead of 8 transfers per address. The server is stopped by pid.
set -uo pipefail
export LC_ALL=C
RATE=${1:-1000}
SECONDS_FLOOD=${2:-15}
shift $(( $# >= 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/pxehost-tftp-flood-XXXXXX)"
PORT=16969
mkdir -p "$WORK/root" && head -c 1000000 /dev/urandom >"$WORK/root/f"
"$REPO/pxehost" serve --help >/dev/null || { echo "tftp-flood: pxehost does not build" >&2; exit 2; }

"$REPO/pxehost" serve --tftp-root "$WORK/root" --listen 127.0.0.1 --tftp-port "$PORT" --no-dhcp --log-level Warning "$@" >"$WORK/server.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
rss() { awk '/VmRSS/{print $2}' "/proc/$PID/status"; }
for _ in $(seq 100); do ss -uln | grep -q "127.0.0.1:$PORT " && break; sleep 0.1; done
ss -uln | grep -q "127.0.0.1:$PORT " || { echo "tftp-flood: the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 2; }
sleep 2
echo "baseline      $(rss) kB"

python3 - "$PORT" "$RATE" "$SECONDS_FLOOD" <<'PY' &
import socket, sys, time
port, rate, seconds = map(int, sys.argv[1:4])
socks = []
for a in range(32):
    for _ in range(64):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((f"127.0.1.{1 + a}", 0)); s.setblocking(False); socks.append(s)
rrq = b"\x00\x01f\x00octet\x00"
sent = 0; start = time.monotonic()
while time.monotonic() - start < seconds:
    due = int((time.monotonic() - start) * rate)
    while sent < due:
        try: socks[sent % len(socks)].sendto(rrq, ("127.0.0.1", port))
        except BlockingIOError: pass
        sent += 1
    time.sleep(0.001)
print(f"flood         {sent} requests in {seconds} s", flush=True)
PY
FLOOD=$!
peak=0
while kill -0 "$FLOOD" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.5; done
wait "$FLOOD"
echo "peak          $peak kB"
last=0
for t in 10 30 60; do sleep $((t - last)); last=$t; echo "after +${t}s    $(rss) kB"; done
