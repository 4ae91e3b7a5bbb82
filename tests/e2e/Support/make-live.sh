#!/usr/bin/env bash
# Builds a dracut live system for the image tests into the (new or empty) folder OUT:
#   OUT/vmlinuz         Debian's cloud kernel (the package linux-image-cloud-amd64 depends on)
#   OUT/initrd.img      Debian's dracut initramfs for that kernel, not host-only, with dmsquash-live, livenet
#                       (root=live:http://…) and network-legacy: made inside a throwaway Debian root built by
#                       debootstrap (itself unpacked from its package), so this machine installs nothing
#   OUT/squashfs.img    the live root: static busybox and an /sbin/init that prints one line
#                       "PXEHOST-LIVE-ROOT from-the-squashfs root-fs=<type of />" to the console and powers off
#   OUT/kernel-package  the name of the kernel package, for the record
# Usage: make-live.sh OUT
# Needs (Debian): apt, dpkg, wget (debootstrap's), busybox-static, squashfs-tools, util-linux (unshare); root.
set -euo pipefail
out="${1:?usage: make-live.sh OUT}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d /tmp/pxehost-live-XXXXXX)"
trap 'rm -rf "$work"' EXIT
suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
mirror="http://deb.debian.org/debian"

kernel_package() {
  apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/^ *Depends: linux-image-/ {print $2; exit}'
}
package="$(kernel_package)"
if [ -z "$package" ]; then
  apt-get update -q >&2
  package="$(kernel_package)"
fi
[ -n "$package" ] || { echo "make-live.sh: cannot resolve the package linux-image-cloud-amd64 depends on" >&2; exit 1; }

# Root downloads itself: the sandbox user _apt may not write into a private temporary folder.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root debootstrap "$package" >&2)
dpkg -x "$work"/debootstrap_*.deb "$work/debootstrap"
dpkg -x "$work"/"$package"_*.deb "$work/kernel"
version="$(basename "$(ls -d "$work"/kernel/lib/modules/*)")"

root="$work/root"
# procps: network-legacy wants pgrep; curl: livenet's downloader.
DEBOOTSTRAP_DIR="$work/debootstrap/usr/share/debootstrap" "$work/debootstrap/usr/sbin/debootstrap" \
  --variant=minbase --include=dracut-core,dracut-live,dracut-network,curl,procps "$suite" "$root" "$mirror" >&2
# The kernel's modules go through the root's own lib symlink (merged /usr), not over it.
mkdir -p "$root/lib/modules"
cp -a "$work/kernel/lib/modules/$version" "$root/lib/modules/"
chroot "$root" depmod "$version"
# A private mount namespace: the root's /proc, /dev and /sys go away with it.
# dmsquash-live mounts a squashfs that holds the root directly (no LiveOS/rootfs.img) under an
# overlay only with rd.live.overlay.overlayfs=1 when the initramfs runs without systemd, as here.
unshare --mount sh -c "mount -t proc proc '$root/proc' && mount --rbind /dev '$root/dev' && mount --rbind /sys '$root/sys' \
  && chroot '$root' dracut --no-hostonly --no-hostonly-cmdline --force --kver '$version' --compress gzip --no-early-microcode \
     --modules 'bash base dmsquash-live livenet network-legacy' --add-drivers 'squashfs overlay loop virtio_net virtio_pci' /tmp/initrd.img" >&2
cp "$root/tmp/initrd.img" "$out/initrd.img"
cp "$work/kernel/boot/vmlinuz-$version" "$out/vmlinuz"

live="$work/live"
mkdir -p "$live"/{bin,sbin,etc,proc,sys,dev,run,tmp}
cp /bin/busybox "$live/bin/busybox"
echo "from-the-squashfs" >"$live/etc/pxehost-live"
cat >"$live/sbin/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc 2>/dev/null
root="$(/bin/busybox awk '$2 == "/" {print $3}' /proc/mounts | /bin/busybox tail -n 1)"
echo "PXEHOST-LIVE-ROOT $(/bin/busybox cat /etc/pxehost-live) root-fs=$root" >/dev/console
/bin/busybox sync
/bin/busybox poweroff -f
INIT
chmod 755 "$live/sbin/init"
mksquashfs "$live" "$out/squashfs.img" -noappend -comp xz -all-root -quiet >&2
echo "$package" >"$out/kernel-package"
