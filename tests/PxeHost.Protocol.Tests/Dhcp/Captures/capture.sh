#!/usr/bin/env bash
# Regenerates the golden DHCP captures in this folder: the DISCOVER and REQUEST of real clients
# (SeaBIOS + iPXE ROM, OVMF's own PXE, OVMF + iPXE ROM, dhclient, busybox udhcpc), answered by a
# dnsmasq started here (with a boot file name, without which OVMF ignores the offer) so that each
# client goes on to REQUEST. Root, Debian 12; everything runs in a
# network namespace made here, with private addresses that exist only inside it.
#   apt-get install qemu-system-x86 ipxe-qemu ovmf tshark isc-dhcp-client busybox dnsmasq
# Output: NAME-discover.hex and NAME-request.hex, the UDP payload as one line of hex.
set -euo pipefail
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ns="pxhcap$$"
work="$(mktemp -d -p /var/tmp pxhcap.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM
in_ns() { ip netns exec "$ns" "$@"; }

ip netns add "$ns"
in_ns ip link set lo up
in_ns ip link add br0 type bridge forward_delay 0
in_ns ip addr add 10.99.0.1/24 dev br0
in_ns ip link set br0 up
for t in tap0 tap1 tap2; do
  in_ns ip tuntap add "$t" mode tap
  in_ns ip link set "$t" master br0
  in_ns ip link set "$t" up
done
# Two veth pairs for the OS clients, their far ends left in this namespace but off the bridge's IP.
for i in 1 2; do
  in_ns ip link add "host$i" type veth peer name "cli$i"
  in_ns ip link set "host$i" master br0
  in_ns ip link set "host$i" up
  in_ns ip link set "cli$i" address "52:54:00:00:00:1$i"
  in_ns ip link set "cli$i" up
done

in_ns dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=br0 --bind-interfaces \
  --dhcp-range=10.99.0.100,10.99.0.150,1h --dhcp-boot=boot.efi --dhcp-leasefile="$work/leases" --log-facility="$work/dnsmasq.log" &
pids+=($!)
in_ns tshark -q -i br0 -f "udp port 67 or udp port 68" -w "$work/dhcp.pcapng" 2>"$work/tshark.log" &
pids+=($!)
sleep 2

count_requests() { # MAC
  tshark -r "$work/dhcp.pcapng" -Y "dhcp.option.dhcp == 3 && dhcp.hw.mac_addr == $1" 2>/dev/null | wc -l
}
wait_request() { # MAC seconds
  for _ in $(seq "$2"); do
    [ "$(count_requests "$1")" -gt 0 ] && return 0
    sleep 1
  done
  echo "capture.sh: no REQUEST from $1" >&2
  return 1
}

cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars1.fd"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars2.fd"
qemu_common=(-accel tcg -m 256 -display none -serial none -monitor none -no-reboot -boot n)
ovmf() { echo "-machine q35 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd -drive if=pflash,format=raw,file=$work/$1"; }

in_ns qemu-system-x86_64 "${qemu_common[@]}" -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
  -device e1000,netdev=n0,mac=52:54:00:00:00:01 </dev/null &
pids+=($!)
# shellcheck disable=SC2046
in_ns qemu-system-x86_64 "${qemu_common[@]}" $(ovmf vars1.fd) -netdev tap,id=n1,ifname=tap1,script=no,downscript=no \
  -device virtio-net-pci,netdev=n1,romfile=,mac=52:54:00:00:00:02 </dev/null &
pids+=($!)
# shellcheck disable=SC2046
in_ns qemu-system-x86_64 "${qemu_common[@]}" $(ovmf vars2.fd) -netdev tap,id=n2,ifname=tap2,script=no,downscript=no \
  -device e1000,netdev=n2,mac=52:54:00:00:00:03 </dev/null &
pids+=($!)
in_ns dhclient -1 -d -v -lf "$work/dhclient.leases" -pf "$work/dhclient.pid" -sf /bin/true cli1 >"$work/dhclient.log" 2>&1 &
pids+=($!)
in_ns busybox udhcpc -i cli2 -f -n -q -s /bin/true >"$work/udhcpc.log" 2>&1 &
pids+=($!)

for mac in 52:54:00:00:00:01 52:54:00:00:00:02 52:54:00:00:00:03 52:54:00:00:00:11 52:54:00:00:00:12; do
  wait_request "$mac" 240
done
sleep 1

save() { # NAME MAC TYPE(1|3) SUFFIX
  tshark -r "$work/dhcp.pcapng" -Y "dhcp.option.dhcp == $3 && dhcp.hw.mac_addr == $2" -T fields -e udp.payload 2>/dev/null \
    | head -n 1 | tr -d ':\n' > "$out/$1-$4.hex"
  echo >> "$out/$1-$4.hex"
  echo "capture.sh: $1-$4.hex ($(($(wc -c < "$out/$1-$4.hex") / 2)) bytes)"
}
for pair in seabios-ipxe:52:54:00:00:00:01 ovmf-pxe:52:54:00:00:00:02 ovmf-ipxe:52:54:00:00:00:03 dhclient:52:54:00:00:00:11 udhcpc:52:54:00:00:00:12; do
  name="${pair%%:*}"; mac="${pair#*:}"
  save "$name" "$mac" 1 discover
  save "$name" "$mac" 3 request
done
