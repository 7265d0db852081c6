#!/usr/bin/env bash
# Unplanned-takeover time of the HA pair by the number of persistent handles in the replicated state (docs/DESIGN.md
# "HA pair acceptance criteria", Unplanned takeover: 1 k, 10 k and 100 k handles). Not part of the test suite.
#
# For each count N: a real loopback pair (mediator + node A + node B JVMs on 127.0.0.150-152, ports from
# 4800); node A commits N synthetic persistent handles through its Raft handle store (the ordinary
# RaftHandleStore.put path, group-committed), and python3-impacket holds one real persistent handle with a
# byte-range lock through A's LIF. Then kill -9 of node A, and the times from the kill until node B starts the
# takeover, has reloaded all handles (aggregate online), has finished (LIFs up), answers on A's LIF, and the
# real client's DH2C reclaim has succeeded (incl. ~0.3 s of python start-up); plus node B's Raft storage
# (snapshot + log) before the kill. Prints a table (also written to conformance-tests/target/takeover-handles.txt).
#
# Environment: HANDLES (comma-separated counts, default 1000,10000,100000). Bounded: 40 min overall.
# Needs python3-impacket (apt install python3-impacket). Runs offline if the Maven repository is warm.
set -euo pipefail
cd "$(dirname "$0")/.."
HANDLES=${HANDLES:-1000,10000,100000}
OFFLINE=${MVN_OFFLINE:--o}
timeout 45m mvn -B $OFFLINE -pl conformance-tests -am verify -Djacoco.skip=true \
  -Dtest=HandleTakeoverBench -Dsurefire.failIfNoSpecifiedTests=false -Dcasmb.bench.handles="$HANDLES" \
  | grep -v '^[0-9][0-9]:[0-9][0-9]:' | sed -n '/unplanned takeover by persistent-handle count/,/^\[/p; /BUILD\|Tests run:.*HandleTakeoverBench\|FAIL/p'
