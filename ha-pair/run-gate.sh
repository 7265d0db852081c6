#!/usr/bin/env bash
# Full leader-kill gate (docs/DESIGN.md "HA pair acceptance criteria", Consensus): 20 leader kills (override:
# KILLS=n IMPL=ratis; the Atomix backend was retired, its runs are in DESIGN-raft.md), strict 1 s gap.
# The gate (dev.casmb.ha.gate.LeaderKillGate, LeaderKillGateTest) lives in the tools module; it tests ha-pair's consensus.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -q -pl tools -am test -Dtest=LeaderKillGateTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcasmb.gate.kills="${KILLS:-20}" -Dcasmb.gate.impl="${IMPL:-ratis}" -Dcasmb.gate.strict=true
