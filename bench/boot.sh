#!/usr/bin/env bash
# Boot-time benchmark: seconds from power-on to a booted kernel, per network-boot path, PxeHost
# against dnsmasq, in the same run, on the same virtual machine and the same kernel + initrd.
#
#   sudo bench/boot.sh [--quick]        (root, Debian 12)
#
# A benchmark, not a test: it prints a table and exits 0 whenever it could measure. Paths:
#   pxe-tftp  PxeHost `serve --bootfile pxelinux.0`: BIOS (SeaBIOS + e1000 iPXE ROM) -> pxelinux.0
#             -> pxelinux.cfg/default -> kernel + initrd over TFTP
#   pxe-http  PxeHost `boot` (quick mode): the same BIOS VM; iPXE gets a script, kernel + initrd over HTTP
#   pxe-uefi  PxeHost `boot`: UEFI (q35, OVMF's own PXE, virtio-net romfile=) -> snponly.efi -> iPXE -> HTTP
#   dns-tftp  dnsmasq, DHCP + TFTP, --dhcp-boot=pxelinux.0: path pxe-tftp
#   dns-uefi  dnsmasq, OVMF -> snponly.efi -> iPXE -> boot.ipxe -> kernel + initrd over TFTP
# A boot is timed from QEMU's start to the first serial line holding "PXEHOST-BOOTED" (the payload's
# /init prints it with /proc/cmdline and powers off), polled every 100 ms, at most 240 s; the line must
# hold the path's marker word, else the run failed. Each run starts a fresh server (new lease store)
# and one VM, alone; 3 rounds over all paths (1 with --quick), the order rotating per round, so that
# load from elsewhere falls on every path alike. A round that would end past the time budget is left
# out and the header says how many ran. QEMU runs with -accel tcg: boots take 20-40 s and are noisy
# on a shared 2-core machine; the load average is printed per run.
# Everything runs in a network namespace made here (bridge 10.213.9.1/24, one tap); no traffic leaves
# it. PXEBENCH_LOGS=DIR keeps the servers' logs and serial consoles in DIR.
set -uo pipefail
export LC_ALL=C

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "bench/boot.sh: run as root (network namespaces, tap devices, ports 67/69/80)" >&2
  exit 2
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DLL="$REPO/artifacts/bin/PxeHost.Cli/release/PxeHost.Cli.dll"
NS="pxeboot-$$"
SADDR=10.213.9.1
POOL_FIRST=10.213.9.100
POOL_LAST=10.213.9.150
TAP=tap0
MAC=52:54:00:42:13:09
MEM=512
MARKER="PXEHOST-BOOTED"
BOOT_LIMIT=240          # seconds one boot may take
RUNS=3
[ "$QUICK" = 1 ] && RUNS=1
HARD_BUDGET=1500        # seconds; a round starts only when it should end before this
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd

PATHS=(pxe-tftp pxe-http pxe-uefi dns-tftp dns-uefi)
declare -A LABEL=(
  [pxe-tftp]="PxeHost BIOS pxelinux, TFTP"
  [pxe-http]="PxeHost BIOS iPXE script, HTTP"
  [pxe-uefi]="PxeHost UEFI PXE>iPXE, HTTP"
  [dns-tftp]="dnsmasq BIOS pxelinux, TFTP"
  [dns-uefi]="dnsmasq UEFI PXE>iPXE, TFTP"
)
declare -A FIRMWARE=([pxe-tftp]=bios [pxe-http]=bios [pxe-uefi]=uefi [dns-tftp]=bios [dns-uefi]=uefi)
declare -A BASELINE=([pxe-tftp]=dns-tftp [pxe-http]=dns-tftp [pxe-uefi]=dns-uefi)
declare -A WORD=([pxe-tftp]=pxebench-pxe-tftp [pxe-http]=pxebench-pxe-http [pxe-uefi]=pxebench-pxe-uefi
  [dns-tftp]=pxebench-dns-tftp [dns-uefi]=pxebench-dns-uefi)

WORK=""
PIDS=()
NETNS_MADE=0

exec 3>&2                 # progress goes to the original stderr, whatever a command redirected
log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&3; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes

# scan_processes, signal_tree and alive: one /proc scan, signals by pid only.
source "$REPO/bench/lib/processes.sh"

forget_pid() {
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# Stops a process this script started (and its children): TERM, then KILL after 5 s.
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
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
  fi
  wait "$pid" 2>/dev/null
  forget_pid "$pid"
  return 0
}

cleanup() {
  local pid
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
    # Anything still inside our namespace was started by this script.
    for pid in $(ip netns pids "$NS" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null
    done
    ip netns del "$NS" 2>/dev/null
  fi
  wait 2>/dev/null
  if [ -n "${PXEBENCH_LOGS:-}" ] && [ -n "$WORK" ]; then
    mkdir -p "$PXEBENCH_LOGS" && cp "$WORK"/logs/* "$PXEBENCH_LOGS"/ 2>/dev/null
  fi
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- tools

PACKAGES=(qemu-system-x86 ipxe-qemu ipxe ovmf pxelinux syslinux-common dnsmasq busybox-static cpio iproute2)
DAEMONS=(dnsmasq)

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
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2 \
    || die "apt-get install failed"
  # dnsmasq's package starts its Debian service: stop any daemon that was not there before, by pid.
  after="$(daemon_pids)"
  for pid in $(comm -13 <(echo "$before") <(echo "$after")); do
    log "stopping daemon started by the install: pid $pid ($(cat /proc/"$pid"/comm 2>/dev/null))"
    kill "$pid" 2>/dev/null
  done
}

pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }

# The payload the e2e tests built (newest), else a new one in artifacts/bench-payload.
find_payload() {
  local d best="" newest=0 t
  for d in "$REPO"/artifacts/e2e-payload/*/ "$REPO"/artifacts/bench-payload/; do
    [ -f "$d/vmlinuz" ] && [ -f "$d/initrd.gz" ] || continue
    t="$(stat -c %Y "$d/vmlinuz")"
    [ "$t" -gt "$newest" ] && { newest="$t"; best="${d%/}"; }
  done
  if [ -z "$best" ]; then
    log "no payload in artifacts/e2e-payload: building one with src/PxeHost/Lab/make-payload.sh"
    rm -rf "$REPO/artifacts/bench-payload"
    bash "$REPO/src/PxeHost/Lab/make-payload.sh" "$REPO/artifacts/bench-payload" >&2 || die "make-payload.sh failed"
    best="$REPO/artifacts/bench-payload"
  fi
  PAYLOAD="$best"
}

# ---------------------------------------------------------------- network

setup_net() {
  ip netns add "$NS" || die "ip netns add failed"
  NETNS_MADE=1
  ip -n "$NS" link set lo up
  ip -n "$NS" link add br0 type bridge forward_delay 0 || die "ip link add bridge failed"
  ip -n "$NS" tuntap add "$TAP" mode tap || die "ip tuntap add failed"
  ip -n "$NS" link set "$TAP" master br0
  ip -n "$NS" link set "$TAP" up
  ip -n "$NS" addr add "$SADDR/24" dev br0
  ip -n "$NS" link set br0 up
}

# ---------------------------------------------------------------- files

make_trees() {
  local word root
  PXE_ROOT="$WORK/pxe-root"
  DNS_ROOT="$WORK/dns-root"
  mkdir -p "$PXE_ROOT/pxelinux.cfg" "$DNS_ROOT/pxelinux.cfg" "$WORK/logs"
  for root in "$PXE_ROOT" "$DNS_ROOT"; do
    cp "$PAYLOAD/vmlinuz" "$PAYLOAD/initrd.gz" "$root/"
  done
  pxelinux_cfg() {
    printf 'serial 0 115200\nprompt 0\ntimeout 0\ndefault bench\nlabel bench\n  kernel vmlinuz\n  append initrd=initrd.gz console=ttyS0 %s\n' "$1"
  }
  pxelinux_cfg "${WORD[pxe-tftp]}" >"$PXE_ROOT/pxelinux.cfg/default"
  pxelinux_cfg "${WORD[dns-tftp]}" >"$DNS_ROOT/pxelinux.cfg/default"
  # PxeHost serves pxelinux.0 and ldlinux.c32 from the system itself; dnsmasq needs copies.
  cp /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 /usr/lib/ipxe/snponly.efi "$DNS_ROOT/" \
    || die "missing pxelinux.0, ldlinux.c32 or snponly.efi"
  word="${WORD[dns-uefi]}"
  printf '#!ipxe\nkernel tftp://${next-server}/vmlinuz initrd=initrd.gz console=ttyS0 %s\ninitrd tftp://${next-server}/initrd.gz\nboot\n' \
    "$word" >"$DNS_ROOT/boot.ipxe"
  chmod -R a+rX "$WORK"
}

# ---------------------------------------------------------------- servers

SPID=""
STAMPER=""
SLOG=""

# Prefixes each line read with the epoch time it arrived (dnsmasq's log has no timestamps).
stamp() { local l; while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done; }

# Starts the server for path $1, run $2, and waits until it serves; sets SPID, SLOG. Returns 1 on failure.
start_server() {
  local path="$1" run="$2"
  local ready=() i r ok data="$WORK/data-$path-$run"
  SLOG="$WORK/logs/$run-$path-server.log"
  STAMPER=""
  mkdir -p "$data"
  case "$path" in
    pxe-tftp)
      ip netns exec "$NS" dotnet "$DLL" serve --interface br0 --dhcp-range "$POOL_FIRST-$POOL_LAST" \
        --tftp-root "$PXE_ROOT" --bootfile pxelinux.0 --data-dir "$data" --probe-timeout 200 >"$SLOG" 2>&1 &
      ready=("DHCP (Full) listening on br0" "HTTP serving on") ;;
    pxe-http|pxe-uefi)
      ip netns exec "$NS" dotnet "$DLL" boot "$PXE_ROOT/vmlinuz" "$PXE_ROOT/initrd.gz" \
        --cmdline "console=ttyS0 ${WORD[$path]}" --interface br0 --dhcp-range "$POOL_FIRST-$POOL_LAST" \
        --data-dir "$data" --probe-timeout 200 >"$SLOG" 2>&1 &
      ready=("DHCP (Full) listening on br0" "HTTP serving on") ;;
    dns-tftp|dns-uefi)
      local fifo="$WORK/dnsmasq.fifo" boot=()
      rm -f "$fifo"; mkfifo "$fifo"
      stamp <"$fifo" >"$SLOG" &
      STAMPER=$!; PIDS+=("$STAMPER")
      if [ "$path" = dns-tftp ]; then
        boot=(--dhcp-boot=pxelinux.0)
      else
        # shellcheck disable=SC2054  # commas belong to dnsmasq's option values
        boot=(--dhcp-match=set:efi64,option:client-arch,7 --dhcp-userclass=set:ipxe,iPXE
          --dhcp-boot=tag:efi64,tag:!ipxe,snponly.efi --dhcp-boot=tag:ipxe,boot.ipxe)
      fi
      ip netns exec "$NS" dnsmasq --keep-in-foreground --log-facility=- --conf-file=/dev/null --pid-file= \
        --user=root --port=0 --interface=br0 --bind-interfaces \
        --dhcp-range="$POOL_FIRST,$POOL_LAST,1h" --dhcp-leasefile="$data/dnsmasq.leases" \
        --enable-tftp --tftp-root="$DNS_ROOT" "${boot[@]}" >"$fifo" 2>&1 &
      ready=("DHCP, IP range") ;;
  esac
  SPID=$!
  PIDS+=("$SPID")
  for i in $(seq 600); do
    ok=1
    for r in "${ready[@]}"; do grep -qF "$r" "$SLOG" || { ok=0; break; }; done
    [ "$ok" = 1 ] && break
    alive "$SPID" || break
    sleep 0.1
  done
  if [ "$ok" != 1 ]; then
    log "  $path: the server did not start: $(tail -5 "$SLOG" | tr '\n' ' ')"
    stop_server
    return 1
  fi
  if [ "${path%%-*}" = pxe ]; then
    # Which build served: the tree may be rebuilt by someone else while this runs.
    BUILDS["$(cat "$REPO"/artifacts/bin/PxeHost.Cli/release/PxeHost*.dll 2>/dev/null | sha256sum | cut -c1-12)"]=1
  fi
  return 0
}

stop_server() {
  local i
  stop_pid "$SPID"
  if [ -n "$STAMPER" ]; then
    # It ends at EOF, once dnsmasq is gone.
    for i in $(seq 20); do alive "$STAMPER" || break; sleep 0.1; done
    stop_pid "$STAMPER"
  fi
  SPID=""; STAMPER=""
}

# ---------------------------------------------------------------- one boot

declare -A BUILDS
declare -A TIMES FAILS     # TIMES[path]: seconds of the good runs; FAILS[path]: count
declare -A DETAIL                      # DETAIL[path|run]: the timeline row

qemu_args() {
  local fw="$1" serial="$2" vars="$3"
  QEMU=(qemu-system-x86_64 -accel tcg -m "$MEM" -smp 1
    -netdev "tap,id=n0,ifname=$TAP,script=no,downscript=no"
    -display none -serial "file:$serial" -monitor none -no-reboot -boot n)
  if [ "$fw" = bios ]; then
    QEMU+=(-device "e1000,netdev=n0,mac=$MAC")
  else
    QEMU+=(-machine q35
      -drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
      -drive "if=pflash,format=raw,file=$vars"
      -device "virtio-net-pci,netdev=n0,mac=$MAC,romfile=")
  fi
}

# One boot of path $1 in run $2: appends to TIMES/FAILS and DETAIL.
boot_once() {
  local path="$1" run="$2"
  local serial="$WORK/logs/$run-$path-serial.log" vars="$WORK/OVMF_VARS.fd"
  local t0 t1="" qpid now elapsed line reason="" load i
  if ! start_server "$path" "$run"; then
    FAILS["$path"]=$((${FAILS[$path]:-0} + 1))
    DETAIL["$path|$run"]="FAILED: the server did not start"
    return
  fi
  rm -f "$serial"
  [ "${FIRMWARE[$path]}" = uefi ] && cp "$OVMF_VARS" "$vars"     # the same fresh NVRAM every boot
  qemu_args "${FIRMWARE[$path]}" "$serial" "$vars"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  t0="$EPOCHREALTIME"
  ip netns exec "$NS" "${QEMU[@]}" </dev/null >"$WORK/logs/$run-$path-qemu.log" 2>&1 &
  qpid=$!
  PIDS+=("$qpid")
  while :; do
    if grep -aqF "$MARKER" "$serial" 2>/dev/null; then
      t1="$EPOCHREALTIME"
      break
    fi
    if ! alive "$qpid"; then
      wait "$qpid"; reason="QEMU exited (status $?) without the marker"
      grep -aqF "$MARKER" "$serial" 2>/dev/null && { t1="$EPOCHREALTIME"; reason=""; }
      break
    fi
    now="$EPOCHREALTIME"
    elapsed="$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%d", b - a }')"
    [ "$elapsed" -ge "$BOOT_LIMIT" ] && { reason="timed out after ${BOOT_LIMIT} s"; break; }
    sleep 0.1
  done
  # The payload powers off right after the marker: let it, so that the line is complete.
  for i in $(seq 50); do alive "$qpid" || break; sleep 0.1; done
  stop_pid "$qpid"
  stop_server
  if [ -n "$t1" ]; then
    line="$(grep -a -m1 -F "$MARKER" "$serial" | tr -d '\r')"
    if ! grep -qw -- "${WORD[$path]}" <<<"$line"; then
      reason="wrong path: the marker line lacks ${WORD[$path]}: $line"
      t1=""
    fi
  fi
  if [ -z "$t1" ]; then
    FAILS["$path"]=$((${FAILS[$path]:-0} + 1))
    DETAIL["$path|$run"]="FAILED: $reason (load $load); serial tail: $(tr -d '\r' <"$serial" 2>/dev/null | grep -a . | tail -2 | cut -c1-120 | tr '\n' '|')"
    log "  $path run $run: FAILED: $reason"
    return
  fi
  local secs
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  TIMES["$path"]+=" $secs"
  DETAIL["$path|$run"]="$(timeline "$path" "$t0" "$secs") $(printf '%5s' "$load")"
  log "  $path run $run: $secs s (load $load)"
}

# The row of where the time went for the boot just made, from the server's log, relative to QEMU's
# start $2: first DISCOVER, first ACK, last ACK, first file done after the last ACK, kernel done (and
# its transfer time), initrd done, marker ($3).
timeline() {
  local path="$1" t0="$2" marker="$3"
  if [ "${path%%-*}" = pxe ]; then
    # PxeHost logs UTC "HH:MM:SS.mmm" then the message; TFTP and HTTP log a line at the end of a transfer, with its duration.
    awk -v t0="$t0" -v marker="$marker" '
      function ts(s,   a, t, day) {
        split(s, a, ":"); day = t0 - (t0 % 86400)
        t = day + a[1] * 3600 + a[2] * 60 + a[3]
        if (t - t0 > 43200) t -= 86400; else if (t - t0 < -43200) t += 86400
        return t - t0
      }
      function ms(line,   m) { if (match(line, / in [0-9]+ ms/)) { m = substr(line, RSTART + 4, RLENGTH - 7); return m / 1000 } return 0 }
      / Discover on / && disc == "" { disc = ts($1) }
      / Request on .*: Ack / { t = ts($1); if (ack1 == "") ack1 = t; ackn = t; file1 = "" }
      ($2 == "tftp" && / bytes blksize=/) || ($2 == "http" && / bytes in [0-9]+ ms/) {
        t = ts($1)
        if (file1 == "" && $0 !~ /SizeProbe/) file1 = t
        if ($0 ~ /"vmlinuz"|GET [^ ]*vmlinuz /) { kern = t; kdur = ms($0); if (match($0, /[0-9]+ retransmits/)) kretx = substr($0, RSTART, RLENGTH - 12) }
        if ($0 ~ /"initrd.gz"|GET [^ ]*initrd.gz /) initrd = t
      }
      function f(x) { return x == "" ? "-" : sprintf("%.1f", x) }
      END {
        printf "%7s %7s %7s %7s %7s %9s %7s %7s", f(disc), f(ack1), f(ackn), f(file1), f(kern),
          (kdur == "" ? "-" : sprintf("%.2f", kdur)) (kretx + 0 > 0 ? "r" kretx : ""), f(initrd), marker
      }' "$SLOG"
  else
    # dnsmasq (lines stamped on arrival): DHCPDISCOVER is logged after its ping check of a new address;
    # TFTP "sent" lines at the end of a transfer, no duration: the kernel time is since the previous file.
    awk -v t0="$t0" -v marker="$marker" '
      { t = $1 - t0 }
      /DHCPDISCOVER/ && disc == "" { disc = t }
      /DHCPACK/ { if (ack1 == "") ack1 = t; ackn = t; file1 = "" }
      # UEFI reads the size first and aborts (error 8): dnsmasq then logs that file as sent too.
      /dnsmasq-tftp.*error 8/ { probe = 1; next }
      /dnsmasq-tftp.*(sent|not found|error)/ {
        if ($0 ~ /sent / && probe) { probe = 0; next }
        if ($0 ~ /sent / && file1 == "") file1 = t
        if ($0 ~ /sent .*\/vmlinuz to/) { kern = t; kdur = t - prev }
        else if ($0 ~ /sent .*\/initrd.gz to/) initrd = t
        prev = t
      }
      function f(x) { return x == "" ? "-" : sprintf("%.1f", x) }
      END {
        printf "%7s %7s %7s %7s %7s %9s %7s %7s", f(disc), f(ack1), f(ackn), f(file1), f(kern),
          (kdur == "" ? "-" : sprintf("<%.2f", kdur)), f(initrd), marker
      }' "$SLOG"
  fi
}

# ---------------------------------------------------------------- report

stats() {   # "min median max" of the numbers in $1, or "- - -"
  echo "$1" | tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f %.1f\n", v[1], med, v[NR] }'
}

report() {
  local p mn md mx bmn bmd bmx ratio r
  echo
  echo "Boot-time benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${ROUNDS_DONE} of $RUNS round(s)"
  echo "load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "VM: qemu-system-x86_64 $(pkg_version qemu-system-x86) -accel tcg -m $MEM -smp 1; BIOS: SeaBIOS + e1000 iPXE ROM (ipxe-qemu $(pkg_version ipxe-qemu));"
  echo "    UEFI: q35 + OVMF $(pkg_version ovmf) own PXE, virtio-net romfile=, snponly.efi from ipxe $(pkg_version ipxe)"
  echo "payload: $(cat "$PAYLOAD/kernel-package" 2>/dev/null || echo kernel) $(stat -c %s "$PAYLOAD/vmlinuz") bytes + initrd.gz $(stat -c %s "$PAYLOAD/initrd.gz") bytes ($PAYLOAD)"
  echo "servers: PxeHost (build $(echo "${!BUILDS[@]}")), dnsmasq $(dnsmasq --version | head -1 | awk '{ print $3 }'); pxelinux $(pkg_version pxelinux)"
  echo
  echo "seconds from QEMU's start to the marker line on the serial console:"
  local fmt='%-41s %4s %4s %6s %7s %6s   %s\n'
  printf "$fmt" "path" "runs" "ok" "min" "median" "max" "vs dnsmasq (median ratio; min ratio)"
  printf "$fmt" "-----------------------------------------" "----" "----" "------" "-------" "------" "------------------------------------"
  for p in "${PATHS[@]}"; do
    r=$(( $(echo ${TIMES[$p]:-} | wc -w) + ${FAILS[$p]:-0} ))
    read -r mn md mx <<<"$(stats "${TIMES[$p]:-}")"
    ratio=""
    if [ -n "${BASELINE[$p]:-}" ]; then
      # shellcheck disable=SC2034  # bmx: read for its position
      read -r bmn bmd bmx <<<"$(stats "${TIMES[${BASELINE[$p]}]:-}")"
      ratio="$(awk -v a="$md" -v b="$bmd" -v c="$mn" -v d="$bmn" -v n="${BASELINE[$p]}" 'BEGIN {
        if (a == "-" || b == "-" || b + 0 <= 0) { print "- (no successful runs to compare)"; exit }
        printf "%.2fx; %.2fx  (PxeHost / %s)", a / b, c / d, n }')"
    fi
    printf "$fmt" "$p  ${LABEL[$p]}" "$r" "$(echo ${TIMES[$p]:-} | wc -w)" "$mn" "$md" "$mx" "$ratio"
  done
  echo "(ratio < 1: PxeHost booted faster; pxe-http is compared with dnsmasq's BIOS pxelinux path, the same VM)"
  echo
  echo "where the time went, seconds since QEMU's start, per run (server's log):"
  local fmt2='%-9s %3s %7s %7s %7s %7s %7s %9s %7s %7s %5s\n'
  printf "$fmt2" "path" "run" "DISCOV" "1st ACK" "lst ACK" "file" "kernel" "kern xfer" "initrd" "marker" "load"
  for p in "${PATHS[@]}"; do
    for r in $(seq "$ROUNDS_DONE"); do
      [ -n "${DETAIL[$p|$r]:-}" ] || continue
      if [[ "${DETAIL[$p|$r]}" == FAILED* ]]; then
        printf '%-9s %3s %s\n' "$p" "$r" "${DETAIL[$p|$r]}"
      else
        # shellcheck disable=SC2086
        printf "$fmt2" "$p" "$r" ${DETAIL[$p|$r]}
      fi
    done
  done
  echo "DISCOV: first DHCPDISCOVER the server logged (dnsmasq logs it after pinging a new address: up to 3 s later);"
  echo "1st/lst ACK: first and last DHCPACK (UEFI: the firmware's, then that of iPXE from snponly.efi); file: end of"
  echo "the first transfer after the last ACK (pxelinux.0 or the iPXE script); kernel, initrd: end of their transfer;"
  echo "kern xfer: PxeHost's logged transfer time (rN: N TFTP retransmits), dnsmasq: '<' time since the previous file"
  echo "ended (an upper bound); load: 1-minute load average at QEMU's start. A gap from the last ACK to the first"
  echo "request that is as long with dnsmasq is the client's own (iPXE's), not the server's."
  local f bad
  for f in "$WORK"/logs/*-pxe-*-server.log; do
    [ -f "$f" ] || continue
    # pxelinux probing its per-MAC and per-address configs is expected.
    bad="$(grep -E '^[0-9:.]+ (warning|error|critical): ' "$f" | grep -v 'refused with error FileNotFound' | head -3)"
    [ -n "$bad" ] && { echo "PxeHost said (${f##*/}):"; echo "$bad" | cut -c1-250 | sed 's/^/  /'; }
  done
  [ "${#BUILDS[@]}" -gt 1 ] && echo "note: PxeHost's binaries changed during the run (${#BUILDS[@]} builds): its rows mix builds"
  [ "$QUICK" = 1 ] && echo "(--quick: 1 run per path; run without --quick for 3)"
  [ "$ROUNDS_DONE" -lt "$RUNS" ] && echo "(only $ROUNDS_DONE of $RUNS rounds fitted in the ${HARD_BUDGET} s budget: the machine was slow or busy)"
  return 0
}

# ---------------------------------------------------------------- main

main() {
  local round i n t0 t_round=0 p
  install_tools
  for p in qemu-system-x86_64 dnsmasq dotnet ip; do
    command -v "$p" >/dev/null || die "$p not found"
  done
  for p in "$OVMF_CODE" "$OVMF_VARS" /usr/lib/PXELINUX/pxelinux.0 /usr/lib/syslinux/modules/bios/ldlinux.c32 /usr/lib/ipxe/snponly.efi; do
    [ -f "$p" ] || die "missing $p"
  done
  LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/pxeboot.XXXXXX")"
  chmod 755 "$WORK"

  log "building PxeHost if needed"
  if ! "$REPO/pxehost" --help >/dev/null 2>"$WORK/build.log"; then
    # Someone may be editing the sources right now: one more try after a pause.
    log "build failed ($(grep -m1 -E 'error' "$WORK/build.log" | cut -c1-200)); retrying in 30 s"
    sleep 30
    "$REPO/pxehost" --help >/dev/null 2>"$WORK/build.log" || die "pxehost does not build: $(grep -m3 error "$WORK/build.log")"
  fi
  [ -f "$DLL" ] || die "no $DLL"
  find_payload
  log "payload: $PAYLOAD"
  make_trees
  setup_net

  n=${#PATHS[@]}
  ROUNDS_DONE=0
  for round in $(seq "$RUNS"); do
    if [ "$round" -gt 1 ] && [ $((SECONDS + t_round)) -gt "$HARD_BUDGET" ]; then
      log "round $round left out: it would take ~${t_round}s and end past the ${HARD_BUDGET}s budget"
      break
    fi
    t0=$SECONDS
    log "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
    for i in $(seq 0 $((n - 1))); do
      boot_once "${PATHS[$(((round - 1 + i) % n))]}" "$round"
    done
    ROUNDS_DONE=$round
    [ $((SECONDS - t0)) -gt "$t_round" ] && t_round=$((SECONDS - t0))
  done

  report
  log "done in ${SECONDS}s"
}

main
