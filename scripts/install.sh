#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for Ferry's demo and tests, then the npm packages.
# System packages: Chromium and Firefox ESR (the browsers the extension runs in; Firefox is driven
# through WebDriver BiDi), Prosody (the real XMPP server;
# lua-expat lets its prosody-migrator read XEP-0227 files), ejabberd (a second, different XMPP
# server that imports XEP-0227 files with import_piefxis; erlang-p1-sqlite3 and sqlite3 let a test
# ejabberd keep message archives in SQLite, as large servers do, see testing/support/ejabberd.ts),
# age (the reference tool that must always open Ferry's archives), unzip (a standard tool that
# must always open the container), and Noto CJK and emoji fonts so screenshots show Korean text
# and emoji instead of empty boxes.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v firefox-esr >/dev/null || need+=(firefox-esr)
command -v prosody >/dev/null || need+=(prosody lua-unbound)
lua5.4 -e 'require "lxp"' >/dev/null 2>&1 || need+=(lua-expat)
command -v ejabberdctl >/dev/null || [ -x /usr/sbin/ejabberdctl ] || need+=(ejabberd)
ls -d /usr/lib/erlang/lib/p1_sqlite3-* >/dev/null 2>&1 || need+=(erlang-p1-sqlite3)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v age >/dev/null || need+=(age)
command -v unzip >/dev/null || need+=(unzip)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk fonts-noto-color-emoji)
if ((${#need[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "Ferry needs these Debian packages: ${need[*]}. Run as root, or: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
