#!/usr/bin/env python3
"""Hostile requests inside an authenticated, signed SMB3 session (python3-impacket).

usage: robust_auth.py HOST PORT USER PASSWORD SHARE
Prints one line per check: "PASS name: detail" or "FAIL name: detail"; exit status 1 if any failed.
Each check must get an error status or a dropped connection, and a fresh login must work afterwards.
"""
import sys

from impacket import smb3structs as s3
from impacket.nt_errors import STATUS_SUCCESS
from impacket.smbconnection import SMBConnection

HOST, PORT, USER, PASSWORD, SHARE = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
STATUS_NETWORK_NAME_DELETED = 0xC00000C9
STATUS_FILE_CLOSED = 0xC0000128
failed = False


def report(ok, name, detail):
    global failed
    failed |= not ok
    print(("PASS " if ok else "FAIL ") + name + ": " + detail, flush=True)


def login():
    c = SMBConnection(HOST, HOST, sess_port=PORT, preferredDialect=s3.SMB2_DIALECT_30, timeout=10)
    c.login(USER, PASSWORD)
    return c


def exchange(smb, packet):
    """Sends a packet on the session; returns the response status, or None if the connection dropped."""
    try:
        mid = smb.sendSMB(packet)
        return smb.recvSMB(mid)['Status']
    except Exception as e:  # connection closed/reset or timed out
        if 'timed out' in str(e).lower():
            raise
        return None


def create_packet(tree_id):
    p = s3.SMB2Packet()
    p['Command'] = s3.SMB2_CREATE
    p['TreeID'] = tree_id
    req = s3.SMB2Create()
    req['RequestedOplockLevel'] = s3.SMB2_OPLOCK_LEVEL_NONE
    req['ImpersonationLevel'] = s3.SMB2_IL_IMPERSONATION
    req['DesiredAccess'] = s3.FILE_READ_DATA
    req['FileAttributes'] = 0
    req['ShareAccess'] = s3.FILE_SHARE_READ
    req['CreateDisposition'] = s3.FILE_OPEN_IF
    req['CreateOptions'] = s3.FILE_NON_DIRECTORY_FILE
    name = 'robust.txt'.encode('utf-16le')
    req['NameLength'] = len(name)
    req['CreateContextsOffset'] = 0
    req['CreateContextsLength'] = 0
    req['Buffer'] = name
    p['Data'] = req
    return p


def check(name, fn, allowed):
    try:
        st = fn()
    except Exception as e:
        report(False, name, 'no answer: %r' % (e,))
        return
    if st is None:
        report(True, name, 'connection dropped')
    elif st in allowed or (st != STATUS_SUCCESS and not allowed):
        report(True, name, 'status 0x%08x' % st)
    else:
        report(False, name, 'status 0x%08x, expected %s' % (st, ' or '.join('0x%08x' % a for a in allowed) or 'an error'))
    try:
        c = login()
        c.disconnectTree(c.connectTree(SHARE))
        c.logoff()
    except Exception as e:
        report(False, name + ' (fresh login afterwards)', repr(e))


def bogus_tree_id():
    c = login()
    smb = c.getSMBServer()
    c.connectTree(SHARE)
    # impacket only signs requests for trees it knows; make it sign this one too
    smb._Session['TreeConnectTable'][0xDEAD] = {'EncryptData': False}
    return exchange(smb, create_packet(0xDEAD))


def bogus_file_id():
    c = login()
    smb = c.getSMBServer()
    tid = c.connectTree(SHARE)
    p = s3.SMB2Packet()
    p['Command'] = s3.SMB2_READ
    p['TreeID'] = tid
    req = s3.SMB2Read()
    req['FileID'] = b'\x11' * 16
    req['Length'] = 4096
    req['Offset'] = 0
    req['Buffer'] = b'\x00'
    p['Data'] = req
    return exchange(smb, p)


def message_id_outside_window():
    c = login()
    smb = c.getSMBServer()
    tid = c.connectTree(SHARE)
    smb._Connection['SequenceWindow'] += 1000000
    return exchange(smb, create_packet(tid))


def unsigned_request_on_signed_session():
    c = login()
    smb = c.getSMBServer()
    tid = c.connectTree(SHARE)
    smb._Session['SigningActivated'] = False
    smb._Session['SessionFlags'] &= ~s3.SMB2_SESSION_FLAG_ENCRYPT_DATA  # plain text, no signature
    return exchange(smb, create_packet(tid))


check('bogus TreeId', bogus_tree_id, [STATUS_NETWORK_NAME_DELETED])
check('bogus FileId', bogus_file_id, [STATUS_FILE_CLOSED])
check('MessageId outside the credit window', message_id_outside_window, [])
check('unsigned request on a signed session', unsigned_request_on_signed_session, [])
sys.exit(1 if failed else 0)
