#!/usr/bin/env bash
# Builds the payload the QEMU boot tests load over the network, into the (new or empty) folder OUT:
#   OUT/vmlinuz    Debian's cloud kernel (the package linux-image-cloud-amd64 depends on)
#   OUT/initrd.gz  a gzip newc cpio: static busybox and an /init that prints one marker line
#                  "PXEHOST-BOOTED cmdline: <kernel command line>" to the serial console and powers off
#   OUT/kernel-package  the name of the kernel package, for the record
# Usage: make-payload.sh OUT
# Needs (Debian): apt (apt-get download, apt-cache), dpkg (dpkg -x), busybox-static, cpio, gzip; root for mknod.
set -euo pipefail
out="${1:?usage: make-payload.sh OUT}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d /tmp/pxehost-payload-XXXXXX)"
trap 'rm -rf "$work"' EXIT

kernel_package() {
  apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/^ *Depends: linux-image-/ {print $2; exit}'
}
package="$(kernel_package)"
if [ -z "$package" ]; then
  # apt-cache knows nothing before the first `apt-get update` on a fresh machine.
  apt-get update -q >&2
  package="$(kernel_package)"
fi
[ -n "$package" ] || { echo "make-payload.sh: cannot resolve the package linux-image-cloud-amd64 depends on" >&2; exit 1; }

# Root downloads itself: the sandbox user _apt may not write into a private temporary folder.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$package" >&2)
dpkg -x "$work"/"$package"_*.deb "$work/kernel"
vmlinuz=("$work"/kernel/boot/vmlinuz-*)
[ -f "${vmlinuz[0]}" ] || { echo "make-payload.sh: no boot/vmlinuz-* in $package" >&2; exit 1; }
cp "${vmlinuz[0]}" "$out/vmlinuz"

root="$work/initrd"
mkdir -p "$root"/{bin,dev,proc,sys}
cp /bin/busybox "$root/bin/busybox"
# The kernel opens /dev/console for init before anything could mount devtmpfs.
mknod -m 600 "$root/dev/console" c 5 1
cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
line="PXEHOST-BOOTED cmdline: $(/bin/busybox cat /proc/cmdline)"
# Exactly one marker line on the serial port: through /dev/console when it is ttyS0
# (console=ttyS0), else straight to /dev/ttyS0 as well as to whatever the console is.
echo "$line" >/dev/console
if ! /bin/busybox grep -qw ttyS0 /sys/class/tty/console/active 2>/dev/null; then
  echo "$line" >/dev/ttyS0
fi
/bin/busybox sync
/bin/busybox poweroff -f
EOF
chmod 755 "$root/init"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 | gzip -9n >"$out/initrd.gz")
echo "$package" >"$out/kernel-package"
