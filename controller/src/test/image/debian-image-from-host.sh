#!/usr/bin/env bash
# Usage: debian-image-from-host.sh NAME PACKAGE...
#
# Makes the local image NAME (buildah storage) out of this machine's own Debian packages: the files dpkg lists
# for PACKAGE... and for everything they depend on, plus what those packages' maintainer scripts made here
# (users and groups, alternatives links, Java's trust store). The image test needs Debian
# bases with a JRE, or a JDK and Maven, and public registries cannot be reached where it runs; debootstrap
# would download and configure a whole system (over two minutes on a CI machine), copying takes seconds. The
# image's name carries a digest of the package versions and of this script, so a machine whose packages did
# not change reuses the image it made before; the digest is printed.
set -euo pipefail

name=$1
shift

# One dpkg-query for every package: the machines this runs on are busy, and a query per package took 30 s.
declare -A depends=() version=()
while IFS=$'\t' read -r pkg status ver deps; do
  [ "$status" = installed ] || continue
  depends[$pkg]=$deps
  version[$pkg]=$ver
done < <(dpkg-query -W -f='${Package}\t${db:Status-Status}\t${Version}\t${Pre-Depends}, ${Depends}\n')

# Depends and Pre-Depends, transitively; of alternatives ("a | b") the first one installed here.
closure() {
  local -A seen=()
  local queue=("$@") pkg group alternative
  while [ ${#queue[@]} -gt 0 ]; do
    pkg=${queue[0]}
    queue=("${queue[@]:1}")
    [ -n "${seen[$pkg]:-}" ] && continue
    [ -n "${version[$pkg]:-}" ] || { echo "image: $pkg is not installed here" >&2; exit 1; }
    seen[$pkg]=1
    echo "$pkg"
    while IFS= read -r group; do
      IFS='|' read -r -a alternatives <<<"$group"
      for alternative in "${alternatives[@]}"; do
        alternative=${alternative%%(*}
        alternative=${alternative%%:*}
        alternative=${alternative//[[:space:]]/}
        # A virtual package's provider is in the closure through another path, or is not needed.
        if [ -n "$alternative" ] && [ -n "${version[$alternative]:-}" ]; then
          queue+=("$alternative")
          break
        fi
      done
    done < <(tr ',' '\n' <<<"${depends[$pkg]}")
  done
}

mapfile -t packages < <(closure "$@" | sort)
digest=$({ for p in "${packages[@]}"; do echo "$p=${version[$p]}"; done; cat "$0"; } | sha256sum | cut -c1-12)
image="$name:$digest"
if buildah inspect --type image "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi

files=$(mktemp)
trap 'rm -f "$files"' EXIT
dpkg-query -L "${packages[@]}" \
  | grep '^/' | grep -Ev '^/usr/share/(doc|man|info|locale|lintian)(/|$)' \
  | grep -Ev '^/(bin|sbin|lib|lib32|lib64|libx32)$' | sort -u >"$files.all"
while IFS= read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "${f#/}"; done <"$files.all" >"$files"
rm -f "$files.all"
# update-alternatives' links (java, mvn, ...) whose chosen target is one of the packages' files, and the
# commands that point at them.
find /etc/alternatives -maxdepth 1 -type l -printf '%p\t%l\n' \
  | awk -F'\t' 'NR == FNR { file["/" $0] = 1; next } ($2 in file) { print substr($1, 2) }' "$files" - >"$files.alt"
find /usr/bin /usr/sbin -maxdepth 1 -type l -lname '/etc/alternatives/*' -printf '%p\t%l\n' \
  | awk -F'\t' 'NR == FNR { chosen["/" $0] = 1; next } ($2 in chosen) { print substr($1, 2) }' "$files.alt" - \
  >"$files.cmd"
cat "$files.alt" "$files.cmd" >>"$files"
rm -f "$files.alt" "$files.cmd"
# Made by maintainer scripts: ca-certificates' and ca-certificates-java's stores.
[ -d /etc/ssl/certs ] && echo etc/ssl/certs >>"$files" && find /etc/ssl/certs -mindepth 1 -printf 'etc/ssl/certs/%P\n' >>"$files"

container=$(buildah from scratch)
trap 'rm -f "$files"; buildah rm "$container" >/dev/null 2>&1 || true' EXIT
root=$(buildah mount "$container")
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" "$root/usr/lib64" "$root/proc" "$root/sys" "$root/dev" \
  "$root/etc" "$root/tmp" "$root/run"
chmod 1777 "$root/tmp"
# Debian 12 systems have a merged /usr; dpkg's lists still name /bin, /lib, ...
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
tar -C / --no-recursion -cf - -T "$files" | tar -C "$root" --keep-directory-symlink -xf -
# base-passwd's postinst makes these from its masters; useradd and groupadd need them.
cp /usr/share/base-passwd/passwd.master "$root/etc/passwd"
cp /usr/share/base-passwd/group.master "$root/etc/group"
buildah umount "$container" >/dev/null
buildah commit --quiet --rm "$container" "$image" >/dev/null
trap 'rm -f "$files"' EXIT
echo "$image"
