#!/usr/bin/env bash
# Install what the live conformance tests (tests/live) drive: Docker Engine 20.10 (dockerd,
# containerd, the docker CLI), runc 1.1.5 and a static busybox for the image and bundles.
# Idempotent, and quick when everything is already installed; needs root and apt.
set -euo pipefail

packages=(docker.io runc busybox-static)
need=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "install-runtime: run as root to apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
# Refresh the package lists only when the install cannot find the packages without it.
install 2>/dev/null || { apt-get update -qq && install; }
