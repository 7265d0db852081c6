#!/usr/bin/env python3
"""Client steps for the network-partition test (python3-impacket, an independent SMB 3 client).

usage: partition_client.py HOST PORT SHARE USER PASS STEP [args...]
steps:
  writer FILE MAX_S         DH2Q persistent open + exclusive lock of [0,4096), then writes one 8-byte record
                            (its sequence number) every 20 ms at offset 8*seq. Prints a JSON line with the file
                            id and create guid, then "ack SEQ MS" after each acknowledged write, and
                            "err MS REASON" (then exits) on the first failure. Stops after MAX_S seconds.
  probe MAX_S [lo]          until MAX_S: a new connection, login and tree connect, each attempt printed as
                            "ok T0 T1" or "err T0 T1 REASON" (ms since the epoch). With "lo" the socket's source is
                            127.0.0.1, so only an address plumbed in this namespace answers: it
                            tells whether *this* node serves, never the partner.
  await MAX_S [lo]          probe until the first success; prints it (exit 1 if none).
"""
import socket
import struct
import sys
import time
import uuid

FLAG_PERSISTENT = 0x2


def now_ms():
    return int(time.time() * 1000)


def bind_to_loopback():
    orig = socket.socket

    class LoSocket(orig):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            if self.family == socket.AF_INET and self.type == socket.SOCK_STREAM:
                # a loopback source can only reach an address local to this namespace: Linux refuses
                # (EINVAL) to route a 127/8 source out of a non-loopback device
                self.bind(('127.0.0.1', 0))

    socket.socket = LoSocket


def main():
    host, port, share, user, pw, step = sys.argv[1:7]
    args = sys.argv[7:]
    if step in ('probe', 'await') and len(args) > 1 and args[1] == 'lo':
        bind_to_loopback()
    # imported after the optional socket patch, so that impacket's sockets are the patched ones
    from impacket import smb3structs as s3
    from impacket.smbconnection import SMBConnection
    sys.path.insert(0, __file__.rsplit('/', 1)[0])
    import ca_client

    def attempt(timeout):
        c = SMBConnection(host, host, sess_port=int(port), preferredDialect=s3.SMB2_DIALECT_30, timeout=timeout)
        try:
            c.login(user, pw)
            c.connectTree(share)
        finally:
            try:
                c.close()
            except Exception:
                pass

    if step == 'writer':
        name, max_s = args[0], float(args[1])
        c = SMBConnection(host, host, sess_port=int(port), preferredDialect=s3.SMB2_DIALECT_30, timeout=3)
        c.login(user, pw)
        tid = c.connectTree(share)
        cguid = uuid.uuid4().bytes_le
        dh2q = struct.pack('<II8s16s', 0, FLAG_PERSISTENT, b'\0' * 8, cguid)
        fid = ca_client.create(c, tid, name, [ca_client.ctx(b'DH2Q', dh2q)], share_mode=7)
        smb = c.getSMBServer()
        ca_client.lock(smb, tid, fid, 0, 4096, s3.SMB2_LOCKFLAG_EXCLUSIVE_LOCK | s3.SMB2_LOCKFLAG_FAIL_IMMEDIATELY)
        print('{"fid": "%s", "cguid": "%s"}' % (fid.hex(), cguid.hex()), flush=True)
        end = time.time() + max_s
        seq = 0
        while time.time() < end:
            try:
                smb.write(tid, fid, struct.pack('<Q', seq), seq * 8, 8)
            except Exception as e:  # noqa: BLE001 - any failure ends the writer
                print('err %d %s' % (now_ms(), type(e).__name__ + ':' + str(e).replace('\n', ' ')[:200]), flush=True)
                return
            print('ack %d %d' % (seq, now_ms()), flush=True)
            seq += 1
            time.sleep(0.02)
        return
    if step in ('probe', 'await'):
        end = time.time() + float(args[0])
        while time.time() < end:
            t0 = now_ms()
            try:
                attempt(0.5)
                print('ok %d %d' % (t0, now_ms()), flush=True)
                if step == 'await':
                    return
            except Exception as e:  # noqa: BLE001 - every failure is a "not served" sample
                print('err %d %d %s' % (t0, now_ms(), type(e).__name__ + ':' + str(e).replace('\n', ' ')[:120]),
                      flush=True)
            time.sleep(0.05)
        if step == 'await':
            sys.exit(1)
        return
    raise SystemExit('unknown step ' + step)


if __name__ == '__main__':
    main()
