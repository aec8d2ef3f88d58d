#!/usr/bin/env bash
# Install the Debian packages of the given lists when they are missing.
# Usage: ensure-debian-packages.sh LIST [LIST...]   (default: debian-packages.txt)
# As root it installs them with apt-get; otherwise it prints the one line to run
# and stops, so that nothing starts half-ready.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 0 ] && set -- "$here/debian-packages.txt"
wanted=()
for list in "$@"; do
  [ -r "$list" ] || { echo "cannot read the package list $list" >&2; exit 1; }
  mapfile -t -O "${#wanted[@]}" wanted < <(grep -v '^\s*#' "$list" | grep -v '^\s*$')
done
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  {
    echo "Missing Debian packages: ${missing[*]}"
    echo "Install them, then run make again:"
    echo
    echo "    sudo apt-get install ${missing[*]}"
    echo
  } >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
