#!/usr/bin/python3
"""Black-box probe of the casmb RPC server with impacket (test fixture, run by ImpacketInteropTest).

usage: impacket_probe.py HOST EPM_PORT [USER PASSWORD LEVEL]
Prints one JSON object: EPM-resolved witness binding, witness GetInterfaceList, srvsvc NetrShareEnum
(levels 0/1/2) and NetrShareGetInfo, all over ncacn_ip_tcp. LEVEL: 5 = integrity, 6 = privacy.
"""
import json
import socket
import struct
import sys

from impacket.dcerpc.v5 import epm, srvs, transport
from impacket.dcerpc.v5.rpcrt import RPC_C_AUTHN_WINNT, RPC_C_AUTHN_GSS_NEGOTIATE
from impacket.uuid import uuidtup_to_bin

WITNESS = uuidtup_to_bin(('ccd8c074-d0e5-4a40-92b4-d074faa6ba28', '1.1'))

host, epm_port = sys.argv[1], int(sys.argv[2])
user = sys.argv[3] if len(sys.argv) > 3 else None
password = sys.argv[4] if len(sys.argv) > 4 else None
level = int(sys.argv[5]) if len(sys.argv) > 5 else 0
authn = int(sys.argv[6]) if len(sys.argv) > 6 else RPC_C_AUTHN_WINNT
out = {}


def connect(binding, auth=True):
    t = transport.DCERPCTransportFactory(binding)
    if user and auth:
        t.set_credentials(user, password, '', '', '')
    dce = t.get_dce_rpc()
    if user and auth:
        dce.set_auth_type(authn)
        dce.set_auth_level(level)
    dce.connect()
    return dce


# 1. endpoint mapper lookup (unauthenticated), like rpcclient's rpc_pipe_get_tcp_port()
dce = connect('ncacn_ip_tcp:%s[%d]' % (host, epm_port), auth=False)
binding = epm.hept_map(host, WITNESS, protocol='ncacn_ip_tcp', dce=dce)
dce.disconnect()
out['witness_binding'] = binding

# 2. witness GetInterfaceList (opnum 0, empty stub), raw stub decoded per MS-SWN 2.2.2.5
dce = connect(binding)
dce.bind(WITNESS)
dce.call(0, b'')
stub = dce.recv()
n = struct.unpack('<I', stub[4:8])[0] if struct.unpack('<I', stub[0:4])[0] else 0
ifaces = []
for i in range(n):
    e = stub[16 + 552 * i: 16 + 552 * (i + 1)]
    name = e[:520].decode('utf-16-le').split('\x00')[0]
    version, state = struct.unpack('<IH', e[520:526])
    ipv4 = socket.inet_ntoa(e[528:532])
    flags = struct.unpack('<I', e[548:552])[0]
    ifaces.append({'name': name, 'state': state, 'ipv4': ipv4, 'flags': flags, 'version': version})
out['interfaces'] = ifaces
out['witness_status'] = struct.unpack('<I', stub[-4:])[0]
dce.disconnect()

# 3. srvsvc over the same runtime (ncacn_ip_tcp here; the SMB server uses \PIPE\srvsvc)
dce = connect(binding)
dce.bind(srvs.MSRPC_UUID_SRVS)
shares = {}
for lvl in (0, 1, 2):
    resp = srvs.hNetrShareEnum(dce, lvl)
    buf = resp['InfoStruct']['ShareInfo']['Level%d' % lvl]['Buffer']
    shares[lvl] = [{k: (str(e[k]).rstrip('\x00') if k in ('shi%d_netname' % lvl, 'shi%d_remark' % lvl, 'shi%d_path' % lvl) else e[k])
                    for k in e.fields.keys() if k in ('shi%d_netname' % lvl, 'shi%d_type' % lvl, 'shi%d_remark' % lvl, 'shi%d_path' % lvl)}
                   for e in buf]
out['shares'] = shares
info = srvs.hNetrShareGetInfo(dce, 'vol1\x00', 2)
out['getinfo_path'] = str(info['InfoStruct']['ShareInfo2']['shi2_path']).rstrip('\x00')
try:
    srvs.hNetrShareGetInfo(dce, 'nope\x00', 1)
    out['getinfo_missing'] = 0
except srvs.DCERPCSessionError as e:
    out['getinfo_missing'] = e.get_error_code()
dce.disconnect()
print(json.dumps(out))
