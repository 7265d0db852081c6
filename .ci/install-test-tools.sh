#!/usr/bin/env bash
# Installs the external SMB tools the conformance tests drive (Debian 12, as root, non-interactive).
# Packages already installed are skipped; nothing is fetched when all are present.
set -euo pipefail
missing=()
for p in smbclient samba-testsuite python3-impacket; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "missing ${missing[*]}: install them as root (apt-get install -y ${missing[*]});" \
       "until then the tests that drive them are skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
