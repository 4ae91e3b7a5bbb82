#!/usr/bin/env bash
# ISO serving benchmark: PxeHost serving an image in place against nginx serving the same bytes as
# plain files, and PxeHost's TFTP reading a kernel out of the image against the same kernel as a file.
#
#   sudo bench/iso.sh [--quick] [--no-pin]        (root, Debian 12)
#
# A benchmark, not a test: it prints a table and whether the targets are met, and exits 0 whenever
# it could measure. Everything runs over a veth pair between two network namespaces made here
# (server 10.213.11.1, client 10.213.11.2); no traffic leaves them.
# The image: xorriso makes bench.iso (Rock Ridge + Joliet) holding big.bin, 1 GiB of random bytes
# (256 MiB with --quick), and boot/vmlinuz: the newest readable /boot/vmlinuz-*, else the lab's test
# kernel cached under artifacts/e2e-payload/*/vmlinuz, else 14 MiB of random bytes (the header says
# which; PXEBENCH_KERNEL=FILE picks one). `pxehost iso add` links and indexes it in a data dir.
# Servers, both running through the whole run, each on ports of its own:
#   PxeHost  `serve --proxy` on the server's veth (`--no-dhcp` serves no data dir's images; no client
#            asks for DHCP here): HTTP on :8080 (iso/bench.iso, iso/bench/big.bin; the plain copy of
#            big.bin from its root as an extra row) and TFTP on :69 (iso/bench/boot/vmlinuz, and the
#            same kernel as the plain file vmlinuz in its TFTP root)
#   nginx    its own instance and config (sendfile on, tcp_nopush on, worker_processes auto, access
#            log off, as Debian ships it) on :8081, serving the folder with bench.iso and big.bin
# HTTP cases, client curl, each PxeHost vs nginx on identical bytes:
#   whole image GET          /iso/bench.iso          vs /bench.iso
#   file in image GET        /iso/bench/big.bin      vs /big.bin (the same bytes as a plain file)
#   ranges, image            200 random 1 MiB Range: requests (100 with --quick) on one keep-alive
#                            connection (one curl process), at random byte offsets, same list for both
#   ranges, file in image    the same on big.bin
#   4 clients, file in image 4 curl processes at once, each a quarter of the ranges (unpinned)
# TFTP cases, PxeHost only, client curl, lockstep: blksize 512 (the default) and 1408, the kernel from
# the image vs the plain kernel; the order of the two alternates per round.
# Bytes are checked, so that a fast wrong answer cannot win: each whole GET's sha256 (once, unmeasured,
# piped into sha256sum), the concatenated bodies of the ranged workload against the same ranges cut
# from the local files (once per server, unmeasured), every measured response's status and size, and
# each TFTP transfer's sha256 in round 1.
# Single transfers take the best of 5 rounds (3 with --quick); rounds that would end past the time
# budget are left out and the header says how many ran. MB means 10^6 bytes. Whole GETs of a page-cached
# file over veth take a fraction of a second: on a busy machine their figures swing by 2x between runs.
# What the figures mean: the "plain file GET" row is PxeHost serving big.bin from its root, no image
# involved; the file-in-image row against it isolates the cost of reading through the image, and the
# plain row against nginx the cost of PxeHost's HTTP file path (64 KiB preads copied through Kestrel's
# pipe, where nginx uses sendfile). big.bin is written in 1 MiB blocks like the image: written in small
# pieces it sits in the page cache in small folios and reads back 3-5x slower (seen on Linux 6.18). Both kernels fit PxeHost's TFTP content cache (files up to 128 MiB):
# after the first transfer of each, both are sent from memory, so the TFTP ratio shows that reading
# the kernel out of the image costs nothing per transfer, and its spread is the machine's noise.
# CPU placement: for the single-client cases every thread of PxeHost and every nginx process run on
# CPU 0 and curl on CPU 1 (taskset), as if they were two one-core hosts; the 4-client case runs
# unpinned (the servers' affinity is widened first). --no-pin leaves all placement to the scheduler.
# PXEBENCH_LOGS=DIR keeps the servers' logs in DIR. Needs ~2.1 GiB in TMPDIR (~0.6 with --quick).
set -uo pipefail
export LC_ALL=C

QUICK=0
PIN=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-pin) PIN=0 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "usage: $0 [--quick] [--no-pin]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "bench/iso.sh: run as root (network namespaces, port 69)" >&2
  exit 2
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DLL="$REPO/artifacts/bin/PxeHost.Cli/release/PxeHost.Cli.dll"
SADDR=10.213.11.1
CADDR=10.213.11.2
SNS="pxiso-srv-$$"
CNS="pxiso-cli-$$"
SVETH="pxis$$"          # interface names stay under 16 characters
CVETH="pxic$$"
HTTP_PORT=8080
NGINX_PORT=8081
NAME=bench
RUNS=5
BIG_MIB=1024
RANGES=200
HARD_BUDGET=900         # seconds; a round that would end later is left out
[ "$QUICK" = 1 ] && { RUNS=3; BIG_MIB=256; RANGES=100; HARD_BUDGET=360; }
RANGE_BYTES=1048576
PAR=4
T_GET=120               # one whole GET
T_RANGES=120            # one ranged workload

WORK=""
PIDS=()
NETNS_MADE=0
PXE_PID=""
NGINX_PID=""

exec 3>&2                 # progress goes to the original stderr, whatever a command redirected
log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&3; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes

# scan_processes, signal_tree and alive: one /proc scan, signals by pid only.
source "$REPO/bench/lib/processes.sh"

# Runs a command as a tracked child and waits for it, so that Ctrl-C or TERM is handled at once.
run_child() {
  local pid rc
  "$@" &
  pid=$!
  PIDS+=("$pid")
  wait "$pid"
  rc=$?
  unset 'PIDS[${#PIDS[@]}-1]'
  return "$rc"
}

# Stops a process this script started (and its children): TERM, then KILL after 5 s.
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] || return 0
  alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
  scan_processes
  signal_tree "$pid" TERM
  for i in $(seq 50); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    scan_processes
    signal_tree "$pid" KILL
  fi
  wait "$pid" 2>/dev/null
  return 0
}

cleanup() {
  local pid ns
  trap - EXIT INT TERM
  scan_processes
  for pid in "${PIDS[@]}"; do
    alive "$pid" && signal_tree "$pid" TERM
  done
  sleep 0.3
  scan_processes
  for pid in "${PIDS[@]}"; do
    alive "$pid" && signal_tree "$pid" KILL
  done
  if [ "$NETNS_MADE" = 1 ]; then
    # Anything still inside our namespaces was started by this script (nginx's workers).
    for ns in "$SNS" "$CNS"; do
      for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
      done
      ip netns del "$ns" 2>/dev/null
    done
  fi
  wait 2>/dev/null
  if [ -n "${PXEBENCH_LOGS:-}" ] && [ -n "$WORK" ]; then
    mkdir -p "$PXEBENCH_LOGS" && cp "$WORK"/*.log "$PXEBENCH_LOGS"/ 2>/dev/null
  fi
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- tools

PACKAGES=(nginx curl xorriso iproute2 util-linux coreutils)
DAEMONS=(nginx)
PIDFILES=(/run/nginx.pid)

daemon_pids() {
  local d f
  { for d in "${DAEMONS[@]}"; do pgrep -x "$d"; done
    for f in "${PIDFILES[@]}"; do [ -f "$f" ] && head -n1 "$f"; done
  } 2>/dev/null | grep -E '^[0-9]+$' | sort -u
}

install_tools() {
  local p missing=() before after pid f listed ppid
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  log "installing: ${missing[*]}"
  before="$(daemon_pids)"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install failed"
  # Debian's nginx package starts its service: stop any daemon that was not there before, by pid (from
  # its pid file, or found by its exact name and detached, i.e. a child of pid 1), never one that was
  # running already or that another session runs in the foreground. Its workers end with their master.
  sleep 1
  after="$(daemon_pids)"
  for pid in $(comm -13 <(echo "$before") <(echo "$after")); do
    alive "$pid" || continue
    listed=0
    for f in "${PIDFILES[@]}"; do [ "$(head -n1 "$f" 2>/dev/null)" = "$pid" ] && listed=1; done
    ppid="$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)"
    [ "$listed" = 1 ] || [ "$ppid" = 1 ] || continue
    log "stopping daemon started by the install: pid $pid ($(cat /proc/"$pid"/comm 2>/dev/null))"
    kill "$pid" 2>/dev/null
  done
}

# ---------------------------------------------------------------- network

setup_net() {
  ip netns add "$SNS" || die "ip netns add failed"
  NETNS_MADE=1
  ip netns add "$CNS" || die "ip netns add failed"
  ip link add "$SVETH" type veth peer name "$CVETH" || die "ip link add veth failed"
  ip link set "$SVETH" netns "$SNS"
  ip link set "$CVETH" netns "$CNS"
  ip -n "$SNS" addr add "$SADDR/24" dev "$SVETH"
  ip -n "$CNS" addr add "$CADDR/24" dev "$CVETH"
  ip -n "$SNS" link set lo up
  ip -n "$CNS" link set lo up
  ip -n "$SNS" link set "$SVETH" up
  ip -n "$CNS" link set "$CVETH" up
  local i
  for i in $(seq 50); do
    ip -n "$CNS" -br addr show dev "$CVETH" | grep -q UP && ip -n "$SNS" -br addr show dev "$SVETH" | grep -q UP && return 0
    sleep 0.1
  done
  die "veth did not come up"
}

CLI_PIN=()
ALL_CPUS="$(taskset -p -c $$ | sed 's/.*: //')"
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  CLI_PIN=(taskset -c 1)
else
  PIN=0
fi

# Runs a command in the client namespace, on the clients' CPU.
in_client() { nsenter --net="/run/netns/$CNS" "${CLI_PIN[@]}" "$@"; }
in_client_any_cpu() { nsenter --net="/run/netns/$CNS" "$@"; }

# Sets the CPU affinity of every thread of pid $1 and of its descendants (nginx's workers) to $2.
place_tree() {
  local pid="$1" cpus="$2" kid
  taskset -a -p -c "$cpus" "$pid" >/dev/null 2>&1 || log "  warning: could not set the CPU affinity of pid $pid"
  for kid in ${KIDS[$pid]:-}; do
    place_tree "$kid" "$cpus"
  done
}
# Servers start on all CPUs (so that PxeHost's runtime and nginx's `worker_processes auto` size
# themselves for the machine); pin_servers then moves them to CPU 0, unpin_servers back.
pin_servers() {
  [ "$PIN" = 1 ] || return 0
  scan_processes
  place_tree "$PXE_PID" 0
  place_tree "$NGINX_PID" 0
}
unpin_servers() {
  [ "$PIN" = 1 ] || return 0
  scan_processes
  place_tree "$PXE_PID" "$ALL_CPUS"
  place_tree "$NGINX_PID" "$ALL_CPUS"
}

# Waits until something in the server namespace listens on TCP/UDP port $2 ($1: t or u).
wait_listen() {
  local proto="$1" port="$2" pid="$3" tries="$4" i
  for i in $(seq "$tries"); do
    ss -N "$SNS" -Hl"$proto"n "( sport = :$port )" 2>/dev/null | grep -q . && return 0
    alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- files

# The kernel put in the image and in the TFTP root: KERNEL (a path) and KERNEL_WHAT (what it is).
pick_kernel() {
  local k
  if [ -n "${PXEBENCH_KERNEL:-}" ]; then
    [ -r "$PXEBENCH_KERNEL" ] || die "PXEBENCH_KERNEL=$PXEBENCH_KERNEL is not readable"
    KERNEL="$PXEBENCH_KERNEL"; KERNEL_WHAT="$PXEBENCH_KERNEL (PXEBENCH_KERNEL)"
    return
  fi
  k="$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1)"
  if [ -n "$k" ] && [ -r "$k" ]; then
    KERNEL="$k"; KERNEL_WHAT="$k"
    return
  fi
  k="$(ls -t "$REPO"/artifacts/e2e-payload/*/vmlinuz 2>/dev/null | head -n1)"
  if [ -n "$k" ] && [ -r "$k" ]; then
    KERNEL="$k"; KERNEL_WHAT="the lab's test kernel ${k#"$REPO"/}"
    return
  fi
  KERNEL="$WORK/random-vmlinuz"
  dd if=/dev/urandom of="$KERNEL" bs=1M count=14 iflag=fullblock status=none
  KERNEL_WHAT="14 MiB of random bytes named vmlinuz (no /boot/vmlinuz-* and no artifacts/e2e-payload/*/vmlinuz here)"
}

make_files() {
  WWW="$WORK/www"; ROOT="$WORK/root"; DATA="$WORK/data"
  mkdir -p "$WWW" "$ROOT" "$DATA"
  chmod 755 "$WWW" "$ROOT" "$DATA"    # both servers drop to nobody and must read these
  pick_kernel
  log "making big.bin ($BIG_MIB MiB of random bytes) and the image"
  # Written in 1 MiB blocks, as xorriso writes the image: a file written in small pieces (head -c) sits in
  # the page cache in small folios and reads back several times slower, which would skew file vs image.
  dd if=/dev/urandom of="$WWW/big.bin" bs=1M count="$BIG_MIB" iflag=fullblock status=none || die "could not write big.bin"
  cp "$KERNEL" "$ROOT/vmlinuz" || die "could not copy $KERNEL"
  # PxeHost's root serves the same big.bin as a plain file (a hard link: no second copy on disk).
  ln "$WWW/big.bin" "$ROOT/big.bin" 2>/dev/null || cp "$WWW/big.bin" "$ROOT/big.bin"
  run_child xorriso -as mkisofs -quiet -R -J -V PXEBENCH -o "$WWW/$NAME.iso" -graft-points \
    "big.bin=$WWW/big.bin" "boot/vmlinuz=$ROOT/vmlinuz" >"$WORK/xorriso.log" 2>&1 \
    || die "xorriso failed: $(tail -5 "$WORK/xorriso.log")"
  chmod 644 "$WWW"/* "$ROOT"/*
  ISO_BYTES="$(stat -c %s "$WWW/$NAME.iso")"
  BIG_BYTES="$(stat -c %s "$WWW/big.bin")"
  KERNEL_BYTES="$(stat -c %s "$ROOT/vmlinuz")"
  ISO_SHA="$(sha256sum <"$WWW/$NAME.iso" | cut -d' ' -f1)"
  BIG_SHA="$(sha256sum <"$WWW/big.bin" | cut -d' ' -f1)"
  KERNEL_SHA="$(sha256sum <"$ROOT/vmlinuz" | cut -d' ' -f1)"
  log "image $ISO_BYTES bytes; kernel: $KERNEL_WHAT, $KERNEL_BYTES bytes"
  run_child "$REPO/pxehost" iso add "$WWW/$NAME.iso" --name "$NAME" --data-dir "$DATA" >"$WORK/iso-add.log" 2>&1 \
    || die "pxehost iso add failed: $(tail -5 "$WORK/iso-add.log")"
  make_ranges
}

# The ranged workload: RANGES random byte offsets (the same list for every server), each 1 MiB long,
# in [0, BIG_BYTES - 1 MiB] so that one list fits the image and the file in it. RANGE_LIST holds
# "first last" per line; EXPECT_SHA[image|file] the sha256 of the ranges cut from the local files, concatenated.
declare -A EXPECT_SHA
make_ranges() {
  local first last f
  RANGE_LIST="$WORK/ranges"
  awk -v n="$RANGES" -v max="$((BIG_BYTES - RANGE_BYTES))" -v len="$RANGE_BYTES" \
    'BEGIN { srand(12); for (i = 0; i < n; i++) { o = int(rand() * max); printf "%d %d\n", o, o + len - 1 } }' >"$RANGE_LIST"
  for f in image file; do
    local path="$WWW/$NAME.iso"
    [ "$f" = file ] && path="$WWW/big.bin"
    EXPECT_SHA["$f"]="$(while read -r first last; do
        dd if="$path" bs=1M iflag=skip_bytes,count_bytes skip="$first" count="$RANGE_BYTES" status=none
      done <"$RANGE_LIST" | sha256sum | cut -d' ' -f1)"
  done
}

# Writes a curl config for lines $3..$4 of the ranged workload against URL $1, bodies to $2
# (/dev/null or - for stdout); each transfer's status and size go to stderr.
ranges_config() {
  local url="$1" out="$2" from="$3" to="$4"
  # "next" separates transfers; one after the last would start a transfer without a URL.
  awk -v url="$url" -v out="$out" -v from="$from" -v to="$to" 'NR >= from && NR <= to {
      if (NR > from) print "next"
      printf "url = \"%s\"\nrange = \"%s-%s\"\noutput = \"%s\"\n", url, $1, $2, out
      print "write-out = \"%{stderr}%{http_code} %{size_download}\\n\""
    }' "$RANGE_LIST"
}

# ---------------------------------------------------------------- servers

start_pxehost() {
  local logf="$WORK/pxehost.log"
  # --proxy on the namespace's own veth: `serve --no-dhcp` serves a root only, never a data dir's images.
  # No client asks it for DHCP here; its proxyDHCP sockets stay idle.
  ip netns exec "$SNS" "$REPO/pxehost" serve --proxy --interface "$SVETH" --tftp-root "$ROOT" --tftp-port 69 \
    --http-port "$HTTP_PORT" --data-dir "$DATA" >"$logf" 2>&1 &
  PXE_PID=$!
  PIDS+=("$PXE_PID")
  wait_listen u 69 "$PXE_PID" 600 || die "PxeHost did not listen on $SADDR:69: $(tail -5 "$logf")"
  wait_listen t "$HTTP_PORT" "$PXE_PID" 300 || die "PxeHost did not listen on :$HTTP_PORT: $(tail -5 "$logf")"
  [ "$(cat "/proc/$PXE_PID/comm" 2>/dev/null)" = dotnet ] || log "  warning: pid $PXE_PID is $(cat "/proc/$PXE_PID/comm" 2>/dev/null), not dotnet"
  PXE_BUILD="$(sha256sum <"$DLL" | cut -c1-12)"
  log "PxeHost serving (pid $PXE_PID, build $PXE_BUILD)"
}

start_nginx() {
  local dir="$WORK/nginx"
  mkdir -p "$dir"
  # Debian's nginx.conf defaults where they matter here (sendfile, tcp_nopush, workers, keep-alive);
  # everything it writes stays in $dir.
  cat >"$dir/nginx.conf" <<EOF
user nobody nogroup;
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $WORK/nginx.log warn;
events { worker_connections 768; }
http {
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  types { }
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen $SADDR:$NGINX_PORT;
    root $WWW;
  }
}
EOF
  ip netns exec "$SNS" nginx -e "$WORK/nginx.log" -p "$dir" -c "$dir/nginx.conf" >>"$WORK/nginx.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_listen t "$NGINX_PORT" "$NGINX_PID" 100 || die "nginx did not listen on :$NGINX_PORT: $(tail -5 "$WORK/nginx.log")"
  NGINX_VERSION="$(nginx -v 2>&1 | sed 's/.*version: //')"
  log "nginx $NGINX_VERSION serving (pid $NGINX_PID)"
}

# Peak RSS (VmHWM) of pid $1 and its descendants, the largest of them, in MB.
peak_rss() {
  local pid="$1" kid kb max=0
  scan_processes
  for kid in "$pid" ${KIDS[$pid]:-}; do
    kb="$(awk '/^VmHWM:/ { print $2 }' "/proc/$kid/status" 2>/dev/null)"
    [ -n "$kb" ] && [ "$kb" -gt "$max" ] && max="$kb"
  done
  awk -v k="$max" 'BEGIN { if (k > 0) printf "%.1f", k * 1024 / 1e6; else print "?" }'
}

# ---------------------------------------------------------------- measurements

declare -A RESULT SECS NOTE CHECK

us_now() { local t="${EPOCHREALTIME/./}"; echo "$((10#$t))"; }
mbps() { awk -v b="$1" -v us="$2" 'BEGIN { if (us <= 0) print "0"; else printf "%.1f", b / us }'; }  # bytes per us = MB/s

# Seconds a client may still take, at most $1; 0 when the budget is spent.
allowed() {
  local left=$((HARD_BUDGET - SECONDS))
  [ "$left" -lt 5 ] && { echo 0; return; }
  [ "$left" -lt "$1" ] && { echo "$left"; return; }
  echo "$1"
}

base_of() { [ "$1" = PxeHost ] && echo "http://$SADDR:$HTTP_PORT" || echo "http://$SADDR:$NGINX_PORT"; }

# URL of HTTP case $1 on server $2.
url_of() {
  local base
  base="$(base_of "$2")"
  case "$1|$2" in
    whole\|PxeHost|rimage\|PxeHost) echo "$base/iso/$NAME.iso" ;;
    inside\|PxeHost|rfile\|PxeHost|pfile\|PxeHost) echo "$base/iso/$NAME/big.bin" ;;
    plain\|PxeHost) echo "$base/big.bin" ;;
    whole\|*|rimage\|*) echo "$base/$NAME.iso" ;;
    *) echo "$base/big.bin" ;;
  esac
}

# Keeps rate $3 (and seconds $4) as the result of case $1 on server $2 when it is the first or better.
keep() {
  local key="$1|$2"
  if [ -z "${RESULT[$key]:-}" ] || [ "${RESULT[$key]}" = FAIL ] \
    || awk -v a="$3" -v b="${RESULT[$key]}" 'BEGIN { exit !(a > b) }'; then
    RESULT["$key"]="$3"; SECS["$key"]="$4"
  fi
}
failed() { NOTE["$1|$2"]="$3"; [ -n "${RESULT[$1|$2]:-}" ] || RESULT["$1|$2"]=FAIL; log "  $1 vs $2: FAILED ($3)"; }

# One whole GET of case $1 from server $2, $3 bytes expected.
http_get() {
  local case="$1" server="$2" expect="$3" tmo t0 t1 out rc
  tmo="$(allowed "$T_GET")"
  [ "$tmo" = 0 ] && { NOTE["$case|$server"]="time budget spent"; return; }
  t0="$(us_now)"
  out="$(run_child in_client timeout "$tmo" curl -s -S -o /dev/null -w '%{http_code} %{size_download}' "$(url_of "$case" "$server")" 2>"$WORK/client.err")"
  rc=$?
  t1="$(us_now)"
  if [ "$rc" != 0 ] || [ "$out" != "200 $expect" ]; then
    failed "$case" "$server" "exit $rc, got '$out', want '200 $expect' $(head -c 200 "$WORK/client.err" | tr '\n' ' ')"
    return
  fi
  keep "$case" "$server" "$(mbps "$expect" "$((t1 - t0))")" "$(awk -v u=$((t1 - t0)) 'BEGIN { printf "%.2f", u / 1e6 }')"
  log "  $case vs $server: ${RESULT[$case|$server]} MB/s best"
}

# Checks the lines curl wrote per ranged transfer in file $1: $2 of them, each "206 1048576".
ranges_ok() {
  local n bad
  n="$(grep -c . "$1")"
  bad="$(grep -vc "^206 $RANGE_BYTES\$" "$1")"
  [ "$n" = "$2" ] && [ "$bad" = 0 ]
}

# The ranged workload of case $1 (rimage, rfile: one curl; pfile: PAR curls at once) against server $2.
http_ranges() {
  local case="$1" server="$2" tmo t0 t1 i n per from to pids=() rc=0 url
  tmo="$(allowed "$T_RANGES")"
  [ "$tmo" = 0 ] && { NOTE["$case|$server"]="time budget spent"; return; }
  url="$(url_of "$case" "$server")"
  n=1; [ "$case" = pfile ] && n="$PAR"
  per=$((RANGES / n))
  for i in $(seq "$n"); do
    from=$(((i - 1) * per + 1)); to=$((i * per))
    ranges_config "$url" /dev/null "$from" "$to" >"$WORK/ranges-$i.curl"
  done
  t0="$(us_now)"
  for i in $(seq "$n"); do
    if [ "$n" = 1 ]; then
      in_client timeout "$tmo" curl -s -S -K "$WORK/ranges-$i.curl" 2>"$WORK/ranges-$i.out" &
    else
      in_client_any_cpu timeout "$tmo" curl -s -S -K "$WORK/ranges-$i.curl" 2>"$WORK/ranges-$i.out" &
    fi
    pids+=("$!"); PIDS+=("$!")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || rc=$?; done
  t1="$(us_now)"
  PIDS=("${PIDS[@]:0:${#PIDS[@]}-n}")
  cat "$WORK"/ranges-*.out >"$WORK/ranges.all"
  rm -f "$WORK"/ranges-*.out "$WORK"/ranges-*.curl
  if [ "$rc" != 0 ] || ! ranges_ok "$WORK/ranges.all" "$((per * n))"; then
    failed "$case" "$server" "exit $rc; $(sort "$WORK/ranges.all" | uniq -c | sort -rn | head -3 | tr '\n' ' ')"
    return
  fi
  keep "$case" "$server" "$(mbps $((per * n * RANGE_BYTES)) "$((t1 - t0))")" "$(awk -v u=$((t1 - t0)) 'BEGIN { printf "%.2f", u / 1e6 }')"
  log "  $case vs $server: ${RESULT[$case|$server]} MB/s best"
}

# Unmeasured: the bytes each server sends. Whole GETs piped into sha256sum, and the ranged workload's
# bodies concatenated against the same ranges cut from the local files. Sets CHECK[server].
verify() {
  local server="$1" sha bad="" f want case
  for case in whole inside; do
    want="$ISO_SHA"; [ "$case" = inside ] && want="$BIG_SHA"
    sha="$(run_child in_client_any_cpu timeout 300 sh -c 'curl -s -S "$1" | sha256sum' sh "$(url_of "$case" "$server")" | cut -d' ' -f1)"
    [ "$sha" = "$want" ] || bad+="${bad:+; }$case GET sha256 differs"
  done
  for f in image file; do
    case="rimage"; [ "$f" = file ] && case="rfile"
    ranges_config "$(url_of "$case" "$server")" - 1 "$RANGES" >"$WORK/verify.curl"
    sha="$(run_child in_client_any_cpu timeout 300 curl -s -S -K "$WORK/verify.curl" 2>"$WORK/verify.out" | sha256sum | cut -d' ' -f1)"
    ranges_ok "$WORK/verify.out" "$RANGES" || bad+="${bad:+; }ranges on the $f: not all 206 with $RANGE_BYTES bytes"
    [ "$sha" = "${EXPECT_SHA[$f]}" ] || bad+="${bad:+; }ranges on the $f: sha256 differs"
  done
  CHECK["$server"]="${bad:-OK}"
  log "  bytes from $server: ${CHECK[$server]}"
}

# One TFTP transfer of the kernel, case $1 (iso512, plain512, iso1408, plain1408), round $2.
tftp_get() {
  local case="$1" round="$2" tmo t0 t1 rc size out="$WORK/tftp.out" file opts=()
  file="vmlinuz"; [ "${case#iso}" != "$case" ] && file="iso/$NAME/boot/vmlinuz"
  [ "${case%1408}" != "$case" ] && opts=(--tftp-blksize 1408)
  tmo="$(allowed 120)"
  [ "$tmo" = 0 ] && { NOTE["$case|PxeHost"]="time budget spent"; return; }
  rm -f "$out"
  t0="$(us_now)"
  run_child in_client timeout "$tmo" curl -s -S "${opts[@]}" -o "$out" "tftp://$SADDR/$file" 2>"$WORK/client.err"
  rc=$?
  t1="$(us_now)"
  size="$(stat -c %s "$out" 2>/dev/null || echo 0)"
  if [ "$rc" != 0 ] || [ "$size" != "$KERNEL_BYTES" ]; then
    failed "$case" PxeHost "exit $rc, $size of $KERNEL_BYTES bytes $(head -c 200 "$WORK/client.err" | tr '\n' ' ')"
    return
  fi
  if [ "$round" = 1 ] && [ "$(sha256sum <"$out" | cut -d' ' -f1)" != "$KERNEL_SHA" ]; then
    NOTE["$case|PxeHost"]="sha256 mismatch"; RESULT["$case|PxeHost"]=FAIL
    log "  $case: FAILED (sha256 mismatch)"
    return
  fi
  rm -f "$out"
  [ "${NOTE[$case|PxeHost]:-}" = "sha256 mismatch" ] && return
  keep "$case" PxeHost "$(mbps "$KERNEL_BYTES" "$((t1 - t0))")" "$(awk -v u=$((t1 - t0)) 'BEGIN { printf "%.2f", u / 1e6 }')"
  log "  $case (tftp $file): $(mbps "$KERNEL_BYTES" "$((t1 - t0))") MB/s"
}

# One round of the pinned cases; the servers' order alternates per round. Sets ROUND_S.
run_round() {
  local round="$1" t0=$SECONDS order=(PxeHost nginx) s case
  [ $((round % 2)) = 0 ] && order=(nginx PxeHost)
  log "round $round (${order[*]})"
  for case in whole inside; do
    for s in "${order[@]}"; do
      http_get "$case" "$s" "$([ "$case" = whole ] && echo "$ISO_BYTES" || echo "$BIG_BYTES")"
    done
  done
  http_get plain PxeHost "$BIG_BYTES"
  for case in rimage rfile; do
    for s in "${order[@]}"; do http_ranges "$case" "$s"; done
  done
  if [ $((round % 2)) = 1 ]; then
    for case in iso512 plain512 iso1408 plain1408; do tftp_get "$case" "$round"; done
  else
    for case in plain512 iso512 plain1408 iso1408; do tftp_get "$case" "$round"; done
  fi
  ROUNDS_DONE="$round"
  ROUND_S=$((SECONDS - t0))
}

# ---------------------------------------------------------------- report

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "FAIL" || b == "FAIL" || b + 0 <= 0) print "-"; else printf "%.2f", a / b }'; }
met() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "-") print "NOT MET"; else print (r + 0 >= t) ? "MET" : "NOT MET" }'; }

report() {
  local fmt='%-44s %10s %10s %9s %8s %8s %s\n' case label r a b line
  declare -A LABEL=(
    [whole]="whole image GET" [inside]="file in image GET (big.bin)" [plain]="plain file GET (big.bin in root)"
    [rimage]="$RANGES x 1 MiB ranges, image" [rfile]="$RANGES x 1 MiB ranges, file in image"
    [pfile]="$PAR clients x $((RANGES / PAR)) ranges, file in image"
  )
  echo
  echo "ISO serving benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "image: bench.iso $ISO_BYTES bytes (xorriso, Rock Ridge + Joliet): big.bin $BIG_BYTES bytes of random bytes, boot/vmlinuz"
  echo "kernel: $KERNEL_WHAT, $KERNEL_BYTES bytes"
  echo "servers: PxeHost build $PXE_BUILD (serve --proxy on its veth, HTTP :$HTTP_PORT, TFTP :69); nginx $NGINX_VERSION (sendfile on, :$NGINX_PORT)"
  echo "single-client cases: best of $ROUNDS_DONE round(s) (of $RUNS planned); $PAR-client case: best of $PAR_DONE run(s); MB = 10^6 bytes"
  if [ "$PIN" = 1 ]; then
    echo "cpu: single-client cases: servers (all threads, all nginx processes) on CPU 0, curl on CPU 1 (taskset); $PAR-client case: unpinned"
  else
    echo "cpu: unpinned"
  fi
  echo
  printf "$fmt" "HTTP case (curl)" "PxeHost" "nginx" "PxeHost/" "PxeHost" "nginx" ""
  printf "$fmt" "" "(MB/s)" "(MB/s)" "nginx" "(s)" "(s)" ""
  printf "$fmt" "--------------------------------------------" "----------" "----------" "---------" "--------" "--------" ""
  for case in whole inside plain rimage rfile pfile; do
    a="${RESULT[$case|PxeHost]:--}"; b="${RESULT[$case|nginx]:--}"
    [ "$case" = plain ] && b="${RESULT[inside|nginx]:--}"
    r="$(ratio "$a" "$b")"
    line=""
    [ "$case" = plain ] && line="(not a target: PxeHost's plain file, vs nginx's big.bin)"
    printf "$fmt" "${LABEL[$case]}" "$a" "$b" "$r" "${SECS[$case|PxeHost]:--}" "$([ "$case" = plain ] && echo "${SECS[inside|nginx]:--}" || echo "${SECS[$case|nginx]:--}")" "$line"
  done
  echo
  printf '%-44s %10s %10s %9s\n' "TFTP case (PxeHost, curl, lockstep)" "from ISO" "plain" "ISO/"
  printf '%-44s %10s %10s %9s\n' "" "(MB/s)" "(MB/s)" "plain"
  printf '%-44s %10s %10s %9s\n' "--------------------------------------------" "----------" "----------" "---------"
  for b in 512 1408; do
    printf '%-44s %10s %10s %9s\n' "kernel, blksize $b" "${RESULT[iso$b|PxeHost]:--}" "${RESULT[plain$b|PxeHost]:--}" \
      "$(ratio "${RESULT[iso$b|PxeHost]:-}" "${RESULT[plain$b|PxeHost]:-}")"
  done
  echo
  echo "RSS: PxeHost peak (VmHWM) $PXE_RSS MB over the whole run; nginx's largest process $NGINX_RSS MB"
  echo "bytes checked (sha256 of whole GETs and of the ranged workload's bodies): PxeHost ${CHECK[PxeHost]:-not checked}; nginx ${CHECK[nginx]:-not checked}"
  echo
  echo "targets:"
  for case in whole inside rimage rfile pfile; do
    r="$(ratio "${RESULT[$case|PxeHost]:-}" "${RESULT[$case|nginx]:-}")"
    printf '  %-62s %-8s (%sx)\n' "HTTP ${LABEL[$case]}: PxeHost >= 0.9x nginx" "$(met "$r" 0.9)" "$r"
  done
  for b in 512 1408; do
    r="$(ratio "${RESULT[iso$b|PxeHost]:-}" "${RESULT[plain$b|PxeHost]:-}")"
    printf '  %-62s %-8s (%sx)\n' "TFTP kernel blksize $b: from the ISO >= 0.95x plain file" "$(met "$r" 0.95)" "$r"
  done
  [ "${CHECK[PxeHost]:-}" = OK ] || echo "  PxeHost's bytes were NOT verified OK: its figures do not count"
  [ "$QUICK" = 1 ] && echo "  (--quick: $BIG_MIB MiB file, $RANGES ranges, best of $RUNS; run without --quick for the real figures)"
  [ "$ROUNDS_DONE" -lt "$RUNS" ] && echo "  (only $ROUNDS_DONE of $RUNS rounds fitted in the time budget: the machine was slow or busy)"
  for line in "${!NOTE[@]}"; do
    echo "note: ${line/|/ vs }: ${NOTE[$line]}"
  done | sort
  local bad
  bad="$(grep -E '^[0-9:.]+ (warn|warning|fail|error|crit|critical): ' "$WORK/pxehost.log" | head -5)"
  [ -n "$bad" ] && echo "$bad" | sed 's/^/PxeHost said: /'
  [ "$(sha256sum <"$DLL" | cut -c1-12)" = "$PXE_BUILD" ] || echo "note: PxeHost's binaries changed during the run (the figures are the build that started)"
  return 0
}

# ---------------------------------------------------------------- main

main() {
  local round t_round s i
  install_tools
  for s in nginx curl xorriso dotnet nsenter taskset ss; do
    command -v "$s" >/dev/null || die "$s not found"
  done
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/pxeiso.XXXXXX")"
  chmod 755 "$WORK"

  log "building PxeHost if needed"
  "$REPO/pxehost" --help >/dev/null || die "pxehost does not build"
  make_files

  setup_net
  start_pxehost
  start_nginx

  log "checking the bytes each server sends (unmeasured; also warms both up)"
  verify PxeHost
  verify nginx

  pin_servers
  run_round 1
  t_round=$ROUND_S
  for round in $(seq 2 "$RUNS"); do
    if [ $((SECONDS + t_round + 30)) -gt "$HARD_BUDGET" ]; then
      log "round $round left out: it would take ~${t_round}s and end past the ${HARD_BUDGET}s budget"
      break
    fi
    run_round "$round"
    [ "$ROUND_S" -gt "$t_round" ] && t_round=$ROUND_S
  done

  unpin_servers
  PAR_DONE=0
  log "$PAR clients at once (unpinned)"
  for i in $(seq "$RUNS"); do
    [ "$(allowed 60)" -lt 30 ] && break
    for s in PxeHost nginx; do http_ranges pfile "$s"; done
    PAR_DONE="$i"
  done

  PXE_RSS="$(peak_rss "$PXE_PID")"
  NGINX_RSS="$(peak_rss "$NGINX_PID")"
  report
  log "done in ${SECONDS}s"
}

main
