#!/usr/bin/env bash
# Commit-latency bench: 3 member JVMs (127.0.0.64-66:5620-5622), 16 threads x 2000 submits of 200-byte
# commands on the leader, then on the follower data node. Override: THREADS, TOTAL, SIZE.
# The bench (dev.casmb.ha.gate.CommitBench) lives in the tools module; it measures ha-pair's consensus.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -pl tools -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -DskipTests
uptime
CP=tools/target/classes:$(cat tools/target/bench-cp.txt)
WORK=$(mktemp -d /tmp/casmb-bench.XXXXXX)
java -cp "$CP" dev.casmb.ha.gate.CommitBench "$WORK" "${THREADS:-16}" "${TOTAL:-2000}" "${SIZE:-200}"
uptime
