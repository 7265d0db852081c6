#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every @FuzzTest for its fixed budget (maxDuration in the annotation:
# 30 s for the SMB frame path, 10 s for each other target; about 3 minutes in all).
# Without JAZZER_FUZZ, `mvn test` runs the fuzz tests in regression mode (seed corpus + past findings only).
# libFuzzer stops at 2 GiB RSS (an "out-of-memory" finding); the JVM's default heap here is 6 GiB, so the
# fuzzing JVM gets -Xmx1g. Jazzer fuzzes one test per JVM, so each target is a separate Surefire run. A finding fails the run and
# Jazzer saves the input under src/test/resources/<package>/<Class>Inputs/<method>/ - commit it (it then
# runs as a regression test) together with the fix. Executions per target are printed at the end.
set -euo pipefail
cd "$(dirname "$0")"
TARGETS=(
  "smb3-server SmbFrameFuzzTest#frames"
  "smb3-server HandleRecordFuzzTest#handleRecord"
  "smb3-server HandleRecordFuzzTest#createContexts"
  "smb-auth AuthTokenFuzzTest#ntlmMessages"
  "smb-auth AuthTokenFuzzTest#ntlmServerAuthenticate"
  "smb-auth AuthTokenFuzzTest#spnego"
  "witness-rpc PduFuzzTest#pdu"
  "witness-rpc PduFuzzTest#eptMap"
  "ha-pair ReplicatedStateFuzzTest#logEntry"
  "ha-pair ReplicatedStateFuzzTest#snapshot"
)
mkdir -p target/fuzz
mvn -B -q ${MVN_OFFLINE:-} -pl ha-pair -am test-compile
summary=target/fuzz/summary.txt
: > "$summary"
status=0
for t in "${TARGETS[@]}"; do
  module=${t%% *}; test=${t#* }
  log="target/fuzz/${test//#/-}.log"
  if JAZZER_FUZZ=1 mvn -B ${MVN_OFFLINE:-} -pl "$module" -am test-compile surefire:test -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Dcasmb.testJvmArgs="-Xmx1g -XX:MaxDirectMemorySize=256m" > "$log" 2>&1; then result=ok; else result=FINDING; status=1; fi
  done_line=$(grep -a '^Done [0-9]* runs' "$log" | tail -1 || true)
  cov=$(grep -a 'DONE *cov:' "$log" | tail -1 | sed 's/.*\(cov: [0-9]*\).*/\1/' || true)
  echo "$test: $result; ${done_line:-no fuzzing summary (see $log)}; ${cov}" | tee -a "$summary"
  if [ "$result" = FINDING ]; then
    # CI discards the workspace: print what failed and the input (base64) so it can be reproduced
    echo "---- $test: what Jazzer reported ----"
    grep -a -m1 -A30 -E '== Java Exception|== libFuzzer crashing input|FuzzTest.*(FAILURE|ERROR)|Exception in|AssertionError' "$log" | head -60 || tail -60 "$log"
    git status --porcelain --untracked-files=all | sed -n 's/^?? //p' | grep 'Inputs/' | while read -r f; do
      echo "---- new input $f (base64) ----"; base64 -w0 "$f" | head -c 20000; echo
    done
  fi
done
exit $status
