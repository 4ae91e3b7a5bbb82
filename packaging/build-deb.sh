#!/usr/bin/env bash
# Builds the Debian package pxehost_VERSION_ARCH.deb from this checkout and prints its path as the last line.
#
#   packaging/build-deb.sh [--arch amd64|arm64] [--version VERSION] [--out DIR]
#
# The program is published as one self-contained file (no .NET needed on the machine); the publish
# output is kept per commit in artifacts/publish, so a second build of the same commit only lays out and
# packs. When the NuGet feed cannot give a runtime's packs, it says which,
# publishes framework-dependent instead and the package depends on Debian's .NET runtime packages.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
arch="$(dpkg --print-architecture)"
version=""
out="$repo/artifacts/deb"
# Who built it: DEBFULLNAME and DEBEMAIL as Debian's tools read them, else git's user.
maintainer="${DEBFULLNAME:-$(git -C "$repo" config user.name || echo PxeHost)} <${DEBEMAIL:-$(git -C "$repo" config user.email || echo "root@$(hostname -f)")}>"

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-deb.sh: unknown argument '$1' (--arch amd64|arm64, --version V, --out DIR)" >&2; exit 2 ;;
  esac
done

case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) echo "build-deb.sh: --arch '$arch': amd64 or arm64" >&2; exit 2 ;;
esac

commit="$(git -C "$repo" rev-parse HEAD)"
short="$(git -C "$repo" rev-parse --short=10 HEAD)"
# Debian's version: upstream 0.1.0, then the commit (count for ordering, hash to find it), revision 1.
version="${version:-0.1.0+git$(git -C "$repo" rev-list --count HEAD).$short-1}"
# Reproducible: every date in the package is the commit's (https://reproducible-builds.org/specs/source-date-epoch/).
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}"

# The publish is cached per version (the commit: the program reports it) and per uncommitted change to
# what it is built from.
built=(src Directory.Build.props global.json)
dirty=clean
if [ -n "$(git -C "$repo" status --porcelain -- "${built[@]}")" ]; then
  dirty="$( (cd "$repo" && git diff HEAD -- "${built[@]}" && git ls-files -z --others --exclude-standard -- "${built[@]}" | xargs -0r cat) | sha256sum | cut -c1-12)"
fi
publish="$repo/artifacts/publish/$rid/$version-$dirty"
dependency=""
if [ ! -f "$publish/.done" ]; then
  rm -rf "$publish"
  log="$(mktemp)"
  echo "build-deb.sh: dotnet publish -r $rid (self-contained, one file)..." >&2
  if ! dotnet publish "$repo/src/PxeHost.Cli/PxeHost.Cli.csproj" -c Release -r "$rid" -nologo \
      -p:Version=0.1.0 -p:InformationalVersion="$version" -o "$publish" >"$log" 2>&1; then
    missing="$(grep -oE "Microsoft\.(NETCore|AspNetCore)\.App\.(Runtime|Host)\.$rid[^ ]*" "$log" | sort -u | tr '\n' ' ' || true)"
    if [ -z "$missing" ]; then
      cat "$log" >&2
      exit 1
    fi
    echo "build-deb.sh: the NuGet feed has no $missing: publishing framework-dependent (Depends: aspnetcore-runtime-10.0)" >&2
    rm -rf "$publish"
    dotnet publish "$repo/src/PxeHost.Cli/PxeHost.Cli.csproj" -c Release -r "$rid" -nologo -p:SelfContained=false \
      -p:Version=0.1.0 -p:InformationalVersion="$version" -o "$publish" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
    echo framework-dependent >"$publish/.framework-dependent"
  fi
  rm -f "$log"
  touch "$publish/.done"
fi
[ -f "$publish/.framework-dependent" ] && dependency=", aspnetcore-runtime-10.0"

# The manual page and the completion script come from the command tree of this checkout's build (any arch).
manual="$("$repo/pxehost" man)"
completion="$("$repo/pxehost" completion bash)"

name="pxehost_${version}_${arch}"
tree="$out/$name"
rm -rf "$tree" "$out/$name.deb"
install -d "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/lib/pxehost" "$tree/lib/systemd/system" "$tree/etc/pxehost" \
  "$tree/usr/share/man/man1" "$tree/usr/share/doc/pxehost" "$tree/usr/share/bash-completion/completions"

# The program's native SQLite library must sit beside it (see PxeHost.Cli.csproj), hence /usr/lib/pxehost
# and a link in /usr/bin: the runtime finds the library next to the file the link points to.
install -m 0755 "$publish/PxeHost.Cli" "$tree/usr/lib/pxehost/pxehost"
install -m 0644 "$publish/libe_sqlite3.so" "$tree/usr/lib/pxehost/libe_sqlite3.so"
# Policy 10.1: shared libraries stripped. (Never the program itself: stripping a single-file bundle breaks it.)
strip_program="strip"
[ "$arch" = arm64 ] && [ "$(dpkg --print-architecture)" != arm64 ] && strip_program="aarch64-linux-gnu-strip"
if command -v "$strip_program" >/dev/null; then
  "$strip_program" --strip-unneeded --remove-section=.comment --remove-section=.note "$tree/usr/lib/pxehost/libe_sqlite3.so"
else
  echo "build-deb.sh: $strip_program not found (apt-get install binutils-aarch64-linux-gnu): libe_sqlite3.so stays unstripped" >&2
fi
if [ -f "$publish/.framework-dependent" ]; then
  for file in "$publish"/*.dll "$publish"/*.json; do install -m 0644 "$file" "$tree/usr/lib/pxehost/"; done
fi
ln -s ../lib/pxehost/pxehost "$tree/usr/bin/pxehost"
install -m 0644 "$here/pxehost.service" "$tree/lib/systemd/system/pxehost.service"
install -m 0644 "$here/pxehost.yaml" "$tree/etc/pxehost/pxehost.yaml"
printf '%s\n' "$manual" | gzip -9n >"$tree/usr/share/man/man1/pxehost.1.gz"
printf '%s\n' "$completion" >"$tree/usr/share/bash-completion/completions/pxehost"
chmod 0644 "$tree/usr/share/man/man1/pxehost.1.gz" "$tree/usr/share/bash-completion/completions/pxehost"
install -m 0644 "$here/debian/copyright" "$tree/usr/share/doc/pxehost/copyright"
{
  printf 'pxehost (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Built from commit %s.\n\n' "$commit"
  printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$tree/usr/share/doc/pxehost/changelog.Debian.gz"
chmod 0644 "$tree/usr/share/doc/pxehost/changelog.Debian.gz"

install -d "$tree/usr/share/lintian/overrides"
install -m 0644 "$here/debian/lintian-overrides" "$tree/usr/share/lintian/overrides/pxehost"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$tree/DEBIAN/"
echo /etc/pxehost/pxehost.yaml >"$tree/DEBIAN/conffiles"
(cd "$tree" && find usr lib -type f -print0 | sort -z | xargs -0 md5sum) >"$tree/DEBIAN/md5sums"
chmod 0644 "$tree/DEBIAN/conffiles" "$tree/DEBIAN/md5sums"

# libc6, libgcc-s1 and libstdc++6: what the program and libe_sqlite3.so link (readelf -d); libssl3 for
# https URLs in API mode and boot plans (the runtime opens it only then).
cat >"$tree/DEBIAN/control" <<EOF
Package: pxehost
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$tree" | cut -f1)
Depends: adduser, libc6 (>= 2.27), libgcc-s1, libstdc++6, init-system-helpers (>= 1.52)$dependency
Recommends: ipxe, libssl3
Suggests: grub-efi-amd64-bin, pxelinux, syslinux-common
Section: net
Priority: optional
Description: network-boot server: proxyDHCP or DHCP, TFTP and HTTP in one program
 PxeHost boots BIOS and UEFI machines over the network from one declarative
 plan (/etc/pxehost/pxehost.yaml): profiles, menus and machines, rendered for
 iPXE, PXELINUX and GRUB. It answers beside the network's own DHCP server
 (proxy mode) or as the DHCP server, serves TFTP and HTTP, and tells per
 machine where a boot got to and why it stopped.
 .
 The package runs it as the service pxehost, as the user pxehost with only
 CAP_NET_BIND_SERVICE and CAP_NET_RAW; pxehost doctor checks the network.
EOF

find "$tree" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zxz --build "$tree" "$out/$name.deb" >&2
echo "$out/$name.deb"
