#!/usr/bin/env bash
# Demo: builds casmb and starts the HA pair of SVM "SVM1" on loopback as three processes:
#   mediator 127.0.0.10 (Raft votes only), node A (data LIF 127.0.0.11), node B (data LIF 127.0.0.12).
# Each node LIF serves SMB on 445, the endpoint mapper (witness, srvsvc) on 135 and the admin SSH shell
# on 2222. Shares: "vmstore" (continuously available) and "public", on aggregate aggr1 (home node A), and
# "sqlstore" (continuously available) on aggregate aggr2 (home node B): both nodes own data (active/active).
# SMB user demo / Demo-Pass1, admin admin / Admin-Pass1 (password login for the demo only).
# State, logs and share data live in ./run/ (gitignored). Ctrl-C stops all three processes.
set -euo pipefail
cd "$(dirname "$0")"
SMB_PORT=${SMB_PORT:-445}
EPM_PORT=${EPM_PORT:-135}
RUN=$PWD/run
# the node's runnable class path (ha-pair, the upgrade drill for `system node upgrade-drill`, their libraries)
CP="$PWD/dist/target/lib/*"
# com.sun.crypto.provider: JCE's GHASH for AES-GMAC signing of large READs/WRITEs (else a slower route)
JAVA_OPTS=(-Xmx512m --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED)
PIDS=()

if { [ "$SMB_PORT" -lt 1024 ] || [ "$EPM_PORT" -lt 1024 ]; } && [ "$(id -u)" != 0 ]; then
  echo "ports $SMB_PORT/$EPM_PORT need root (or: SMB_PORT=4450 EPM_PORT=1135 bash run-demo.sh)" >&2
  exit 1
fi

echo "building (mvn -q -B package -DskipTests) ..."
mvn -q -B package -DskipTests

mkdir -p "$RUN/aggr1/vmstore" "$RUN/aggr1/public" "$RUN/aggr2/sqlstore" "$RUN/logs"
members() {
  cat <<YAML
  consensus: ratis
  members:
    - {id: node-a, host: 127.0.0.11, port: 7001}
    - {id: node-b, host: 127.0.0.12, port: 7002}
    - {id: mediator, host: 127.0.0.10, port: 7000, mediator: true}
YAML
}
node_yaml() { # node partner my-ip partner-ip my-hb partner-hb
  cat <<YAML
node: $1
partner: $2
svm: {name: SVM1, netbiosName: SVM1}
lifs:
  - {name: lif_a, address: 127.0.0.11/8, homeNode: node-a}
  - {name: lif_b, address: 127.0.0.12/8, homeNode: node-b}
aggregates:
  - {name: aggr1, homeNode: node-a, shares: [vmstore, public]}
  - {name: aggr2, homeNode: node-b, shares: [sqlstore]}
witness: {epmPort: $EPM_PORT, witnessPort: 0}
stateDir: state-$1
pair:
$(members)
  heartbeat: $3:$5
  partnerHeartbeat: $4:$6
admin:
  port: 2222
  passwordAuth: true
  users: [{name: admin, password: Admin-Pass1}]
smb:
  port: $SMB_PORT
  users: [{name: demo, password: Demo-Pass1}]
  shares:
    - {name: vmstore, path: aggr1/vmstore, continuouslyAvailable: true, comment: "continuously available (Hyper-V / SQL)"}
    - {name: public, path: aggr1/public, comment: "plain share"}
    - {name: sqlstore, path: aggr2/sqlstore, continuouslyAvailable: true, comment: "continuously available, home node B (SQL)"}
YAML
}
{ echo "id: mediator"; echo "stateDir: state-mediator"; echo "pair:"; members; } > "$RUN/mediator.yaml"
node_yaml node-a node-b 127.0.0.11 127.0.0.12 7201 7202 > "$RUN/node-a.yaml"
node_yaml node-b node-a 127.0.0.12 127.0.0.11 7202 7201 > "$RUN/node-b.yaml"

stop() {
  trap - INT TERM EXIT
  echo
  echo "stopping node B, node A and the mediator ..."
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  echo "stopped."
}
trap stop INT TERM EXIT

start() { # name main config
  (cd "$RUN" && exec java "${JAVA_OPTS[@]}" -cp "$CP" "$2" -c "$3") >"$RUN/logs/$1.log" 2>&1 &
  PIDS+=($!)
}
start mediator dev.casmb.ha.pair.MediatorMain mediator.yaml
start node-a dev.casmb.ha.launch.NodeMain node-a.yaml
start node-b dev.casmb.ha.launch.NodeMain node-b.yaml

echo "starting the pair (logs in $RUN/logs) ..."
up() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for _ in $(seq 600); do
  if up 127.0.0.11 "$SMB_PORT" && up 127.0.0.12 "$SMB_PORT" && up 127.0.0.11 2222 && up 127.0.0.12 2222; then break; fi
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a process exited; see $RUN/logs" >&2; exit 1; }; done
  sleep 0.2
done
P=""; [ "$SMB_PORT" != 445 ] && P=" -p $SMB_PORT"
cat <<MSG

SVM1 is up: node A serves aggregate aggr1 (shares vmstore [CA] and public) on 127.0.0.11; node B serves
aggregate aggr2 (share sqlstore [CA]) on 127.0.0.12; each is the other's partner and witness. Mediator on
127.0.0.10.

  smbclient //127.0.0.11/public$P -U demo%Demo-Pass1 -m SMB3 -c 'ls'
  smbclient //127.0.0.11/vmstore$P -U demo%Demo-Pass1 --client-protection=encrypt
  smbclient //127.0.0.12/sqlstore$P -U demo%Demo-Pass1 -m SMB3 -c 'ls'
  smbclient -L //127.0.0.11$P -U demo%Demo-Pass1
  rpcclient -U demo%Demo-Pass1 127.0.0.11 -c 'netshareenumall'
  rpcclient -U demo%Demo-Pass1 'ncacn_ip_tcp:127.0.0.12[sign]' -c 'GetInterfaceList'    (witness)
  ssh -p 2222 admin@127.0.0.12 'storage failover show'        (password Admin-Pass1)
  ssh -p 2222 admin@127.0.0.12 'storage failover takeover -ofnode node-a'
  ssh -p 2222 admin@127.0.0.12 'storage failover giveback -ofnode node-a'

Logs: $RUN/logs/{mediator,node-a,node-b}.log. Ctrl-C stops everything.
MSG
wait
