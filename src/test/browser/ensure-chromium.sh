#!/usr/bin/env bash
# Makes sure the browser tests have Debian's chromium and chromedriver, installing them where they are missing,
# with a Chinese and an emoji font so that screenshots of Chinese pages can be read.
set -euo pipefail

packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
required=${#packages[@]}
if command -v fc-list >/dev/null; then
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || packages+=(fonts-wqy-microhei)
  fc-list 2>/dev/null | grep -qi emoji || packages+=(fonts-noto-color-emoji)
fi
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "The browser tests need: apt-get install ${packages[*]}" >&2
  [ "$required" -eq 0 ] && exit 0 # only fonts are missing: screenshots show boxes for Chinese text
  exit 1
fi

if ! command -v apt-get >/dev/null; then
  echo "The browser tests need ${packages[*]}, and this system has no apt-get to install them" >&2
  [ "$required" -eq 0 ] && exit 0
  exit 1
fi

echo "Installing ${packages[*]} for the browser tests"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
