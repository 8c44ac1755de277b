#!/bin/sh
# The offline tests open the ZIM file in Kiwix's own server (Debian's kiwix-tools: kiwix-serve),
# as a reader's Kiwix would show it.
set -e
if command -v kiwix-serve >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The offline tests need kiwix-serve (kiwix-tools); install it with your package manager." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing Debian's kiwix-tools for the offline tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq kiwix-tools >/dev/null
