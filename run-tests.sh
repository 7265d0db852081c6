#!/usr/bin/env bash
# The whole test suite: unit tests of every module, then the black-box conformance tests that start a real
# server and drive it with smbclient, smbj, smbtorture and raw sockets (conformance-tests/).
# Installs smbclient, samba-testsuite and python3-impacket first if missing (apt, as root).
# Extra arguments go to Maven, e.g. `bash run-tests.sh -Dcasmb.largeFileMiB=64` for a quicker large-file test.
set -euo pipefail
cd "$(dirname "$0")"
bash .ci/install-test-tools.sh
mvn -B verify "$@"
