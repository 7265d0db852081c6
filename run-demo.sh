#!/usr/bin/env bash
# Demo: builds casmb and serves SVM "SVM1" on node A's data LIF 127.0.0.11:445, with the continuously-
# available share "vmstore" and the plain share "public", user demo / Demo-Pass1. Ctrl-C stops it.
# State and share directories live in ./run/ (gitignored).
# Today this is the single-node server; the HA pair launcher (node B on 127.0.0.12, mediator on
# 127.0.0.10, EPM on 135, admin SSH on 2222) replaces start_node_a below once it exists.
set -euo pipefail
cd "$(dirname "$0")"
LIF_A=${LIF_A:-127.0.0.11}
SMB_PORT=${SMB_PORT:-445}
RUN=$PWD/run

build() {
  echo "building (mvn -q -B package -DskipTests) ..."
  mvn -q -B package -DskipTests
}

write_config() {
  mkdir -p "$RUN/vmstore" "$RUN/public"
  cat > "$RUN/node-a.yaml" <<YAML
netbiosName: SVM1
listen: [$LIF_A]
port: $SMB_PORT
users: [{name: demo, password: Demo-Pass1}]
shares:
  - {name: vmstore, path: vmstore, continuouslyAvailable: true, comment: "continuously available (Hyper-V / SQL)"}
  - {name: public, path: public, comment: "plain share"}
YAML
}

start_node_a() {
  if [ "$SMB_PORT" -lt 1024 ] && [ "$(id -u)" != 0 ]; then
    echo "port $SMB_PORT needs root (or run with SMB_PORT=4450 bash run-demo.sh)" >&2
    exit 1
  fi
  cat <<MSG

SVM1 node A serving on $LIF_A:$SMB_PORT  (shares: vmstore [continuously available], public)
Connect, for example:
  smbclient //$LIF_A/public  -p $SMB_PORT -U demo%Demo-Pass1 -m SMB3 -c 'ls'
  smbclient //$LIF_A/vmstore -p $SMB_PORT -U demo%Demo-Pass1 --client-protection=encrypt
Files land in $RUN/public and $RUN/vmstore. Ctrl-C stops the server.

MSG
  exec java -cp "smb3-server/target/smb3-server-0.1.0-SNAPSHOT.jar:smb3-server/target/lib/*" \
    dev.casmb.smb.SmbMain serve -c "$RUN/node-a.yaml"
}

build
write_config
start_node_a
