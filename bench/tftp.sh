#!/usr/bin/env bash
# TFTP read benchmark: PxeHost against tftpd-hpa, dnsmasq and atftpd.
#
#   sudo bench/tftp.sh [--quick] [--no-pin]        (root, Debian 12)
#
# A benchmark, not a test: it prints a table and whether the targets are met, and
# exits 0 whenever it could measure. Everything runs over a veth pair between two
# network namespaces made here (server 10.213.7.1, client 10.213.7.2); no traffic
# leaves them. Each server runs alone on port 69 and is stopped by pid afterwards.
# Figures are noisy on a busy 2-core machine; each single transfer takes the best
# of 3 runs (2 with --quick, which also uses a 16 MiB file instead of 64 MiB).
# The runs are rounds over all servers, so that load from elsewhere hits every
# server alike; a round that would not fit in the time budget is left out and the
# header says how many ran.
# MB means 10^6 bytes. PXEBENCH_LOGS=DIR keeps the servers' logs in DIR.
#
# CPU placement: for the link limit and the single transfers the server runs on
# CPU 0 and the client on CPU 1, as if they were two one-core hosts. Unpinned, a
# lockstep transfer is as fast as the scheduler's choice: client and server
# sharing a core hand packets over without a cross-CPU wake-up and run ~3-4x
# faster than on two cores, and the kernel flips between the two from run to run,
# so the ratios between servers become noise. The concurrent batches run
# unpinned (the server's affinity is widened first): 200 curl processes on one
# core would measure curl, not the server. --no-pin leaves all placement to the
# scheduler.
set -uo pipefail
export LC_ALL=C

QUICK=0
PIN=1
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --no-pin) PIN=0 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--quick] [--no-pin]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "bench/tftp.sh: run as root (network namespaces, port 69)" >&2
  exit 2
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SADDR=10.213.7.1
CADDR=10.213.7.2
SNS="pxebench-srv-$$"
CNS="pxebench-cli-$$"
SVETH="pxbs$$"          # interface names stay under 16 characters
CVETH="pxbc$$"
RUNS=3
BIG_MIB=64
[ "$QUICK" = 1 ] && { RUNS=2; BIG_MIB=16; }
BIG="f$BIG_MIB"         # file for single transfers and the 32-client batch
SMALL_MIB=30
SMALL="f$SMALL_MIB"     # file for the 200-client batch
CONC=32
MANY=200
# Time bounds (seconds since start). Clients end by HARD_BUDGET: each runs under `timeout`,
# clamped to what is left, with D_RESERVE set aside for the 200-client batch until it has run;
# rounds after the first start only when one fits.
T_SINGLE=60             # one single transfer
T_BATCH=120             # one batch of 32 clients
D_RESERVE=180           # the batch of 200 clients
HARD_BUDGET=450
D_DONE=0
ROUNDS_DONE=0

SERVERS=(PxeHost tftpd-hpa dnsmasq atftpd)
PEERS=(tftpd-hpa dnsmasq atftpd)

WORK=""
PIDS=()
NETNS_MADE=0

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
    # Anything still inside our namespaces was started by this script (forked workers).
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

PACKAGES=(curl tftp-hpa atftp atftpd dnsmasq iperf3 iproute2)
DAEMONS=(dnsmasq atftpd in.tftpd iperf3 inetd xinetd)

daemon_pids() { local d; for d in "${DAEMONS[@]}"; do pgrep -x "$d"; done 2>/dev/null | sort; }

install_tools() {
  local p missing=() before after pid
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  log "installing: ${missing[*]}"
  before="$(daemon_pids)"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >&2 || die "apt-get install failed"
  # A package may start its Debian service: stop any daemon that was not there before, by pid.
  after="$(daemon_pids)"
  for pid in $(comm -13 <(echo "$before") <(echo "$after")); do
    log "stopping daemon started by the install: pid $pid ($(cat /proc/"$pid"/comm 2>/dev/null))"
    kill "$pid" 2>/dev/null
  done
}

# tftpd-hpa conflicts with atftpd as a package: unpack it and run its binary from $WORK.
fetch_tftpd_hpa() {
  local dir="$WORK/deb"
  mkdir -p "$dir"
  id _apt >/dev/null 2>&1 && chown _apt "$dir"      # apt fetches as _apt
  if ! (cd "$dir" && apt-get download -qq tftpd-hpa >/dev/null 2>&1); then
    apt-get update -qq && (cd "$dir" && apt-get download -qq tftpd-hpa >/dev/null 2>&1) \
      || die "apt-get download tftpd-hpa failed"
  fi
  dpkg -x "$dir"/tftpd-hpa_*.deb "$dir/x" || die "dpkg -x tftpd-hpa failed"
  HPA="$dir/x/usr/sbin/in.tftpd"
  [ -x "$HPA" ] || die "no in.tftpd in the tftpd-hpa package"
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

SRV_PIN=()
CLI_PIN=()
ALL_CPUS="$(taskset -p -c $$ | sed 's/.*: //')"
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  SRV_PIN=(taskset -c 0)
  CLI_PIN=(taskset -c 1)
else
  PIN=0
fi

# Runs a command in the client namespace, on the clients' CPU.
in_client() { nsenter --net="/run/netns/$CNS" "${CLI_PIN[@]}" "$@"; }
in_client_any_cpu() { nsenter --net="/run/netns/$CNS" "$@"; }

# Lets a running server (all its threads) use every CPU this script may use.
unpin_server() {
  [ "$PIN" = 1 ] || return 0
  taskset -a -p -c "$ALL_CPUS" "$1" >/dev/null || log "  warning: could not widen the CPU affinity of pid $1"
}
# Servers start as `ip netns exec "$SNS" CMD &` (ip execs, so $! is the server's pid) on all CPUs, so
# that PxeHost's runtime sizes itself for the machine; pin_server then moves every thread to CPU 0.
pin_server() {
  [ "$PIN" = 1 ] || return 0
  taskset -a -p -c 0 "$1" >/dev/null || log "  warning: could not pin pid $1 to CPU 0"
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

# Receiver-side UDP rate of the veth link, in MB/s.
measure_link() {
  local pid out
  ip netns exec "$SNS" "${SRV_PIN[@]}" iperf3 -s -1 -B "$SADDR" -p 5201 >"$WORK/iperf3-server.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  wait_listen t 5201 "$pid" 50 || die "iperf3 server did not start: $(tail -3 "$WORK/iperf3-server.log")"
  run_child in_client timeout 30 iperf3 -c "$SADDR" -p 5201 -u -b 0 -l 1472 -t 5 -f m >"$WORK/iperf3-client.log" 2>&1
  out="$(cat "$WORK/iperf3-client.log")"
  stop_pid "$pid"
  LINK="$(echo "$out" | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") { printf "%.1f", $(i-1) / 8; exit } }')"
  [ -n "$LINK" ] || die "could not read iperf3's receiver rate: $out"
  LINK_LOSS="$(echo "$out" | awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i ~ /^\(/) { gsub(/[()]/, "", $i); print $i; exit } }')"
  log "link UDP limit (iperf3 receiver, 1472-byte datagrams): $LINK MB/s (loss ${LINK_LOSS:-?})"
}

# ---------------------------------------------------------------- servers

SPID=""
STARTS=0
STAGE=""                # what the next server start is for; kept per log in LOG_STAGE
declare -A LOG_STAGE LOG_BUILD

start_server() {
  local name="$1" wait_tries=50 i
  STARTS=$((STARTS + 1))
  local logf="$WORK/$STARTS-$name.log"
  LOG_STAGE["$logf"]="$STAGE"
  case "$name" in
    PxeHost)
      # Every client of the bench is one address: the per-address transfer limit is lifted past $MANY.
      ip netns exec "$SNS" "$REPO/pxehost" serve --tftp-root "$ROOT" --listen "$SADDR" --tftp-port 69 --no-dhcp \
        --tftp-max-transfers-per-client 1000 \
        >"$logf" 2>&1 &
      ;;
    tftpd-hpa)
      # -L: standalone in the foreground; -s: chroot to the root; it forks one child per transfer.
      ip netns exec "$SNS" "$HPA" -L -s "$ROOT" -a "$SADDR:69" >"$logf" 2>&1 &
      ;;
    dnsmasq)
      ip netns exec "$SNS" dnsmasq --no-daemon --port=0 --enable-tftp --tftp-root="$ROOT" \
        --listen-address="$SADDR" --bind-interfaces --conf-file=/dev/null --pid-file= \
        --log-facility=- >"$logf" 2>&1 &
      ;;
    atftpd)
      ip netns exec "$SNS" atftpd --daemon --no-fork --bind-address "$SADDR" --port 69 \
        --logfile - "$ROOT" >"$logf" 2>&1 &
      ;;
  esac
  SPID=$!
  PIDS+=("$SPID")
  if [ "$name" = PxeHost ]; then
    for i in $(seq 1200); do               # a build may run first
      grep -q "TFTP serving" "$logf" && break
      alive "$SPID" || break
      sleep 0.1
    done
    grep -q "TFTP serving" "$logf" || die "PxeHost did not start: $(tail -5 "$logf")"
    # Which build served: the tree may be rebuilt by someone else while this runs.
    LOG_BUILD["$logf"]="$(cat "$REPO"/artifacts/bin/PxeHost.Cli/release/PxeHost*.dll 2>/dev/null | sha256sum | cut -c1-12)"
  fi
  wait_listen u 69 "$SPID" "$wait_tries" || die "$name did not listen on $SADDR:69: $(tail -5 "$logf")"
  log "$name serving (pid $SPID)"
}

stop_server() {
  local i pid
  stop_pid "$SPID"
  # tftpd-hpa's forked children end with their transfers; give them a moment, then make port 69 free.
  for pid in $(ip netns pids "$SNS" 2>/dev/null); do
    for i in $(seq 20); do alive "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  for i in $(seq 50); do
    ss -N "$SNS" -Hlun "( sport = :69 )" 2>/dev/null | grep -q . || break
    sleep 0.1
  done
  SPID=""
}

# ---------------------------------------------------------------- measurements

declare -A RESULT NOTE
CASES=(L512 L1468c L1468a W16 W64 C32)
declare -A CASE_LABEL=(
  [L512]="lockstep blksize 512" [L1468c]="lockstep blksize 1468" [L1468a]="lockstep blksize 1468"
  [W16]="windowsize 16 blksize 1468" [W64]="windowsize 64 blksize 1468" [C32]="$CONC concurrent, blksize 1468"
)
declare -A CASE_CLIENT=(
  [L512]="curl" [L1468c]="curl" [L1468a]="atftp" [W16]="atftp" [W64]="atftp" [C32]="${CONC}x curl"
)

# Seconds a client may still take, at most $1; 0 when the budget is spent.
allowed() {
  local left=$((HARD_BUDGET - SECONDS))
  [ "$D_DONE" = 0 ] && left=$((left - D_RESERVE))
  [ "$left" -lt 5 ] && { echo 0; return; }
  [ "$left" -lt "$1" ] && { echo "$left"; return; }
  echo "$1"
}

us_now() { local t="${EPOCHREALTIME/./}"; echo "$((10#$t))"; }
mbps() { awk -v b="$1" -v us="$2" 'BEGIN { if (us <= 0) print "0"; else printf "%.1f", b / us }'; }  # bytes per us = MB/s

# Builds the client command for case $1 writing to $2 into CLIENT_CMD.
client_cmd() {
  local case="$1" out="$2"
  case "$case" in
    L512)   CLIENT_CMD=(curl -s -S -o "$out" "tftp://$SADDR/$BIG") ;;
    L1468c) CLIENT_CMD=(curl -s -S --tftp-blksize 1468 -o "$out" "tftp://$SADDR/$BIG") ;;
    L1468a) CLIENT_CMD=(atftp --option "blksize 1468" -g -r "$BIG" -l "$out" "$SADDR") ;;
    W16)    CLIENT_CMD=(atftp --option "blksize 1468" --option "windowsize 16" -g -r "$BIG" -l "$out" "$SADDR") ;;
    W64)    CLIENT_CMD=(atftp --option "blksize 1468" --option "windowsize 64" -g -r "$BIG" -l "$out" "$SADDR") ;;
  esac
}

# One run of a single-transfer case against the running server; RESULT keeps the best rate.
# The output's size is checked each run, its sha256 in round 1.
single_case() {
  local server="$1" case="$2" round="$3" t0 t1 rc size rate out="$WORK/out" tmo key="$2|$1"
  tmo="$(allowed "$T_SINGLE")"
  if [ "$tmo" = 0 ]; then
    NOTE["$key"]="time budget spent before round $round"
    return
  fi
  rm -f "$out"
  client_cmd "$case" "$out"
  t0="$(us_now)"
  run_child in_client timeout "$tmo" "${CLIENT_CMD[@]}" >/dev/null 2>"$WORK/client.err"
  rc=$?
  t1="$(us_now)"
  size="$(stat -c %s "$out" 2>/dev/null || echo 0)"
  if [ "$rc" != 0 ] || [ "$size" != "$BIG_BYTES" ]; then
    [ "$rc" = 124 ] && rc="124, timed out after $tmo s"
    log "  $case ${CASE_CLIENT[$case]} vs $server round $round: FAILED (exit $rc, $size of $BIG_BYTES bytes) $(head -c 200 "$WORK/client.err" | tr '\n' ' ')"
    NOTE["$key"]="round $round failed: exit $rc, $size of $BIG_BYTES bytes"
    [ -n "${RESULT[$key]:-}" ] || RESULT["$key"]=FAIL
    rm -f "$out"
    return
  fi
  if [ "$round" = 1 ] && [ "$(sha256sum <"$out" | cut -d' ' -f1)" != "$BIG_SHA" ]; then
    log "  $case ${CASE_CLIENT[$case]} vs $server round $round: FAILED (sha256 mismatch)"
    NOTE["$key"]="sha256 mismatch"
    RESULT["$key"]=FAIL
    rm -f "$out"
    return
  fi
  rm -f "$out"
  rate="$(mbps "$BIG_BYTES" "$((t1 - t0))")"
  log "  $case ${CASE_CLIENT[$case]} vs $server round $round: $rate MB/s"
  [ "${NOTE[$key]:-}" = "sha256 mismatch" ] && return
  if [ -z "${RESULT[$key]:-}" ] || [ "${RESULT[$key]}" = FAIL ] \
    || awk -v a="$rate" -v b="${RESULT[$key]}" 'BEGIN { exit !(a > b) }'; then
    RESULT["$key"]="$rate"
  fi
}

# One unmeasured transfer (on any CPU, so it is quick), so that no server is measured cold
# (PxeHost's JIT; each round restarts the servers).
warm_up() {
  local tmo
  tmo="$(allowed 30)"
  [ "$tmo" = 0 ] && return
  run_child in_client_any_cpu timeout "$tmo" curl -s --tftp-blksize 1468 -o /dev/null "tftp://$SADDR/$SMALL" >/dev/null 2>&1 \
    || log "  warm-up transfer failed"
}

# $1 concurrent curl clients fetching $2 ($3 bytes), each limited to $4 seconds; sets BATCH_US,
# BATCH_BYTES (as the clients report), BATCH_FAILED (exit status) and BATCH_SHORT (wrong size).
batch() {
  local n="$1" file="$2" expect="$3" timeout_s="$4" i t0 t1 pid size
  local dir="$WORK/batch"
  local pids=()
  rm -rf "$dir"; mkdir -p "$dir"
  t0="$(us_now)"
  for i in $(seq "$n"); do
    if [ "$i" = 1 ]; then
      in_client_any_cpu timeout "$timeout_s" curl -s -S --tftp-blksize 1468 -o "$dir/out" -w '%{size_download}\n' \
        "tftp://$SADDR/$file" >"$dir/$i.size" 2>"$dir/$i.err" &
    else
      in_client_any_cpu timeout "$timeout_s" curl -s -S --tftp-blksize 1468 -o /dev/null -w '%{size_download}\n' \
        "tftp://$SADDR/$file" >"$dir/$i.size" 2>"$dir/$i.err" &
    fi
    pid=$!; pids+=("$pid"); PIDS+=("$pid")
  done
  BATCH_FAILED=0
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || BATCH_FAILED=$((BATCH_FAILED + 1))
  done
  t1="$(us_now)"
  BATCH_US=$((t1 - t0))
  BATCH_BYTES=0
  BATCH_SHORT=0
  for i in $(seq "$n"); do
    size="$(head -n1 "$dir/$i.size" 2>/dev/null)"
    [[ "$size" =~ ^[0-9]+$ ]] || size=0
    [ "$size" = "$expect" ] || BATCH_SHORT=$((BATCH_SHORT + 1))
    BATCH_BYTES=$((BATCH_BYTES + size))
  done
  BATCH_OUT="$dir/out"
  BATCH_ERR="$(cat "$dir"/*.err 2>/dev/null | sort | uniq -c | sort -rn | head -3 | tr '\n' ' ')"
  PIDS=("${PIDS[@]:0:${#PIDS[@]}-n}")
}

# CPU time (user + system, with reaped children such as tftpd-hpa's workers) of pid $1, in ticks.
cpu_ticks() {
  local line rest fields
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }
  rest="${line##*) }"
  read -r -a fields <<<"$rest"
  echo $((fields[11] + fields[12] + fields[13] + fields[14]))   # utime stime cutime cstime
}

declare -A BATCH_CPU    # server -> CPU seconds it used in the 32-client batch

concurrent_case() {
  local server="$1" sha rate tmo c0
  tmo="$(allowed "$T_BATCH")"
  if [ "$tmo" = 0 ]; then
    NOTE["C32|$server"]="skipped: time budget spent"
    return
  fi
  c0="$(cpu_ticks "$SPID")"
  batch "$CONC" "$BIG" "$BIG_BYTES" "$tmo"
  BATCH_CPU["$server"]="$(awk -v t=$(($(cpu_ticks "$SPID") - c0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f s", t / hz }')"
  # tftpd-hpa ignores SIGCHLD: its per-transfer workers are reaped unaccounted.
  [ "$server" = tftpd-hpa ] && BATCH_CPU["$server"]="n/a (forked workers)"
  sha="$(sha256sum <"$BATCH_OUT" 2>/dev/null | cut -d' ' -f1)"
  rate="$(mbps "$BATCH_BYTES" "$BATCH_US")"
  if [ "$sha" != "$BIG_SHA" ]; then
    NOTE["C32|$server"]="client 1 sha256 mismatch"
  fi
  if [ "$BATCH_FAILED" != 0 ] || [ "$BATCH_SHORT" != 0 ]; then
    NOTE["C32|$server"]="$BATCH_FAILED of $CONC clients failed or timed out (limit $tmo s), $BATCH_BYTES of $((CONC * BIG_BYTES)) bytes counted: $BATCH_ERR"
  fi
  log "  C32 vs $server: $BATCH_BYTES bytes in $(awk -v u="$BATCH_US" 'BEGIN { printf "%.2f", u / 1e6 }') s = $rate MB/s, server CPU ${BATCH_CPU[$server]}${NOTE[C32|$server]:+ (${NOTE[C32|$server]})}"
  RESULT["C32|$server"]="$rate"
}

# ---------------------------------------------------------------- report

# What PxeHost's own logs say: transfers, outcomes, retransmits, and any warning or error line.
pxehost_log_summary() {
  local f n outcomes retx bad
  local i builds
  builds="$(printf '%s\n' "${LOG_BUILD[@]}" | sort -u | wc -l)"
  [ "$builds" -gt 1 ] && echo "note: PxeHost's binaries changed during the run ($builds builds): its rows mix builds"
  for i in $(seq "$STARTS"); do
    f="$WORK/$i-PxeHost.log"
    [ -f "$f" ] || continue
    # A transfer's end line (event 3001): "tftp CLIENT "NAME" N bytes … (R MB/s): OUTCOME, N retransmits"
    # (the console shows no event id below --log-level Debug).
    ended='tftp .* bytes .* MB/s): '
    n="$(grep -c "$ended" "$f")"
    outcomes="$(grep "$ended" "$f" | sed -n 's/.* MB\/s): \([A-Za-z]*\).*/\1/p' | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
    retx="$(grep "$ended" "$f" | sed -n 's/.*, \([0-9]*\) retransmits.*/\1/p' | awk '{ s += $1; if ($1 > 0) t++ } END { printf "%d retransmits in %d transfers", s, t }')"
    echo "PxeHost log, ${LOG_STAGE[$f]:-?} (build ${LOG_BUILD[$f]:-?}): $n transfers (${outcomes:-none}), $retx"
    grep -q '^pxehost: building' "$f" && echo "  (./pxehost rebuilt PxeHost before this start: the sources changed during the run)"
    bad="$(grep -E '^[0-9:.]+ (warn|warning|fail|error|crit|critical): ' "$f" | head -5)"
    [ -n "$bad" ] && echo "$bad" | sed 's/^/  PxeHost said: /'
  done
}

fmt_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "FAIL" || b == "FAIL" || b + 0 <= 0) print "-"; else printf "%.2fx", a / b }'; }
fmt_frac() { awk -v a="$1" -v l="$LINK" 'BEGIN { if (a == "FAIL" || l + 0 <= 0) print "-"; else printf "%.0f%%", 100 * a / l }'; }

# Best peer's rate and name for a case: sets BEST_PEER, BEST_RATE.
best_peer() {
  local case="$1" p r
  BEST_PEER=""; BEST_RATE=""
  for p in "${PEERS[@]}"; do
    r="${RESULT[$case|$p]:-}"
    [ -z "$r" ] || [ "$r" = FAIL ] && continue
    if [ -z "$BEST_RATE" ] || awk -v a="$r" -v b="$BEST_RATE" 'BEGIN { exit !(a > b) }'; then
      BEST_PEER="$p"; BEST_RATE="$r"
    fi
  done
}

report() {
  local case s r ratio frac line
  echo
  echo "TFTP read benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; single transfers: best of ${ROUNDS_DONE} round(s) (of $RUNS planned) on ${BIG} = ${BIG_MIB} MiB"
  if [ "$PIN" = 1 ]; then
    echo "cpu: link and single transfers: server on CPU 0, client on CPU 1 (taskset); concurrent batches: unpinned"
  else
    echo "cpu: unpinned (lockstep figures then depend on whether client and server share a core)"
  fi
  echo "link: veth $SADDR <-> $CADDR, UDP limit (iperf3 -u -b 0 -l 1472, receiver) = $LINK MB/s; MB = 10^6 bytes"
  echo
  printf '%-28s %-10s %-10s %9s %16s %8s\n' "case" "server" "client" "MB/s" "PxeHost/bestpeer" "of link"
  printf '%-28s %-10s %-10s %9s %16s %8s\n' "----------------------------" "----------" "----------" "---------" "----------------" "--------"
  for case in "${CASES[@]}"; do
    best_peer "$case"
    for s in "${SERVERS[@]}"; do
      r="${RESULT[$case|$s]:-}"
      [ -z "$r" ] && continue
      ratio=""
      if [ "$s" = PxeHost ]; then
        ratio="$(fmt_ratio "$r" "${BEST_RATE:-0}")"
      elif [ "$s" = "$BEST_PEER" ]; then
        ratio="(best peer)"
      fi
      frac="$(fmt_frac "$r")"
      printf '%-28s %-10s %-10s %9s %16s %8s\n' "${CASE_LABEL[$case]}" "$s" "${CASE_CLIENT[$case]}" "$r" "$ratio" "$frac"
    done
  done
  line=""
  for s in "${SERVERS[@]}"; do
    [ -n "${BATCH_CPU[$s]:-}" ] && line+="${line:+, }$s ${BATCH_CPU[$s]}"
  done
  [ -n "$line" ] && echo "server CPU time (user+sys) in the $CONC-client batch: $line"
  echo
  echo "RSS: PxeHost peak RSS (VmHWM) with $MANY concurrent curl clients on ${SMALL} (${SMALL_MIB} MiB): ${RSS_MB} MB; batch wall time ${MANY_S} s (${MANY_RATE} MB/s aggregate)${MANY_NOTE:+; $MANY_NOTE}"
  echo
  echo "targets:"
  local met
  for case in L512 L1468c L1468a; do
    best_peer "$case"
    r="${RESULT[$case|PxeHost]:-FAIL}"
    met="$(awk -v a="$r" -v b="${BEST_RATE:-0}" 'BEGIN { print (a != "FAIL" && b > 0 && a >= 1.0 * b) ? "MET" : "NOT MET" }')"
    printf '  %-62s %-8s (%s vs %s %s)\n' "lockstep ${CASE_LABEL[$case]#lockstep } ${CASE_CLIENT[$case]}: PxeHost >= 1.0x best peer" \
      "$met" "$(fmt_ratio "$r" "${BEST_RATE:-0}")" "${BEST_PEER:-none}" "${BEST_RATE:-}"
  done
  r="${RESULT[W64|PxeHost]:-FAIL}"
  met="$(awk -v a="$r" -v l="$LINK" 'BEGIN { print (a != "FAIL" && a >= 0.9 * l) ? "MET" : "NOT MET" }')"
  printf '  %-62s %-8s (%s of link)\n' "PxeHost windowsize 64 >= 90% of the link" "$met" "$(fmt_frac "$r")"
  best_peer C32
  r="${RESULT[C32|PxeHost]:-FAIL}"
  met="$(awk -v a="$r" -v b="${BEST_RATE:-0}" 'BEGIN { print (a != "FAIL" && b > 0 && a >= 1.2 * b) ? "MET" : "NOT MET" }')"
  printf '  %-62s %-8s (%s vs %s)\n' "$CONC-concurrent aggregate >= 1.2x best peer" "$met" "$(fmt_ratio "$r" "${BEST_RATE:-0}")" "${BEST_PEER:-none}"
  met="$(awk -v m="$RSS_MB" 'BEGIN { print (m != "?" && m + 0 > 0 && m < 200) ? "MET" : "NOT MET" }')"
  printf '  %-62s %-8s (%s MB)\n' "peak RSS < 200 MB with $MANY clients on the ${SMALL_MIB} MiB file" "$met" "$RSS_MB"
  [ "$QUICK" = 1 ] && echo "  (--quick: ${BIG_MIB} MiB file, best of $RUNS; run without --quick for the real figures)"
  [ "$ROUNDS_DONE" -lt "$RUNS" ] && echo "  (only $ROUNDS_DONE of $RUNS rounds fitted in the time budget: the machine was slow or busy)"
  echo
  echo "skipped: windowsize cases against tftpd-hpa and dnsmasq (neither implements RFC 7440 windowsize)"
  for line in "${!NOTE[@]}"; do
    echo "note: ${line/|/ vs }: ${NOTE[$line]}"
  done | sort
  pxehost_log_summary
}

# ---------------------------------------------------------------- main

# One round: each server in turn runs every single-transfer case once (and, in round 1, the
# 32-client batch). Sets ROUND_SINGLES_S, the seconds it took without the batches.
run_round() {
  local round="$1" s case t0 batch_s=0 b0
  t0=$SECONDS
  log "round $round"
  STAGE="round $round"
  for s in "${SERVERS[@]}"; do
    start_server "$s"
    pin_server "$SPID"
    warm_up
    for case in L512 L1468c L1468a; do
      single_case "$s" "$case" "$round"
    done
    if [ "$s" = PxeHost ] || [ "$s" = atftpd ]; then
      single_case "$s" W16 "$round"
      single_case "$s" W64 "$round"
    fi
    if [ "$round" = 1 ]; then
      b0=$SECONDS
      unpin_server "$SPID"
      concurrent_case "$s"
      batch_s=$((batch_s + SECONDS - b0))
    fi
    stop_server
  done
  ROUNDS_DONE="$round"
  ROUND_SINGLES_S=$((SECONDS - t0 - batch_s))
}

main() {
  local s case pid tmo

  install_tools
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/pxebench.XXXXXX")"
  chmod 755 "$WORK"                 # servers drop to nobody/dnsmasq and must read the root
  ROOT="$WORK/root"
  mkdir -p "$ROOT"; chmod 755 "$ROOT"
  fetch_tftpd_hpa

  log "building PxeHost if needed"
  "$REPO/pxehost" serve --help >/dev/null || die "pxehost does not build"

  log "making files"
  head -c "$((BIG_MIB * 1048576))" /dev/urandom >"$ROOT/$BIG"
  head -c "$((SMALL_MIB * 1048576))" /dev/urandom >"$ROOT/$SMALL"
  chmod 644 "$ROOT"/*
  BIG_BYTES="$(stat -c %s "$ROOT/$BIG")"
  SMALL_BYTES="$(stat -c %s "$ROOT/$SMALL")"
  BIG_SHA="$(sha256sum <"$ROOT/$BIG" | cut -d' ' -f1)"
  SMALL_SHA="$(sha256sum <"$ROOT/$SMALL" | cut -d' ' -f1)"

  setup_net
  measure_link

  # Round 1, with the 32-client batches; then d); then the other rounds while they fit.
  local t_round round
  run_round 1
  t_round=$ROUND_SINGLES_S

  # d) a fresh PxeHost, so that its peak RSS is the one of this batch.
  STAGE="$MANY clients"
  start_server PxeHost
  pid="$SPID"
  D_DONE=1
  tmo="$(allowed "$D_RESERVE")"
  [ "$tmo" -lt 60 ] && tmo=60
  batch "$MANY" "$SMALL" "$SMALL_BYTES" "$tmo"
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dotnet ] || log "  warning: pid $pid is $(cat "/proc/$pid/comm" 2>/dev/null), not dotnet"
  RSS_KB="$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)"
  RSS_MB="$(awk -v k="${RSS_KB:-0}" 'BEGIN { if (k > 0) printf "%.1f", k * 1024 / 1e6; else print "?" }')"
  MANY_S="$(awk -v u="$BATCH_US" 'BEGIN { printf "%.2f", u / 1e6 }')"
  MANY_RATE="$(mbps "$BATCH_BYTES" "$BATCH_US")"
  MANY_NOTE=""
  [ "$(sha256sum <"$BATCH_OUT" 2>/dev/null | cut -d' ' -f1)" = "$SMALL_SHA" ] || MANY_NOTE="client 1 sha256 mismatch; "
  if [ "$BATCH_FAILED" != 0 ] || [ "$BATCH_SHORT" != 0 ]; then
    MANY_NOTE+="$BATCH_FAILED of $MANY clients failed or timed out (limit $tmo s), $BATCH_BYTES of $((MANY * SMALL_BYTES)) bytes: $BATCH_ERR"
  fi
  log "  $MANY x $SMALL vs PxeHost: ${MANY_S} s, peak RSS ${RSS_MB} MB${MANY_NOTE:+ ($MANY_NOTE)}"
  stop_server

  for round in $(seq 2 "$RUNS"); do
    if [ $((SECONDS + t_round)) -gt "$HARD_BUDGET" ]; then
      log "round $round left out: it would take ~${t_round}s and end past the ${HARD_BUDGET}s budget"
      break
    fi
    run_round "$round"
    [ "$ROUND_SINGLES_S" -gt "$t_round" ] && t_round=$ROUND_SINGLES_S
  done

  report
  log "done in ${SECONDS}s"
}

main
