#!/usr/bin/env python3
"""A client that races a share coming online (docs/DESIGN.md "CA state survival fixes": restore before serve).

usage: restore_race.py HOST PORT SHARE USER PASS FILE SECONDS [ANSWERS]
Logs in (again after a reset), then until SECONDS have passed or ANSWERS (default 40) CREATEs were answered: TREE_CONNECT to SHARE (refused while the share is not served here)
and, as soon as it is connected, a conflicting CREATE of FILE (read/write, ShareAccess 0, FILE_OPEN) that a
persistent handle awaiting reclaim must refuse. Prints one JSON line: how often each status was seen, and the
time (s since start) of the first CREATE answer.
"""
import json
import sys
import time

from impacket import smb3structs as s3
from impacket.smbconnection import SMBConnection, SessionError as ConnSessionError
from impacket.smb3 import SessionError


def main():
    host, port, share, user, pw, name, secs = sys.argv[1:8]
    answers = int(sys.argv[8]) if len(sys.argv) > 8 else 40
    end = time.time() + float(secs)
    t0 = time.time()
    seen = {}
    first = None
    tree_refusals = 0
    resets = 0
    c = None
    while time.time() < end and sum(seen.values()) < answers:
        if c is None:
            try:
                c = SMBConnection(host, host, sess_port=int(port), preferredDialect=s3.SMB2_DIALECT_30, timeout=5)
                c.login(user, pw)
                smb = c.getSMBServer()
            except Exception:  # the node is busy or its listener moves: try again
                c = None
                resets += 1
                time.sleep(0.05)
                continue
        try:
            tid = c.connectTree(share)
        except (SessionError, ConnSessionError):
            tree_refusals += 1
            time.sleep(0.002)
            continue
        except Exception:  # connection reset: reconnect
            c = None
            resets += 1
            continue
        try:
            fid = smb.create(tid, name, 0x0012019F, 0, 0, s3.FILE_OPEN, 0x80)
            st = '0x00000000'
            smb.close(tid, fid)
        except SessionError as e:
            st = '0x%08X' % (e.get_error_code() & 0xFFFFFFFF)
        except Exception:  # connection reset: reconnect
            c = None
            resets += 1
            continue
        if first is None:
            first = round(time.time() - t0, 3)
        seen[st] = seen.get(st, 0) + 1
        try:
            c.disconnectTree(tid)
        except Exception:
            c = None
            resets += 1
    print(json.dumps({'statuses': seen, 'tree_refusals': tree_refusals, 'resets': resets, 'first_create_s': first}),
          flush=True)


if __name__ == '__main__':
    main()
