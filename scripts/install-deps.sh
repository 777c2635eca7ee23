#!/usr/bin/env bash
# Installs the C libraries GammaKit builds on (Debian/Ubuntu) when pkg-config cannot find them.
# Called by the Makefile before every build; does nothing when everything is present.
# With --test (make test) also what the tests run: Slurm and munge for the single-node cluster
# the Slurm engine's test starts (scripts/slurm/packages.txt).
set -euo pipefail

# pkg-config name -> Debian package
declare -A packages=(
  [cfitsio]=libcfitsio-dev
  [wcslib]=wcslib-dev
  [erfa]=liberfa-dev
  [zlib]=zlib1g-dev
  [libdeflate]=libdeflate-dev
  [cairo]=libcairo2-dev
)

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
for lib in "${!packages[@]}"; do
  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists "$lib"; then
    missing+=("${packages[$lib]}")
  fi
done
if [[ ${1:-} == --test ]]; then
  while read -r package; do
    [[ -n $package ]] || continue
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done < "$(dirname "$0")/slurm/packages.txt"
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not found; install these packages (or their equivalents) by hand: ${missing[*]}" >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
