#!/usr/bin/env bash
# Captures real client traffic against casmb on loopback and turns it into the Jazzer seed corpora
# (regression inputs) of the fuzz targets run by run-fuzz.sh. Not run in CI: run it by hand (root) after a
# protocol change, review `git status`, run the fuzz tests in regression mode (`mvn test`), and commit.
#
#   bash fuzz-seeds/capture.sh            # needs root (dumpcap on lo, ports 445 and 135), a built ha-pair
#                                          # (mvn -pl dist -am package -DskipTests), tshark, smbclient,
#                                          # smbtorture and rpcclient
#
# What it does:
#  1. starts one casmb node (dev.casmb.ha.launch.NodeMain, no pair) with a data LIF on $SEED_ADDR
#     (default 127.0.0.171): SMB on 445, the endpoint mapper on 135 (rpcclient always asks EPM on 135),
#     the witness on a dynamic port; share "public", user demo / Demo-Pass1;
#  2. captures loopback (dumpcap -i lo, filter "host $SEED_ADDR") while these run against it:
#       smbclient -m SMB3 and -m SMB2: put, ls, get, mkdir, rename, allinfo, del, rmdir; smbclient -L (srvsvc
#       over the IPC$ pipe); smbtorture smb2.connect, smb2.compound.related1, smb2.getinfo.complex,
#       smb2.lock.valid-request, smb2.create.open, smb2.dir.find, smb2.read.eof;
#       rpcclient at [sign], [seal] and [spnego,sign]: GetInterfaceList, RegisterEx, AsyncNotify, UnRegister
#       (the witness, found through ept_map on 135);
#  3. fuzz-seeds/extract.py cuts the capture into seed files (client->server SMB2 messages as records of
#     flags + u16 LE length + message; NTLMSSP and SPNEGO tokens; DCE/RPC PDUs; ept_map stubs) and replaces
#     the files named cap-* in
#       smb3-server/src/test/resources/dev/casmb/smb/fuzz/SmbFrameFuzzTestInputs/frames/
#       smb-auth/src/test/resources/dev/casmb/auth/ntlm/AuthTokenFuzzTestInputs/{ntlmMessages,ntlmServerAuthenticate,spnego}/
#       witness-rpc/src/test/resources/dev/casmb/rpc/pdu/PduFuzzTestInputs/{pdu,eptMap}/
#     (Jazzer's regression directories: `mvn test` runs every file there). Hand-made seeds and past findings
#     (other names) are left alone.
# The capture and the server's files are kept in target/fuzz-seeds/ for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ADDR=${SEED_ADDR:-127.0.0.171}
WORK=$ROOT/target/fuzz-seeds
CP="$ROOT/dist/target/lib/*"
USER_PW='demo%Demo-Pass1'

[ "$(id -u)" = 0 ] || { echo "capture.sh needs root (dumpcap on lo, ports 445/135)" >&2; exit 1; }
for t in tshark dumpcap smbclient smbtorture rpcclient python3 java; do
  command -v "$t" >/dev/null || { echo "capture.sh needs $t" >&2; exit 1; }
done
[ -f "$ROOT/ha-pair/target/ha-pair-0.1.0-SNAPSHOT.jar" ] || {
  echo "build first: mvn -q -pl ha-pair -am package -DskipTests" >&2; exit 1; }
if ss -ltn | awk '{print $4}' | grep -qE "^(\[::ffff:)?($ADDR|0\.0\.0\.0|\*|\[::\])\]?:(445|135)$"; then
  echo "something already listens on $ADDR:445/135 (or on all addresses); set SEED_ADDR" >&2; exit 1
fi

rm -rf "$WORK"
mkdir -p "$WORK/share" "$WORK/local"
cat > "$WORK/node.yaml" <<YAML
node: seed-node
partner: seed-partner
svm: {name: SEEDSVM, netbiosName: SEEDSVM}
lifs:
  - {name: lif_seed, address: $ADDR/8, homeNode: seed-node}
witness: {epmPort: 135, witnessPort: 0}
stateDir: state
smb:
  port: 445
  users: [{name: demo, password: Demo-Pass1}]
  shares:
    - {name: public, path: share, comment: "seed capture"}
YAML

NODE_PID=
CAP_PID=
cleanup() {
  [ -n "$CAP_PID" ] && kill "$CAP_PID" 2>/dev/null || true
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "starting casmb node on $ADDR (log: $WORK/node.log) ..."
java -Xmx512m -cp "$CP" dev.casmb.ha.launch.NodeMain -c "$WORK/node.yaml" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 120); do
  ss -ltn | grep -q "$ADDR\]*:445 " && ss -ltn | grep -q "$ADDR\]*:135 " && break
  kill -0 "$NODE_PID" 2>/dev/null || { tail -30 "$WORK/node.log"; exit 1; }
  sleep 0.5
done

echo "capturing lo (host $ADDR) to $WORK/capture.pcapng ..."
dumpcap -q -i lo -f "host $ADDR" -w "$WORK/capture.pcapng" > "$WORK/dumpcap.log" 2>&1 &
CAP_PID=$!
sleep 2

run() { # label, command...
  local label=$1; shift
  if timeout 120 "$@" > "$WORK/$label.log" 2>&1; then echo "  $label: ok"; else echo "  $label: exit $? (see $WORK/$label.log)"; fi
}

head -c 3000 /dev/urandom | base64 > "$WORK/local/small.txt"
cd "$WORK/local"
for m in SMB3 SMB2; do
  run "smbclient-$m" smbclient "//$ADDR/public" -U "$USER_PW" -m "$m" -c \
    "put small.txt a-$m.txt; ls; get a-$m.txt back-$m.txt; mkdir d-$m; rename a-$m.txt d-$m/b.txt; allinfo d-$m/b.txt; ls d-$m/*; del d-$m/b.txt; rmdir d-$m"
done
run smbclient-L smbclient -L "//$ADDR" -U "$USER_PW"
cd "$ROOT"
for t in smb2.connect smb2.compound.related1 smb2.getinfo.complex smb2.lock.valid-request smb2.create.open \
         smb2.dir.find smb2.read.eof; do
  run "smbtorture-$t" smbtorture "//$ADDR/public" -U "$USER_PW" "$t"
done
for auth in sign seal spnego,sign; do
  label="rpcclient-${auth/,/-}"
  python3 - "$ADDR" "$auth" > "$WORK/$label.log" 2>&1 <<'PY' && echo "  $label: ok" || echo "  $label: failed (see $WORK/$label.log)"
import queue, re, subprocess, sys, threading, time
addr, auth = sys.argv[1], sys.argv[2]
# stdbuf: rpcclient's output is block-buffered on a pipe; every wait below is bounded
p = subprocess.Popen(["stdbuf", "-oL", "rpcclient", "-U", "demo%Demo-Pass1", "ncacn_ip_tcp:%s[%s]" % (addr, auth)],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in p.stdout], daemon=True).start()
def send(cmd):
    print("> " + cmd, flush=True)
    p.stdin.write(cmd + "\n")
    p.stdin.flush()
def await_line(pattern, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            l = lines.get(timeout=max(0.1, end - time.time())).rstrip("\n")
        except queue.Empty:
            break
        print(l, flush=True)
        m = re.search(pattern, l)
        if m:
            return m
    return None
send("GetInterfaceList")
await_line(r"V2|V1|failed", 20)
send("RegisterEx --net=SEEDSVM --ip=%s --share=public --timeout=2" % addr)
m = await_line(r"^(0:[0-9a-f-]{36})$|failed", 20)
if m and m.group(1):
    send("AsyncNotify " + m.group(1))      # answered after the 2 s keep-alive
    await_line(r".", 5)
    send("UnRegister " + m.group(1))
    await_line(r".", 5)
send("quit")
try:
    p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill()
sys.exit(0 if m and m.group(1) else 1)
PY
done
sleep 2
kill "$CAP_PID"; wait "$CAP_PID" 2>/dev/null || true; CAP_PID=
kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=
echo "capture: $(tshark -r "$WORK/capture.pcapng" 2>/dev/null | wc -l) packets"

python3 "$ROOT/fuzz-seeds/extract.py" "$WORK/capture.pcapng" "$ADDR" "$ROOT"
echo "now: mvn -o -pl smb3-server,smb-auth,witness-rpc -am test -Dtest='SmbFrameFuzzTest,AuthTokenFuzzTest,PduFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false"
