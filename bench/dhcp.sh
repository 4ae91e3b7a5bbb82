#!/usr/bin/env bash
# DHCP benchmark: 4-way exchanges (DISCOVER-OFFER-REQUEST-ACK) per second of PxeHost,
# dnsmasq and kea-dhcp4, measured with perfdhcp.
#
#   sudo bench/dhcp.sh [--quick] [--no-pin]        (root, Debian 12)
#
# A benchmark, not a test: it prints a table and exits 0 whenever it could measure.
# Everything runs over one veth pair between two network namespaces made here: the
# server side (veth0, 10.60.0.1/16) and the client side (10.60.0.2/16), where
# perfdhcp acts as a relay agent (giaddr 10.60.0.2, unicast to 10.60.0.1:67, replies
# to 10.60.0.2:67). No traffic leaves the namespaces. Pool 10.60.1.0-10.60.255.250
# (65275 addresses), 60000 simulated clients (random MACs from a base, perfdhcp -R).
# Servers, one at a time, each measured over the same rate ladder:
#   PxeHost              lease DB in SQLite (WAL), --log-level Warning
#   dnsmasq              lease file, --no-ping, --quiet-dhcp, --dhcp-lease-max=100000
#   dnsmasq-nofile       the same with --leasefile-ro (leases in memory only)
#                        (with its default ping check dnsmasq waits for an echo reply before each
#                        new offer and completes next to nothing under load; its default lease
#                        limit is 1000)
#   kea                  kea-dhcp4 memfile backend (persist, lease file, LFC off), UDP sockets,
#                        loggers at WARN, Debian's default threading (single-threaded in 2.2)
# The ladder (full: 2000 4000 6000 8000 10000 12000 16000/s for 10 s each; --quick:
# 2000 6000 12000/s for 4 s) goes up one rate at a time, and at each rate every server
# runs in turn (rotating order), so that load from elsewhere on the machine falls on
# all of them alike. Each run starts the server afresh with an empty lease store, warms
# it up unmeasured (1000/s for 3 s, 2 s with --quick), measures, and stops it (SIGTERM).
# A run that lost exchanges (not over half) is repeated once at the end of its rate's
# round when the time budget still allows every first run to come; the better run is
# kept. After two rates in a row that lose over 20% a server is left out of the higher
# rates. perfdhcp's drop time is 1 s and it waits 1 s after the period for late replies
# (-W). Full runs take about 7-9 minutes, --quick about 2.5.
#   achieved = ACKs received / period        (completed 4-way exchanges per second)
#   drops    = 1 - ACKs received / DISCOVERs sent
# After each PxeHost run its lease DB is checked: rows, no address twice, no MAC with
# two active addresses.
# Summary per server: the highest rate up to which nothing was lost (and with <= 0.1%),
# the highest rate without loss at all, where drops began, the peak achieved rate; and
# PxeHost / kea for each.
# The machine is shared: figures are noisy, and a drop at a low rate may be a stall
# from elsewhere; PxeHost's log (level Warning) is shown when it says anything.
# CPU placement: the server runs on CPU 0 and perfdhcp on CPU 1 (taskset), as if
# they were two one-core hosts; --no-pin leaves placement to the scheduler.
# PXEBENCH_LOGS=DIR keeps the servers' logs and perfdhcp's outputs in DIR. For trials:
# PXEBENCH_SERVERS="PxeHost kea", PXEBENCH_RATES="2000 8000", PXEBENCH_PERIOD=SECONDS.
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
  echo "bench/dhcp.sh: run as root (network namespaces, port 67)" >&2
  exit 2
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DLL="$REPO/artifacts/bin/PxeHost.Cli/release/PxeHost.Cli.dll"
SADDR=10.60.0.1
CADDR=10.60.0.2
PREFIX=16
POOL_FIRST=10.60.1.0
POOL_LAST=10.60.255.250
CLIENTS=60000
SNS="pxdhcp-srv-$$"
CNS="pxdhcp-cli-$$"
SVETH="pxds$$"          # renamed to veth0 inside the server namespace
CVETH="pxdc$$"          # interface names stay under 16 characters

if [ "$QUICK" = 1 ]; then
  RATES=(2000 6000 12000); PERIOD=4; WARM_RATE=1000; WARM_PERIOD=2
else
  RATES=(2000 4000 6000 8000 10000 12000 16000); PERIOD=10; WARM_RATE=1000; WARM_PERIOD=3
fi
[ -n "${PXEBENCH_RATES:-}" ] && read -r -a RATES <<<"$PXEBENCH_RATES"
[ -n "${PXEBENCH_PERIOD:-}" ] && PERIOD="$PXEBENCH_PERIOD"
SATURATED_PCT=20        # two steps in a row above this: the rest of the ladder is left out
HARD_BUDGET=$([ "$QUICK" = 1 ] && echo 150 || echo 560)   # seconds; a step that would end later is left out

SERVERS=(PxeHost dnsmasq dnsmasq-nofile kea)
[ -n "${PXEBENCH_SERVERS:-}" ] && read -r -a SERVERS <<<"$PXEBENCH_SERVERS"

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

# Stops a process this script started (and its children): TERM, then KILL after 10 s.
stop_pid() {
  local pid="$1" i
  alive "$pid" || { wait "$pid" 2>/dev/null; return 0; }
  scan_processes
  signal_tree "$pid" TERM
  for i in $(seq 100); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "  pid $pid did not end within 10 s of SIGTERM: killing it"
    scan_processes
    signal_tree "$pid" KILL
  fi
  wait "$pid" 2>/dev/null
  STOP_RC=$?
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
    # Anything still inside our namespaces was started by this script.
    for ns in "$SNS" "$CNS"; do
      for pid in $(ip netns pids "$ns" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null
      done
      ip netns del "$ns" 2>/dev/null
    done
  fi
  wait 2>/dev/null
  if [ -n "${PXEBENCH_LOGS:-}" ] && [ -n "$WORK" ]; then
    mkdir -p "$PXEBENCH_LOGS" && cp "$WORK"/*.log "$WORK"/*.out "$PXEBENCH_LOGS"/ 2>/dev/null
  fi
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- tools

PACKAGES=(kea-admin kea-dhcp4-server dnsmasq sqlite3 iproute2 util-linux)
DAEMONS=(dnsmasq kea-dhcp4 kea-dhcp6 kea-ctrl-agent kea-dhcp-ddns)
PIDFILES=(/run/dnsmasq/dnsmasq.pid /run/kea/kea-dhcp4.kea-dhcp4.pid /run/kea/kea-dhcp6.kea-dhcp6.pid
  /run/kea/kea-ctrl-agent.kea-ctrl-agent.pid /run/kea/kea-dhcp-ddns.kea-dhcp-ddns.pid)

daemon_pids() {
  local d f
  { for d in "${DAEMONS[@]}"; do pgrep -x "$d"; done
    for f in "${PIDFILES[@]}"; do [ -f "$f" ] && head -n1 "$f"; done
  } 2>/dev/null | grep -E '^[0-9]+$' | sort -u
}

install_tools() {
  local p missing=() before after pid
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" = 0 ] && return 0
  log "installing: ${missing[*]}"
  before="$(daemon_pids)"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install failed"
  # A package may start its Debian service: stop any daemon that was not there before, by pid
  # (from its pid file, or found by its exact name and detached, i.e. a child of pid 1), never
  # one that was running already or that another session runs in the foreground.
  sleep 1
  after="$(daemon_pids)"
  local f listed ppid
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
  ip -n "$SNS" link set "$SVETH" name veth0 || die "could not rename the server's veth to veth0"
  ip -n "$SNS" addr add "$SADDR/$PREFIX" dev veth0
  ip -n "$CNS" addr add "$CADDR/$PREFIX" dev "$CVETH"
  ip -n "$SNS" link set lo up
  ip -n "$CNS" link set lo up
  ip -n "$SNS" link set veth0 up
  ip -n "$CNS" link set "$CVETH" up
  local i
  for i in $(seq 50); do
    ip -n "$CNS" -br addr show dev "$CVETH" | grep -q UP && ip -n "$SNS" -br addr show dev veth0 | grep -q UP && return 0
    sleep 0.1
  done
  die "veth did not come up"
}

CLI_PIN=()
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then
  CLI_PIN=(taskset -c 1)
else
  PIN=0
fi

in_client() { nsenter --net="/run/netns/$CNS" "${CLI_PIN[@]}" "$@"; }

# Servers start on all CPUs (so that PxeHost's runtime sizes itself for the machine); pin_server
# then moves every thread to CPU 0.
pin_server() {
  [ "$PIN" = 1 ] || return 0
  taskset -a -p -c 0 "$1" >/dev/null || log "  warning: could not pin pid $1 to CPU 0"
}

# Waits until something in the server namespace listens on UDP port 67.
wait_listen67() {
  local pid="$1" tries="$2" i
  for i in $(seq "$tries"); do
    ss -N "$SNS" -Hlun "( sport = :67 )" 2>/dev/null | grep -q . && return 0
    alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

# UDP receive-buffer overflows (datagrams dropped by the kernel) in namespace $1.
rcvbuf_errors() {
  ip netns exec "$1" awk '/^Udp:/ { n++; if (n == 1) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i } else { print $c; exit } }' /proc/net/snmp
}

# ---------------------------------------------------------------- servers

SPID=""
declare -A SDIR
SLOGF=""

write_kea_config() {
  local dir="$1"
  cat >"$dir/kea-dhcp4.json" <<EOF
{
  "Dhcp4": {
    "interfaces-config": { "interfaces": [ "veth0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/kea-leases4.csv", "lfc-interval": 0 },
    "valid-lifetime": 3600,
    "renew-timer": 1800,
    "rebind-timer": 3150,
    "subnet4": [
      { "id": 1, "subnet": "10.60.0.0/$PREFIX", "pools": [ { "pool": "$POOL_FIRST - $POOL_LAST" } ] }
    ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ], "severity": "WARN" } ]
  }
}
EOF
}

# Starts server $1 with an empty lease store in a directory of its own ($2 names the run).
start_server() {
  local name="$1" dir="$WORK/$1-$2" logf="$WORK/$1-$2.log" i
  [ -n "${SDIR[$name]:-}" ] && rm -rf "${SDIR[$name]}"     # the previous run's store, checked already
  mkdir -p "$dir"
  chmod 777 "$dir"                 # dnsmasq drops to its own user and writes its lease file here
  SDIR["$name"]="$dir"
  SLOGF="$logf"
  case "$name" in
    PxeHost)
      ip netns exec "$SNS" dotnet "$DLL" serve --interface veth0 --dhcp-range "$POOL_FIRST-$POOL_LAST" \
        --data-dir "$dir" --log-level Warning --probe-timeout 0 --tftp-root "$WORK/root" >"$logf" 2>&1 &
      ;;
    dnsmasq|dnsmasq-nofile)
      local lease=(--dhcp-leasefile="$dir/dnsmasq.leases")
      [ "$name" = dnsmasq-nofile ] && lease=(--leasefile-ro)
      ip netns exec "$SNS" dnsmasq --no-daemon --conf-file=/dev/null --pid-file= --port=0 \
        --interface=veth0 --bind-interfaces --dhcp-range="$POOL_FIRST,$POOL_LAST,255.255.0.0,1h" \
        --dhcp-lease-max=100000 --no-ping --quiet-dhcp --log-facility=- "${lease[@]}" >"$logf" 2>&1 &
      ;;
    kea)
      write_kea_config "$dir"
      KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
        ip netns exec "$SNS" kea-dhcp4 -c "$dir/kea-dhcp4.json" >"$logf" 2>&1 &
      ;;
  esac
  SPID=$!
  PIDS+=("$SPID")
  # Ready when port 67 is bound (PxeHost's "DHCP (Full) listening" line is below level Warning;
  # with --probe-timeout 0 it binds port 67 only to serve). The warm-up then runs first anyway.
  wait_listen67 "$SPID" 300 || die "$name did not listen on port 67: $(tail -5 "$logf")"
  pin_server "$SPID"
  # Which build served: the tree may be rebuilt by someone else while this runs.
  [ "$name" = PxeHost ] && PXE_BUILDS["$(sha256sum <"$DLL" | cut -c1-12)"]=1
}
declare -A PXE_BUILDS

stop_server() {
  local i
  STOP_RC=0
  stop_pid "$SPID"
  for i in $(seq 50); do
    ss -N "$SNS" -Hlun "( sport = :67 )" 2>/dev/null | grep -q . || break
    sleep 0.1
  done
  SPID=""
}

# CPU time (user + system) of pid $1, in ticks.
cpu_ticks() {
  local line rest fields
  { read -r line <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }
  rest="${line##*) }"
  read -r -a fields <<<"$rest"
  echo $((fields[11] + fields[12]))
}

# ---------------------------------------------------------------- measurements

HZ="$(getconf CLK_TCK)"

# Value of field $2 ("sent packets", "received packets", "drops") in section $1 of perfdhcp's report $3.
pd_field() {
  awk -v sec="$1" -v key="$2" '
    /^\*\*\*Statistics for: / { in_sec = (index($0, sec) > 0); next }
    in_sec && index($0, key ":") == 1 { sub(/^[^:]*: */, ""); print $1 + 0; exit }' "$3"
}

# One measured run: starts server $1 with an empty lease store, warms it up, runs perfdhcp at
# rate $2, stops it and checks its leases. Sets R_ACH, R_DROP, R_CPU, R_US, R_RCVB, R_NOTE.
measure() {
  local name="$1" rate="$2" try="$3" out="$WORK/perfdhcp-$1-$2-$3.out" w="$WORK/perfdhcp-$1-$2-$3-warmup.out"
  local c0 c1 r0 r1 q0 q1 dsent acks rc wacks rss
  R_ACH="-"; R_DROP=100; R_CPU="-"; R_US="-"; R_RCVB="-"; R_CRCVB="-"; R_NOTE=""
  start_server "$name" "$rate-$try"
  # Warm-up, not measured: JIT, caches. Its clients are the first ones of the measured run too.
  run_child in_client timeout $((WARM_PERIOD + 15)) perfdhcp -4 -r "$WARM_RATE" -R "$CLIENTS" -p "$WARM_PERIOD" -d 1 \
    -W 1000000 -l "$CADDR" "$SADDR" >"$w" 2>&1
  wacks="$(pd_field REQUEST-ACK "received packets" "$w")"
  c0="$(cpu_ticks "$SPID")"
  r0="$(rcvbuf_errors "$SNS")"
  q0="$(rcvbuf_errors "$CNS")"
  run_child in_client timeout $((PERIOD + 15)) perfdhcp -4 -r "$rate" -R "$CLIENTS" -p "$PERIOD" -d 1 -W 1000000 \
    -l "$CADDR" "$SADDR" >"$out" 2>&1
  rc=$?
  c1="$(cpu_ticks "$SPID")"
  r1="$(rcvbuf_errors "$SNS")"
  q1="$(rcvbuf_errors "$CNS")"
  rss="$(awk '/^VmHWM:/ { print $2 }' "/proc/$SPID/status" 2>/dev/null)"
  [ -n "$rss" ] && [ "$rss" -gt "${PEAK_RSS[$name]:-0}" ] && PEAK_RSS["$name"]="$rss"
  if ! alive "$SPID"; then
    R_NOTE="server died during the run"
    log "  $name died: $(tail -5 "$SLOGF" | tr '\n' ' ')"
  fi
  stop_server
  if [ "$name" = PxeHost ]; then
    [ "$STOP_RC" != 0 ] && [ "$STOP_RC" != 143 ] && R_NOTE+="${R_NOTE:+; }exit status $STOP_RC after SIGTERM"
    # Anything PxeHost logged at Warning or above is kept for the report.
    [ -s "$SLOGF" ] && PXE_LOGS+=("$SLOGF")
  fi
  check_leases "$name"
  dsent="$(pd_field DISCOVER-OFFER "sent packets" "$out")"
  acks="$(pd_field REQUEST-ACK "received packets" "$out")"
  if [ -z "$dsent" ] || [ "$dsent" = 0 ]; then
    log "  $name @ $rate/s: perfdhcp failed (exit $rc): $(tail -3 "$out" | tr '\n' ' ')"
    R_NOTE+="${R_NOTE:+; }perfdhcp failed (exit $rc)"
    return
  fi
  acks="${acks:-0}"
  R_ACH="$(awk -v a="$acks" -v p="$PERIOD" 'BEGIN { printf "%.0f", a / p }')"
  R_DROP="$(awk -v a="$acks" -v s="$dsent" 'BEGIN { printf "%.3f", 100 * (1 - a / s) }')"
  R_CPU="$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v p="$PERIOD" 'BEGIN { printf "%.0f%%", 100 * t / hz / (p + 1) }')"
  R_US="$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v a="$acks" 'BEGIN { if (a > 0) printf "%.0f", 1e6 * t / hz / a; else print "-" }')"
  R_RCVB=$((r1 - r0))
  [ "$dsent" -lt $((rate * PERIOD * 95 / 100)) ] && R_NOTE+="${R_NOTE:+; }perfdhcp sent only $dsent DISCOVERs"
  R_CRCVB=$((q1 - q0))
  [ "${wacks:-0}" -lt $((WARM_RATE * WARM_PERIOD * 9 / 10)) ] && R_NOTE+="${R_NOTE:+; }warm-up: only ${wacks:-0} ACKs"
  log "  $name @ $rate/s (try $try): $R_ACH exchanges/s, drops $R_DROP% (DISCOVER $dsent, ACK $acks), server CPU $R_CPU" \
    "($R_US us/exchange), socket overflows: server $R_RCVB, perfdhcp $R_CRCVB${R_NOTE:+; $R_NOTE}"
}

declare -A LEASECHECK PEAK_RSS
PXE_LOGS=()
PXE_CHECKS=0
PXE_BAD=0
PXE_ROWS_MAX=0
# After a server stopped: PxeHost's lease DB (rows, addresses held twice, MACs holding two active
# addresses); kea's and dnsmasq's lease files for comparison.
check_leases() {
  local name="$1" dir="${SDIR[$1]}" db rows active dupaddr dupmac now f n
  case "$name" in
    PxeHost)
      db="$dir/leases.db"
      PXE_CHECKS=$((PXE_CHECKS + 1))
      if [ ! -f "$db" ]; then LEASECHECK[PxeHost]="no lease DB at $db"; PXE_BAD=$((PXE_BAD + 1)); return; fi
      now=$(($(date +%s) * 1000))
      if command -v sqlite3 >/dev/null; then
        rows="$(sqlite3 "$db" 'SELECT count(*) FROM leases;' 2>&1)"
        active="$(sqlite3 "$db" "SELECT count(*) FROM leases WHERE state = 1 AND expires > $now;" 2>&1)"
        dupaddr="$(sqlite3 "$db" 'SELECT count(*) - count(DISTINCT address) FROM leases;' 2>&1)"
        dupmac="$(sqlite3 "$db" "SELECT count(*) FROM (SELECT mac FROM leases WHERE state = 1 AND expires > $now GROUP BY mac HAVING count(*) > 1);" 2>&1)"
      else
        local listing="$WORK/pxehost-leases.txt"
        dotnet "$DLL" leases --data-dir "$dir" >"$listing" 2>&1
        rows="$(wc -l <"$listing")"
        active="$(awk '$3 == "active"' "$listing" | wc -l)"
        dupaddr="$(awk '{ print $1 }' "$listing" | sort | uniq -d | wc -l)"
        dupmac="$(awk '$3 == "active" { print $2 }' "$listing" | sort | uniq -d | wc -l)"
      fi
      LEASECHECK[PxeHost]="$rows rows ($active active); addresses held twice: $dupaddr; MACs with two active addresses: $dupmac"
      if [ "$dupaddr" != 0 ] || [ "$dupmac" != 0 ] || ! [[ "$rows" =~ ^[0-9]+$ ]]; then
        PXE_BAD=$((PXE_BAD + 1))
        log "  PxeHost leases NOT OK: ${LEASECHECK[PxeHost]}"
        cp "$db" "$WORK/leases-bad-$PXE_CHECKS.db.log" 2>/dev/null
      fi
      [[ "$rows" =~ ^[0-9]+$ ]] && [ "$rows" -gt "$PXE_ROWS_MAX" ] && { PXE_ROWS_MAX="$rows"; LEASECHECK[PxeHost-max]="${LEASECHECK[PxeHost]}"; }
      ;;
    kea)
      f="$dir/kea-leases4.csv"
      [ -f "$f" ] || return
      # memfile appends each update: the last line per address holds.
      n="$(awk -F, 'NR > 1 { m[$1] = $2 } END { for (a in m) { c++; macs[m[a]]++ } for (x in macs) d++; printf "%d addresses, %d distinct MACs", c, d }' "$f")"
      LEASECHECK[kea]="lease file after the last run: $n"
      ;;
    dnsmasq)
      f="$dir/dnsmasq.leases"
      [ -f "$f" ] || return
      n="$(awk '{ a[$3]++; m[$2]++ } END { for (x in a) c++; for (y in m) d++; printf "%d leases, %d distinct addresses, %d distinct MACs", NR, c, d }' "$f")"
      LEASECHECK[dnsmasq]="lease file after the last run: $n"
      ;;
  esac
}

declare -A ACH DROP CPU US RCVB CRCVB NOTE DONE_RATES TRIES OVER
# Keeps the run just made as the result of server $1 at rate $2 when it is the first or lost fewer.
keep() {
  local key="$1|$2"
  TRIES["$key"]=$((${TRIES[$key]:-0} + 1))
  if [ -z "${DROP[$key]:-}" ] || awk -v a="$R_DROP" -v b="${DROP[$key]}" 'BEGIN { exit !(a < b) }'; then
    ACH["$key"]="$R_ACH"; DROP["$key"]="$R_DROP"; CPU["$key"]="$R_CPU"; US["$key"]="$R_US"
    RCVB["$key"]="$R_RCVB"; CRCVB["$key"]="$R_CRCVB"; NOTE["$key"]="$R_NOTE"
  fi
}

STEP_TIMES=0
STEP_COUNT=0
# Seconds one run is expected to take: the mean so far, or a guess.
step_cost() {
  if [ "$STEP_COUNT" = 0 ]; then echo $((PERIOD + WARM_PERIOD + 8)); else echo $(((STEP_TIMES + STEP_COUNT - 1) / STEP_COUNT)); fi
}

# One run of server $1 at rate $2 (try $3), timed, kept when better than an earlier try.
run_once() {
  local t0=$SECONDS
  measure "$1" "$2" "$3"
  STEP_TIMES=$((STEP_TIMES + SECONDS - t0)); STEP_COUNT=$((STEP_COUNT + 1))
  keep "$1" "$2"
}

# The ladder: for each rate, each server in turn (the order rotating), so that load from elsewhere
# falls on all of them alike; then, at the same rate, a second run for each server that lost
# exchanges, when the runs still to come fit in the budget; the better run is kept.
run_ladder() {
  local i j n s rate cost left todo active order=() ran=()
  n=${#SERVERS[@]}
  for i in "${!RATES[@]}"; do
    rate="${RATES[$i]}"
    order=()
    for j in $(seq 0 $((n - 1))); do order+=("${SERVERS[$(((i + j) % n))]}"); done
    log "rate $rate/s: ${order[*]}"
    ran=()
    for s in "${order[@]}"; do
      if [ "${OVER[$s]:-0}" -ge 2 ]; then
        NOTE["$s|$rate"]="left out: lost over $SATURATED_PCT% at the two rates before"
        continue
      fi
      if [ $((SECONDS + $(step_cost))) -gt "$HARD_BUDGET" ]; then
        NOTE["$s|$rate"]="left out: time budget"
        continue
      fi
      run_once "$s" "$rate" 1
      DONE_RATES["$s"]+=" $rate"
      ran+=("$s")
    done
    # Servers still in the ladder: each of them has a first run at every higher rate to come.
    active=0
    for s in "${SERVERS[@]}"; do [ "${OVER[$s]:-0}" -ge 2 ] || active=$((active + 1)); done
    todo=$(( (${#RATES[@]} - i - 1) * active ))
    for s in "${ran[@]}"; do
      # A server that lost over half of the exchanges is overloaded, not unlucky.
      awk -v d="${DROP[$s|$rate]}" 'BEGIN { exit !(d > 0 && d <= 50) }' || continue
      cost="$(step_cost)"
      left=$((HARD_BUDGET - SECONDS))
      if [ $((cost * (todo + 1))) -le "$left" ]; then
        run_once "$s" "$rate" 2
      fi
    done
    for s in "${ran[@]}"; do
      if awk -v d="${DROP[$s|$rate]}" -v t="$SATURATED_PCT" 'BEGIN { exit !(d > t) }'; then
        OVER["$s"]=$((${OVER[$s]:-0} + 1))
      else
        OVER["$s"]=0
      fi
    done
  done
}

# ---------------------------------------------------------------- report

# Highest offered rate with drops <= $2 % (0: none lost), and its achieved rate: BEST_RATE, BEST_ACH
# ("" if none). With $3 = upto, only up to the first rate that lost more (the rates below it
# all clean); otherwise any rate.
best_nodrop() {
  local name="$1" limit="${2:-0}" mode="${3:-any}" r
  BEST_RATE=""; BEST_ACH=""
  for r in ${DONE_RATES[$name]:-}; do
    if awk -v d="${DROP[$name|$r]}" -v l="$limit" 'BEGIN { exit !(d <= l) }'; then
      BEST_RATE="$r"; BEST_ACH="${ACH[$name|$r]}"
    elif [ "$mode" = upto ]; then
      return
    fi
  done
}

# Highest achieved rate at any step: PEAK_ACH, PEAK_AT.
peak() {
  local name="$1" r
  PEAK_ACH=0; PEAK_AT=""
  for r in ${DONE_RATES[$name]:-}; do
    if [ "${ACH[$name|$r]}" != "-" ] && [ "${ACH[$name|$r]}" -gt "$PEAK_ACH" ]; then
      PEAK_ACH="${ACH[$name|$r]}"; PEAK_AT="$r"
    fi
  done
}

report() {
  local s r key
  echo
  echo "DHCP DORA benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "perfdhcp $(perfdhcp -v 2>&1 | head -1) as a relay ($CADDR -> $SADDR), $CLIENTS clients, pool $POOL_FIRST-$POOL_LAST;" \
    "${PERIOD}s per rate, drop time 1 s"
  if [ "$PIN" = 1 ]; then echo "cpu: server on CPU 0, perfdhcp on CPU 1 (taskset)"; else echo "cpu: unpinned"; fi
  echo "versions: dnsmasq $(dnsmasq --version | head -1 | awk '{ print $3 }'), kea-dhcp4 $(kea-dhcp4 -v 2>&1 | head -1)"
  echo
  local fmt='%-15s %11s %9s %8s %5s %8s %8s %8s %8s  %s\n'
  printf "$fmt" "server" "offered" "achieved" "drops" "runs" "srv CPU" "CPU/DORA" "srv sock" "cli sock" "note"
  printf "$fmt" "" "(DORA/s)" "(DORA/s)" "(%)" "" "(core)" "(us)" "overflow" "overflow" ""
  printf "$fmt" "---------------" "-----------" "---------" "--------" "-----" "--------" "--------" "--------" "--------" "----"
  local out_first out_last out_note
  for s in "${SERVERS[@]}"; do
    out_first=""
    for r in "${RATES[@]}" END; do
      key="$s|$r"
      # Rates left out in a row with the same reason make one row.
      if [ "$r" != END ] && [ -z "${DROP[$key]:-}" ] && [ -n "${NOTE[$key]:-}" ]; then
        if [ -n "$out_first" ] && [ "${NOTE[$key]}" = "$out_note" ]; then out_last="$r"; continue; fi
        [ -n "$out_first" ] && printf "$fmt" "$s" "$out_first${out_last:+-$out_last}" "-" "-" "0" "-" "-" "-" "-" "$out_note"
        out_first="$r"; out_last=""; out_note="${NOTE[$key]}"
        continue
      fi
      [ -n "$out_first" ] && printf "$fmt" "$s" "$out_first${out_last:+-$out_last}" "-" "-" "0" "-" "-" "-" "-" "$out_note"
      out_first=""
      [ "$r" = END ] && break
      [ -n "${DROP[$key]:-}" ] && printf "$fmt" "$s" "$r" "${ACH[$key]}" "${DROP[$key]}" "${TRIES[$key]}" "${CPU[$key]:--}" \
        "${US[$key]:--}" "${RCVB[$key]:--}" "${CRCVB[$key]:--}" "${NOTE[$key]:-}"
    done
  done
  echo
  echo "achieved: ACKs received / ${PERIOD} s; drops: DISCOVERs sent without an ACK within 1 s; runs: 2 when the"
  echo "first run lost exchanges and was repeated (the better run is shown); srv CPU: server user+sys time over"
  echo "the run (period + 1 s wait) in % of one core; CPU/DORA: that time per completed exchange; srv/cli sock"
  echo "overflow: datagrams the kernel dropped because the receive buffer of the server's / perfdhcp's socket was"
  echo "full (requests lost before the server read them / replies lost at the relay: bursts over ~$(($(cat /proc/sys/net/core/rmem_default) / 1024)) KiB)."
  echo
  local b0 b1 b2 first fmt2='%-15s %14s %14s %14s %12s %15s %9s\n'
  printf "$fmt2" "server" "no drop up to" "<=0.1% up to" "no drop, any" "first drops" "peak achieved" "peak RSS"
  printf "$fmt2" "" "(offered/ach.)" "(offered/ach.)" "(offered/ach.)" "(offered)" "(@offered)" ""
  for s in "${SERVERS[@]}"; do
    best_nodrop "$s" 0 upto; b0="${BEST_RATE:+$BEST_RATE/$BEST_ACH}"
    best_nodrop "$s" 0.1 upto; b1="${BEST_RATE:+$BEST_RATE/$BEST_ACH}"
    best_nodrop "$s" 0 any; b2="${BEST_RATE:+$BEST_RATE/$BEST_ACH}"
    first=""
    for r in ${DONE_RATES[$s]:-}; do
      awk -v d="${DROP[$s|$r]}" 'BEGIN { exit !(d > 0) }' && { first="$r"; break; }
    done
    peak "$s"
    printf "$fmt2" "$s" "${b0:-none}" "${b1:-none}" "${b2:-none}" "${first:-none}" \
      "$PEAK_ACH${PEAK_AT:+ (@$PEAK_AT)}" "$(awk -v k="${PEAK_RSS[$s]:-0}" 'BEGIN { if (k > 0) printf "%.0f MB", k * 1024 / 1e6; else print "-" }')"
  done
  echo "(no drop up to: the highest rate at which neither it nor any lower rate lost an exchange;"
  echo " no drop, any: the highest rate without loss, lower rates may have lost some)"
  echo
  local p k lim mode label
  for label in "no drop up to" "<=0.1% up to" "no drop, any"; do
    case "$label" in
      "no drop up to") lim=0; mode=upto ;;
      "<=0.1% up to") lim=0.1; mode=upto ;;
      *) lim=0; mode=any ;;
    esac
    best_nodrop PxeHost "$lim" "$mode"; p="$BEST_ACH"
    best_nodrop kea "$lim" "$mode"; k="$BEST_ACH"
    printf 'PxeHost / kea, %-26s %s (%s vs %s exchanges/s)\n' "$label:" \
      "$(awk -v a="$p" -v b="$k" 'BEGIN { if (a == "" || b == "" || b + 0 <= 0) print "-"; else printf "%.2fx", a / b }')" "${p:-none}" "${k:-none}"
  done
  peak PxeHost; p="$PEAK_ACH"; peak kea; k="$PEAK_ACH"
  printf 'PxeHost / kea, %-26s %s (%s vs %s exchanges/s)\n' "peak achieved:" \
    "$(awk -v a="$p" -v b="$k" 'BEGIN { if (b + 0 <= 0) print "-"; else printf "%.2fx", a / b }')" "$p" "$k"
  echo
  if [ "$PXE_CHECKS" -gt 0 ]; then
    if [ "$PXE_BAD" = 0 ]; then
      echo "leases, PxeHost: lease DB checked after each of its $PXE_CHECKS runs: OK (no address held twice, no MAC with two"
      echo "  active addresses); largest: ${LEASECHECK[PxeHost-max]:-${LEASECHECK[PxeHost]}}"
    else
      echo "leases, PxeHost: NOT OK after $PXE_BAD of $PXE_CHECKS runs; last: ${LEASECHECK[PxeHost]}"
    fi
  fi
  for s in dnsmasq kea; do
    [ -n "${LEASECHECK[$s]:-}" ] && echo "leases, $s: ${LEASECHECK[$s]}"
  done
  [ "${#PXE_BUILDS[@]}" -gt 1 ] && echo "note: PxeHost's binaries changed during the run (${#PXE_BUILDS[@]} builds): its rows mix builds"
  local f
  if [ "${PXE_CHECKS}" -gt 0 ] && [ "${#PXE_LOGS[@]}" = 0 ]; then
    echo "PxeHost logged nothing at Warning or above in its $PXE_CHECKS runs."
  fi
  if [ "${#PXE_LOGS[@]}" -gt 0 ]; then
    echo "PxeHost logged at Warning or above in ${#PXE_LOGS[@]} run(s):"
    for f in "${PXE_LOGS[@]}"; do
      echo "  ${f##*/}: $(wc -l <"$f") lines; first lines:"
      head -n 5 "$f" | cut -c1-300 | sed 's/^/    /'
    done
  fi
  [ "$QUICK" = 1 ] && echo "(--quick: ${PERIOD}s per rate and ${#RATES[@]} rates; run without --quick for the real figures)"
  return 0
}

# ---------------------------------------------------------------- main

main() {
  local s i
  install_tools
  for s in perfdhcp kea-dhcp4 dnsmasq dotnet nsenter taskset; do
    command -v "$s" >/dev/null || die "$s not found"
  done
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/pxedhcp.XXXXXX")"
  chmod 755 "$WORK"
  mkdir -p "$WORK/root"

  log "building PxeHost if needed"
  "$REPO/pxehost" --help >/dev/null || die "pxehost does not build"
  [ -f "$DLL" ] || die "no $DLL"

  setup_net
  run_ladder

  report
  log "done in ${SECONDS}s"
}

main
