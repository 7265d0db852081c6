#!/usr/bin/env python3
"""Manual check: a persistent handle with an RWH v2 lease survives kill -9 + restart with its lease.

usage: lease_reclaim.py HOST PORT SHARE USER PASS open FILE            (prints fid, cguid, granted lease; holds the
                                                                       connection until stdin closes)
       lease_reclaim.py HOST PORT SHARE USER PASS reclaim FILE FID CGUID (DH2C + RqLs with the same key; prints the
                                                                       lease context of the response)
Both steps seed the ClientGuid identically: a leased reclaim must come from the same client (MS-SMB2 3.3.5.9.12).
"""
import struct, sys, uuid, json
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ca_client import connect, ctx, FLAG_PERSISTENT
from impacket import smb3structs as s3

def create_raw(c, tid, name, contexts, disposition):
    smb = c.getSMBServer()
    packet = smb.SMB_PACKET()
    packet['Command'] = s3.SMB2_CREATE
    packet['TreeID'] = tid
    req = s3.SMB2Create()
    req['RequestedOplockLevel'] = 0xFF
    req['ImpersonationLevel'] = 2
    req['DesiredAccess'] = 0x0012019F
    req['FileAttributes'] = 0x80
    req['ShareAccess'] = 7
    req['CreateDisposition'] = disposition
    req['CreateOptions'] = 0x40
    fn = name.encode('utf-16le')
    req['NameLength'] = len(fn)
    req['NameOffset'] = 0x78
    blob = b''
    chain = [x.getData() for x in contexts]
    for i, d in enumerate(chain):
        d = bytearray(d)
        pad = (8 - len(d) % 8) % 8
        if i < len(chain) - 1:
            struct.pack_into('<I', d, 0, len(d) + pad)
        blob += bytes(d) + b'\0' * (pad if i < len(chain) - 1 else 0)
    padn = (8 - len(fn) % 8) % 8
    req['Buffer'] = fn + b'\0' * padn + blob
    req['CreateContextsOffset'] = 0x78 + len(fn) + padn
    req['CreateContextsLength'] = len(blob)
    packet['Data'] = req
    ans = smb.recvSMB(smb.sendSMB(packet))
    ans.isValidAnswer(0)
    r = s3.SMB2Create_Response(ans['Data'])
    raw = ans['Data']
    off, ln = r['CreateContextsOffset'], r['CreateContextsLength']
    ctxs = {}
    b = raw[off - 64: off - 64 + ln]
    p = 0
    while b and p < len(b):
        nxt, noff, nlen, _, doff, dlen = struct.unpack_from('<IHHHHI', b, p)
        ctxs[b[p + noff:p + noff + nlen].decode('latin1')] = b[p + doff:p + doff + dlen].hex()
        if nxt == 0: break
        p += nxt
    return r['FileID'].getData(), r['OplockLevel'], ctxs

import random
random.seed(42)
host, port, share, user, pw, step = sys.argv[1:7]
key = bytes.fromhex('0df0dde0fe0fdcbaf20f221f01f02345')
c, tid = connect(host, port, share, user, pw)
if step == 'open':
    cguid = uuid.uuid4().bytes_le
    dh2q = struct.pack('<II8s16s', 0, FLAG_PERSISTENT, b'\0' * 8, cguid)
    rqls = struct.pack('<16sIIQ16sHH', key, 7, 0, 0, b'\0' * 16, 100, 0)
    fid, ol, ctxs = create_raw(c, tid, sys.argv[7], [ctx(b'RqLs', rqls), ctx(b'DH2Q', dh2q)], 3)
    print(json.dumps({'fid': fid.hex() if isinstance(fid, bytes) else fid, 'cguid': cguid.hex(), 'oplock': ol, 'ctx': ctxs}), flush=True)
    sys.stdin.read()
else:
    fid, cguid = bytes.fromhex(sys.argv[8]), bytes.fromhex(sys.argv[9])
    dh2c = struct.pack('<16s16sI', fid, cguid, FLAG_PERSISTENT)
    rqls = struct.pack('<16sIIQ16sHH', key, 0, 0, 0, b'\0' * 16, 0, 0)
    try:
        nfid, ol, ctxs = create_raw(c, tid, sys.argv[7], [ctx(b'RqLs', rqls), ctx(b'DH2C', dh2c)], 1)
        print(json.dumps({'status': 'ok', 'oplock': ol, 'ctx': ctxs}))
    except Exception as e:
        print(json.dumps({'status': str(e)}))
