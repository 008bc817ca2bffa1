#!/usr/bin/env bash
# Makes sure the Redis tests have Debian's redis-server and redis-cli, installing them where they are missing. The
# package may also start a system Redis on port 6379: harmless, as every test starts its own on a free port.
set -euo pipefail

if ! command -v redis-server >/dev/null; then
  packages=(redis-server) # which brings redis-tools, and with it redis-cli
elif ! command -v redis-cli >/dev/null; then
  packages=(redis-tools)
else
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "The Redis tests need: apt-get install ${packages[*]} (or skip this check with -Dredis.setup.skip=true)" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null; then
  echo "The Redis tests need ${packages[*]}, and this system has no apt-get to install them" >&2
  exit 1
fi

echo "Installing ${packages[*]} for the Redis tests"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
