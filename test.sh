#!/usr/bin/env bash
# Installs what the tests need on Debian (root), restores NuGet packages and runs every test project.
# Ends with one line: "N passed, N failed[, N skipped]", summed over all test projects.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

# Real peers the tests start: TFTP clients, and ip/tc for the network-namespace tests; the QEMU boot lab
# (src/PxeHost/Lab/BootLab.cs, shared with `pxehost demo`): QEMU, firmware (SeaBIOS + iPXE ROMs, OVMF), boot loaders, the payload
# builder's busybox/cpio, and dnsmasq and dhcrelay as the other DHCP server and the relay.
# kea-admin brings perfdhcp (DHCP load); tshark records the ACKs that really left the server; chromium is the browser the web page tests drive.
packages=(man-db curl tftp-hpa atftp iproute2 qemu-system-x86 ipxe-qemu ipxe ovmf pxelinux syslinux-common busybox-static cpio gzip dnsmasq isc-dhcp-relay kea-admin tshark grub-common grub-pc-bin grub-efi-amd64-bin debian-installer-12-netboot-amd64 chromium xorriso isolinux memtest86+ mtools dosfstools squashfs-tools wget)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]}"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" || { echo "test.sh: apt-get failed"; exit 1; }
  # dnsmasq's package starts a system-wide daemon (and isc-dhcp-relay's would, were it configured):
  # the tests start their own in network namespaces, so stop those, each by its pid file.
  for pidfile in /run/dnsmasq/dnsmasq.pid /run/dhcrelay.pid; do
    if [ -s "$pidfile" ]; then
      pid="$(cat "$pidfile")"
      echo "test.sh: stopping the daemon a package started (pid $pid from $pidfile)"
      kill "$pid" 2>/dev/null || true
    fi
  done
fi

echo "test.sh: restoring NuGet packages"
dotnet restore PxeHost.slnx || { echo "test.sh: restore failed"; exit 1; }

log="$(mktemp)"
dotnet test PxeHost.slnx --no-restore 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, ..."
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed", p, f; if (s > 0) printf ", %d skipped", s; print ""}')
projects=$(grep -cE '^(Passed|Failed)!' "$log")
rm -f "$log"
if [ "$projects" -lt 3 ]; then
  echo "test.sh: expected 3 test projects to report, saw $projects"
  [ "$status" -eq 0 ] && status=1
fi
echo "$summary"
exit "$status"
