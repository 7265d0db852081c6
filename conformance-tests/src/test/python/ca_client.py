#!/usr/bin/env python3
"""Persistent-handle client steps with impacket (an independent SMB 3 client), for the CA reclaim test.

usage: ca_client.py HOST PORT SHARE USER PASS STEP [args...]
steps (each prints one JSON line):
  open FILE DATA_HEX [lock|nolock] [TIMEOUT_MS]
                            open with DH2Q persistent, write DATA, lock [0,4096) exclusive if asked; prints file id + create guid
  conflict FILE             a second client's conflicting open; prints the NTSTATUS
  reclaim FILE FID CGUID    new connection + DH2C; reads the file back; prints data
  lockcheck FILE FID CGUID  reclaim, then a second client's conflicting lock; prints statuses
"""
import json
import struct
import sys
import uuid

from impacket import smb3structs as s3
from impacket.smbconnection import SMBConnection
from impacket.smb3 import SessionError

FLAG_PERSISTENT = 0x2


class Raw:
    """A pre-encoded create context, in the shape impacket's create() expects (getData())."""

    def __init__(self, b):
        self.b = b

    def getData(self):
        return self.b


def ctx(name: bytes, data: bytes) -> 'Raw':
    # SMB2_CREATE_CONTEXT: Next, NameOffset=16, NameLength, Reserved, DataOffset=24, DataLength, Name, pad, Data
    hdr = struct.pack('<IHHHHI', 0, 16, len(name), 0, 24 if data else 0, len(data))
    body = name + b'\0' * (8 - len(name) % 8 if len(name) % 8 else 0)
    return Raw(hdr + body + data)


def lock(smb, tid, fid, offset, length, flags):
    """SMB2 LOCK with one element (impacket's own lock() mis-encodes its elements)."""
    packet = smb.SMB_PACKET()
    packet['Command'] = s3.SMB2_LOCK
    packet['TreeID'] = tid
    req = s3.SMB2Lock()
    req['FileID'] = fid
    req['LockCount'] = 1
    req['LockSequence'] = 0
    req['Locks'] = struct.pack('<QQII', offset, length, flags, 0)
    packet['Data'] = req
    ans = smb.recvSMB(smb.sendSMB(packet))
    ans.isValidAnswer(0)  # raises SessionError with the status


def connect(host, port, share, user, pw):
    c = SMBConnection(host, host, sess_port=int(port), preferredDialect=s3.SMB2_DIALECT_30)
    c.login(user, pw)
    tid = c.connectTree(share)
    return c, tid


def status_of(e):
    return '0x%08X' % (e.get_error_code() & 0xFFFFFFFF)


def create(c, tid, name, contexts, disposition=s3.FILE_OPEN_IF, access=0x0012019F, share_mode=0):
    smb = c.getSMBServer()
    return smb.create(tid, name, access, share_mode, 0, disposition, 0x80,
                      createContexts=contexts)


def main():
    host, port, share, user, pw, step = sys.argv[1:7]
    args = sys.argv[7:]
    out = {}
    if step == 'open':
        name, data = args[0], bytes.fromhex(args[1])
        timeout_ms = int(args[3]) if len(args) > 3 else 0
        c, tid = connect(host, port, share, user, pw)
        cguid = uuid.uuid4().bytes_le
        dh2q = struct.pack('<II8s16s', timeout_ms, FLAG_PERSISTENT, b'\0' * 8, cguid)
        # share read/write/delete: other clients may open the file, but not lock what this handle locked
        fid = create(c, tid, name, [ctx(b'DH2Q', dh2q)], share_mode=7)
        smb = c.getSMBServer()
        smb.write(tid, fid, data, 0, len(data))
        if len(args) > 2 and args[2] == 'lock':
            lock(smb, tid, fid, 0, 4096, s3.SMB2_LOCKFLAG_EXCLUSIVE_LOCK | s3.SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
        out = {'fid': fid.hex() if isinstance(fid, bytes) else fid, 'cguid': cguid.hex()}
        print(json.dumps(out), flush=True)
        # keep the connection open until killed or stdin closes, so the handle stays "connected"
        sys.stdin.read()
        return
    if step == 'conflict':
        name = args[0]
        c, tid = connect(host, port, share, user, pw)
        try:
            fid = create(c, tid, name, [], disposition=s3.FILE_OPEN, access=0x0012019F, share_mode=0)
            out = {'status': '0x00000000'}
            c.getSMBServer().close(tid, fid)
        except SessionError as e:
            out = {'status': status_of(e)}
    elif step in ('reclaim', 'lockcheck'):
        name, fid, cguid = args[0], bytes.fromhex(args[1]), bytes.fromhex(args[2])
        c, tid = connect(host, port, share, user, pw)
        dh2c = struct.pack('<16s16sI', fid, cguid, FLAG_PERSISTENT)
        try:
            nfid = create(c, tid, name, [ctx(b'DH2C', dh2c)], disposition=s3.FILE_OPEN)
        except SessionError as e:
            print(json.dumps({'status': status_of(e)}))
            return
        smb = c.getSMBServer()
        data = smb.read(tid, nfid, 0, 1 << 20)
        out = {'status': '0x00000000', 'data': data.hex(), 'fid': nfid.hex()}
        if step == 'lockcheck':
            c2, tid2 = connect(host, port, share, user, pw)
            try:
                f2 = create(c2, tid2, name, [], disposition=s3.FILE_OPEN, access=0x00120089, share_mode=7)
                lock(c2.getSMBServer(), tid2, f2, 0, 1, s3.SMB2_LOCKFLAG_SHARED_LOCK | s3.SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
                out['other_lock'] = '0x00000000'
            except SessionError as e:
                out['other_lock'] = status_of(e)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
