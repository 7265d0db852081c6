#!/usr/bin/env python3
"""Access-control probes with python3-impacket, for AccessControlTest.

usage: access_control.py HOST PORT USER PASS STEP [args...]   (each step prints one JSON line)
  tree SHARE                  raw TREE_CONNECT: status and MaximalAccess
  handle SHARE FILE           opens FILE for FILE_READ_DATA only and tries every modifying operation on
                              that handle; then opens it for FILE_READ_ATTRIBUTES only and tries READ and
                              LOCK; prints each operation's status
  sd SHARE FILE               QUERY_INFO(SECURITY) owner/group/DACL: owner SID and the ACEs
  hardlink SHARE FILE NAME    SET_INFO FileLinkInformation on FILE with link name NAME: status
"""
import json
import struct
import sys

from impacket import smb3structs as s3
from impacket.smb3 import SessionError
from impacket.smbconnection import SMBConnection

from ca_client import lock  # SMB2 LOCK with one element (same directory)

HOST, PORT, USER, PW, STEP = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ARGS = sys.argv[6:]

FILE_READ_DATA = 0x1
FILE_READ_ATTRIBUTES = 0x80
READ_CONTROL = 0x20000
SYNCHRONIZE = 0x100000
SHARE_ALL = 7
FILE_LINK_INFORMATION = 11
FILE_RENAME_INFORMATION = 10
FILE_DISPOSITION_INFORMATION = 13
FILE_END_OF_FILE_INFORMATION = 20
FILE_BASIC_INFORMATION = 4


def st(e):
    return '0x%08X' % (e.get_error_code() & 0xFFFFFFFF)


def login():
    c = SMBConnection(HOST, HOST, sess_port=PORT, preferredDialect=s3.SMB2_DIALECT_30, timeout=15)
    c.login(USER, PW)
    return c


def attempt(fn):
    try:
        fn()
        return '0x00000000'
    except SessionError as e:
        return st(e)


def open_file(smb, tid, name, access):
    return smb.create(tid, name, access, SHARE_ALL, s3.FILE_NON_DIRECTORY_FILE, s3.FILE_OPEN, 0)


def name_info(name):
    n = name.encode('utf-16le')
    # FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION, SMB2 form: ReplaceIfExists, 7 reserved, RootDirectory, length
    return struct.pack('<B7xQI', 0, 0, len(n)) + n


def main():
    out = {}
    if STEP == 'tree':
        c = login()
        smb = c.getSMBServer()
        packet = smb.SMB_PACKET()
        packet['Command'] = s3.SMB2_TREE_CONNECT
        tc = s3.SMB2TreeConnect()
        path = '\\\\' + HOST + '\\' + ARGS[0]
        tc['Buffer'] = path.encode('utf-16le')
        tc['PathLength'] = len(tc['Buffer'])
        packet['Data'] = tc
        ans = smb.recvSMB(smb.sendSMB(packet))
        out['status'] = '0x%08X' % ans['Status']
        if ans['Status'] == 0:
            out['maximal'] = '0x%08X' % s3.SMB2TreeConnect_Response(ans['Data'])['MaximalAccess']
    elif STEP == 'handle':
        share, name = ARGS[0], ARGS[1]
        c = login()
        smb = c.getSMBServer()
        tid = c.connectTree(share)
        fid = open_file(smb, tid, name, FILE_READ_DATA | SYNCHRONIZE)
        out['read'] = attempt(lambda: smb.read(tid, fid, 0, 4))
        out['write'] = attempt(lambda: smb.write(tid, fid, b'pwned', 0, 5))
        out['flush'] = attempt(lambda: smb.flush(tid, fid))
        out['set_eof'] = attempt(lambda: smb.setInfo(tid, fid, struct.pack('<Q', 0), s3.SMB2_0_INFO_FILE,
                                                     FILE_END_OF_FILE_INFORMATION))
        out['set_basic'] = attempt(lambda: smb.setInfo(tid, fid, struct.pack('<qqqqI4x', 0, 0, 0, 0, 0x2),
                                                       s3.SMB2_0_INFO_FILE, FILE_BASIC_INFORMATION))
        out['rename'] = attempt(lambda: smb.setInfo(tid, fid, name_info('renamed-by-' + USER + '.txt'),
                                                    s3.SMB2_0_INFO_FILE, FILE_RENAME_INFORMATION))
        out['delete'] = attempt(lambda: smb.setInfo(tid, fid, b'\x01', s3.SMB2_0_INFO_FILE,
                                                    FILE_DISPOSITION_INFORMATION))
        out['query_security'] = attempt(lambda: smb.queryInfo(tid, fid, infoType=s3.SMB2_0_INFO_SECURITY,
                                                              fileInfoClass=0, additionalInformation=4))
        smb.close(tid, fid)
        fid = open_file(smb, tid, name, FILE_READ_ATTRIBUTES | SYNCHRONIZE)
        out['attr_read'] = attempt(lambda: smb.read(tid, fid, 0, 4))
        out['attr_lock'] = attempt(lambda: lock(smb, tid, fid, 0, 1, s3.SMB2_LOCKFLAG_SHARED_LOCK | s3.SMB2_LOCKFLAG_FAIL_IMMEDIATELY))
        smb.close(tid, fid)
    elif STEP == 'sd':
        share, name = ARGS[0], ARGS[1]
        c = login()
        smb = c.getSMBServer()
        tid = c.connectTree(share)
        fid = open_file(smb, tid, name, READ_CONTROL | SYNCHRONIZE)
        sd = smb.queryInfo(tid, fid, infoType=s3.SMB2_0_INFO_SECURITY, fileInfoClass=0, additionalInformation=7)
        smb.close(tid, fid)
        out['owner'] = sid_at(sd, struct.unpack_from('<I', sd, 4)[0])
        dacl = struct.unpack_from('<I', sd, 16)[0]
        count = struct.unpack_from('<H', sd, dacl + 4)[0]
        at = dacl + 8
        aces = []
        for _ in range(count):
            typ, flags, size, mask = struct.unpack_from('<BBHI', sd, at)
            aces.append({'type': typ, 'flags': flags, 'mask': '0x%08X' % mask, 'sid': sid_at(sd, at + 8)})
            at += size
        out['aces'] = aces
    elif STEP == 'hardlink':
        share, name, link = ARGS[0], ARGS[1], ARGS[2]
        c = login()
        smb = c.getSMBServer()
        tid = c.connectTree(share)
        fid = smb.create(tid, name, 0x0012019F, SHARE_ALL, s3.FILE_NON_DIRECTORY_FILE, s3.FILE_OPEN, 0)
        out['status'] = attempt(lambda: smb.setInfo(tid, fid, name_info(link), s3.SMB2_0_INFO_FILE,
                                                    FILE_LINK_INFORMATION))
        smb.close(tid, fid)
    else:
        raise SystemExit('unknown step ' + STEP)
    print(json.dumps(out), flush=True)


def sid_at(b, off):
    rev, n = b[off], b[off + 1]
    auth = int.from_bytes(b[off + 2:off + 8], 'big')
    subs = struct.unpack_from('<%dI' % n, b, off + 8)
    return 'S-%d-%d' % (rev, auth) + ''.join('-%d' % s for s in subs)


if __name__ == '__main__':
    main()
