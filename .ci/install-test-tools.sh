#!/usr/bin/env bash
# Installs Debian packages (default: the SMB tools the conformance tests drive, plus iproute2 and arping for
# the LIF namespace test) as root, non-interactive.
# usage: install-test-tools.sh [PACKAGE...]   Packages already installed are skipped; nothing is fetched
# when all are present.
set -euo pipefail
[ $# -gt 0 ] || set -- smbclient samba-testsuite python3-impacket iproute2 iputils-arping
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing ${missing[*]}: install them as root (apt-get install -y ${missing[*]});" \
       "until then what needs them is skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
