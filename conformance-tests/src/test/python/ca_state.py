#!/usr/bin/env python3
"""CA state-survival client steps with impacket (an independent SMB 3 client), for CaStateSurvivalTest.

usage: ca_state.py HOST PORT SHARE USER PASS session [CLIENT_SEED]

One process = one SMB connection (one session, one tree connect on SHARE). It prints one JSON line once
connected ({"status": "0x00000000", "client_guid": ...} or {"status": "connect-error", ...} and exit), then
reads one JSON command per stdin line and answers each with one JSON line. End of stdin ends the process
WITHOUT closing anything (no CLOSE, no LOGOFF): the open handles become disconnected, exactly as when the
test kills the process. CLIENT_SEED seeds impacket's ClientGuid generator so that two processes with the
same seed present the same ClientGuid (a leased DH2C must come from the same client, MS-SMB2 3.3.5.9.12);
without it every process has a random ClientGuid. The environment variable CA_STATE_TIMEOUT (seconds, default
60) bounds the connect and every reply (e.g. a frozen server's LIF: connect-error instead of a hang).

Commands (all numbers are JSON integers, byte strings hex):
  {"op":"create","name":N, "access":0x0012019F, "share":7, "disp":3, "options":0x40, "oplock":0,
   "dh2q":{"timeout":0}, "dh2c":{"fid":HEX,"cguid":HEX}, "lease":{"key":HEX,"state":7,"epoch":0},
   "appid":HEX16, "close":false}
      -> status, fid, cguid (DH2Q's CreateGuid), oplock, action, ctx (names), lease_state/lease_flags/lease_epoch
  {"op":"write","fid":F,"off":0,"data":HEX}            -> status, count
  {"op":"read","fid":F,"off":0,"len":N}                -> status, data
  {"op":"setinfo","fid":F,"class":C,"data":HEX}         -> status    (InfoType FILE)
  {"op":"rename","fid":F,"to":NAME,"replace":0}         -> status    (FileRenameInformation, MS-FSCC 2.4.37.2)
  {"op":"disposition","fid":F,"delete":1}               -> status    (FileDispositionInformation)
  {"op":"lock","fid":F,"off":O,"len":L,"flags":0x12}    -> status    (one SMB2_LOCK_ELEMENT)
  {"op":"close","fid":F}                                -> status
  {"op":"wait_break","timeout":10}                      -> status, kind (lease|oplock|none), and its fields
  {"op":"lease_ack","key":HEX,"state":S}                -> status, lease_state
  {"op":"oplock_ack","fid":F,"level":L}                 -> status, oplock
"""
import json
import os
import random
import struct
import sys
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ca_client import FLAG_PERSISTENT  # noqa: E402  (shared constants/helpers with ca_client.py)
from impacket import smb3structs as s3  # noqa: E402
from impacket.smbconnection import SMBConnection  # noqa: E402

APP_INSTANCE_ID = bytes([0x45, 0xBC, 0xA6, 0x6A, 0xEF, 0xA7, 0xF7, 0x4A, 0x90, 0x08, 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74])
NOTIFY_ID = 0xFFFFFFFFFFFFFFFF
SMB2_OPLOCK_BREAK = 0x12


def st(code):
    return '0x%08X' % (code & 0xFFFFFFFF)


def context(name: bytes, data: bytes) -> bytes:
    """SMB2_CREATE_CONTEXT with correct offsets for any name length (ca_client.ctx assumes 4-byte names)."""
    npad = (8 - len(name) % 8) % 8
    doff = 16 + len(name) + npad if data else 0
    return struct.pack('<IHHHHI', 0, 16, len(name), 0, doff, len(data)) + name + b'\0' * npad + data


def chain(ctxs):
    blob = b''
    for i, d in enumerate(ctxs):
        d = bytearray(d)
        pad = (8 - len(d) % 8) % 8
        last = i == len(ctxs) - 1
        if not last:
            struct.pack_into('<I', d, 0, len(d) + pad)
        blob += bytes(d) + (b'' if last else b'\0' * pad)
    return blob


class Client:
    def __init__(self, host, port, share, user, pw, seed):
        if seed is not None:
            random.seed(seed)  # impacket draws ClientGuid from the module-level random
        self.c = SMBConnection(host, host, sess_port=int(port), preferredDialect=s3.SMB2_DIALECT_30,
                               timeout=int(os.environ.get('CA_STATE_TIMEOUT', '60')))
        self.c.login(user, pw)
        self.tid = self.c.connectTree(share)
        self.smb = self.c.getSMBServer()

    def client_guid(self):
        g = self.smb.ClientGuid
        return (g.encode('latin1') if isinstance(g, str) else bytes(g)).hex()

    def call(self, command, data, credit_charge=None):
        p = self.smb.SMB_PACKET()
        p['Command'] = command
        p['TreeID'] = self.tid
        if credit_charge:
            p['CreditCharge'] = credit_charge
        p['Data'] = data
        return self.smb.recvSMB(self.smb.sendSMB(p))

    # --- commands ---
    def create(self, a):
        ctxs = []
        cguid = None
        if 'lease' in a:
            le = a['lease']
            ctxs.append(context(b'RqLs', struct.pack('<16sIIQ16sHH', bytes.fromhex(le['key']), le.get('state', 7), 0, 0,
                                                      b'\0' * 16, le.get('epoch', 0), 0)))
        if 'dh2q' in a:
            cguid = bytes.fromhex(a['dh2q']['cguid']) if 'cguid' in a['dh2q'] else uuid.uuid4().bytes_le
            ctxs.append(context(b'DH2Q', struct.pack('<II8s16s', a['dh2q'].get('timeout', 0), FLAG_PERSISTENT,
                                                     b'\0' * 8, cguid)))
        if 'dh2c' in a:
            ctxs.append(context(b'DH2C', struct.pack('<16s16sI', bytes.fromhex(a['dh2c']['fid']),
                                                     bytes.fromhex(a['dh2c']['cguid']), FLAG_PERSISTENT)))
        if 'appid' in a:
            ctxs.append(context(APP_INSTANCE_ID, struct.pack('<HH16s', 20, 0, bytes.fromhex(a['appid']))))
        req = s3.SMB2Create()
        req['SecurityFlags'] = 0
        req['RequestedOplockLevel'] = a.get('oplock', 0xFF if 'lease' in a else 0)
        req['ImpersonationLevel'] = 2
        req['DesiredAccess'] = a.get('access', 0x0012019F)
        req['FileAttributes'] = 0x80
        req['ShareAccess'] = a.get('share', 7)
        req['CreateDisposition'] = a.get('disp', s3.FILE_OPEN_IF)
        req['CreateOptions'] = a.get('options', 0x40)
        fn = a['name'].encode('utf-16le')
        req['NameLength'] = len(fn)
        req['NameOffset'] = 0x78
        blob = chain(ctxs)
        padn = (8 - len(fn) % 8) % 8 if blob else 0
        req['Buffer'] = (fn + b'\0' * padn + blob) or b'\0'
        req['CreateContextsOffset'] = 0x78 + len(fn) + padn if blob else 0
        req['CreateContextsLength'] = len(blob)
        ans = self.call(s3.SMB2_CREATE, req)
        out = {'status': st(ans['Status'])}
        if cguid is not None:
            out['cguid'] = cguid.hex()
        if ans['Status'] != 0:
            return out
        r = s3.SMB2Create_Response(ans['Data'])
        raw = ans['Data']
        fid = r['FileID'].getData()
        out.update({'fid': fid.hex(), 'oplock': r['OplockLevel'], 'action': r['CreateAction']})
        names = []
        off, ln = r['CreateContextsOffset'], r['CreateContextsLength']
        b = raw[off - 64: off - 64 + ln] if ln else b''
        p = 0
        while b and p < len(b):
            nxt, noff, nlen, _, doff, dlen = struct.unpack_from('<IHHHHI', b, p)
            name = b[p + noff:p + noff + nlen]
            data = b[p + doff:p + doff + dlen]
            names.append(name.decode('latin1') if len(name) == 4 else name.hex())
            if name == b'RqLs' and len(data) >= 32:
                out['lease_key'] = data[0:16].hex()
                out['lease_state'], out['lease_flags'] = struct.unpack_from('<II', data, 16)
                if len(data) >= 52:
                    out['lease_epoch'] = struct.unpack_from('<H', data, 48)[0]
            if name in (b'DH2Q', b'DH2C') and len(data) >= 8:
                out['dh2_timeout'], out['dh2_flags'] = struct.unpack_from('<II', data, 0)
            if nxt == 0:
                break
            p += nxt
        out['ctx'] = names
        if a.get('close'):
            out['close_status'] = self.close({'fid': fid.hex()})['status']
        return out

    def write(self, a):
        data = bytes.fromhex(a['data'])
        req = s3.SMB2Write()
        req['FileID'] = bytes.fromhex(a['fid'])
        req['Length'] = len(data)
        req['Offset'] = a.get('off', 0)
        req['WriteChannelInfoOffset'] = 0
        req['Buffer'] = data
        ans = self.call(s3.SMB2_WRITE, req, 1 + (max(len(data), 1) - 1) // 65536)
        out = {'status': st(ans['Status'])}
        if ans['Status'] == 0:
            out['count'] = s3.SMB2Write_Response(ans['Data'])['Count']
        return out

    def read(self, a):
        n = a.get('len', 65536)
        req = s3.SMB2Read()
        req['Padding'] = 0x50
        req['FileID'] = bytes.fromhex(a['fid'])
        req['Length'] = n
        req['Offset'] = a.get('off', 0)
        ans = self.call(s3.SMB2_READ, req, 1 + (max(n, 1) - 1) // 65536)
        out = {'status': st(ans['Status'])}
        if ans['Status'] == 0:
            out['data'] = s3.SMB2Read_Response(ans['Data'])['Buffer'].hex()
        elif ans['Status'] == 0xC0000011:  # END_OF_FILE: an empty file
            out['data'] = ''
        return out

    def setinfo(self, a, cls=None, blob=None):
        req = s3.SMB2SetInfo()
        req['InfoType'] = s3.SMB2_0_INFO_FILE
        req['FileInfoClass'] = cls if cls is not None else a['class']
        blob = blob if blob is not None else bytes.fromhex(a['data'])
        req['BufferLength'] = len(blob)
        req['AdditionalInformation'] = 0
        req['FileID'] = bytes.fromhex(a['fid'])
        req['Buffer'] = blob
        ans = self.call(s3.SMB2_SET_INFO, req)
        return {'status': st(ans['Status'])}

    def rename(self, a):
        fn = a['to'].encode('utf-16le')
        blob = struct.pack('<B7sQI', a.get('replace', 0), b'\0' * 7, 0, len(fn)) + fn
        return self.setinfo(a, 10, blob)

    def disposition(self, a):
        return self.setinfo(a, 13, bytes([a.get('delete', 1)]))

    def lock(self, a):
        req = s3.SMB2Lock()
        req['FileID'] = bytes.fromhex(a['fid'])
        req['LockCount'] = 1
        req['LockSequence'] = 0
        req['Locks'] = struct.pack('<QQII', a['off'], a['len'], a.get('flags', 0x12), 0)
        ans = self.call(s3.SMB2_LOCK, req)
        return {'status': st(ans['Status'])}

    def close(self, a):
        req = s3.SMB2Close()
        req['Flags'] = 0
        req['FileID'] = bytes.fromhex(a['fid'])
        ans = self.call(s3.SMB2_CLOSE, req)
        return {'status': st(ans['Status'])}

    def wait_break(self, a):
        """The next unsolicited break notification (MessageId all ones), bounded by timeout seconds."""
        smb = self.smb
        window = smb._Connection['SequenceWindow']
        saved = smb._timeout
        smb._timeout = a.get('timeout', 10)
        try:
            pkt = smb.recvSMB(NOTIFY_ID)
        except Exception as e:  # a socket timeout: no break
            return {'status': 'none', 'kind': 'none', 'error': repr(e)}
        finally:
            smb._timeout = saved
            smb._Connection['SequenceWindow'] = window  # recvSMB adjusts it by CreditCharge-1 (0 for a notification)
        d = pkt['Data']
        size = struct.unpack_from('<H', d, 0)[0]
        if size == 44:
            epoch, flags = struct.unpack_from('<HI', d, 2)
            key = d[8:24]
            cur, new, reason = struct.unpack_from('<III', d, 24)
            return {'status': st(pkt['Status']), 'kind': 'lease', 'new_epoch': epoch, 'flags': flags,
                    'lease_key': key.hex(), 'current_state': cur, 'new_state': new, 'reason': reason}
        if size == 24:
            return {'status': st(pkt['Status']), 'kind': 'oplock', 'level': d[2], 'fid': d[8:24].hex()}
        return {'status': st(pkt['Status']), 'kind': 'unknown', 'raw': bytes(d).hex()}

    def lease_ack(self, a):
        body = struct.pack('<HHI16sIQ', 36, 0, 0, bytes.fromhex(a['key']), a['state'], 0)
        ans = self.call(SMB2_OPLOCK_BREAK, body)
        out = {'status': st(ans['Status'])}
        d = ans['Data']
        if ans['Status'] == 0 and len(d) >= 36:
            out['lease_state'] = struct.unpack_from('<I', d, 24)[0]
        return out

    def oplock_ack(self, a):
        body = struct.pack('<HBBI16s', 24, a['level'], 0, 0, bytes.fromhex(a['fid']))
        ans = self.call(SMB2_OPLOCK_BREAK, body)
        out = {'status': st(ans['Status'])}
        if ans['Status'] == 0:
            out['oplock'] = ans['Data'][2]
        return out


def main():
    host, port, share, user, pw, step = sys.argv[1:7]
    seed = sys.argv[7] if len(sys.argv) > 7 else None
    if step != 'session':
        print(json.dumps({'status': 'usage', 'error': __doc__}))
        return
    try:
        cl = Client(host, port, share, user, pw, seed)
    except Exception as e:
        print(json.dumps({'status': 'connect-error', 'error': repr(e)}), flush=True)
        return
    print(json.dumps({'status': '0x00000000', 'client_guid': cl.client_guid()}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            a = json.loads(line)
            out = getattr(cl, a['op'])(a)
        except Exception as e:
            out = {'status': 'error', 'error': repr(e), 'trace': traceback.format_exc(limit=3)}
        print(json.dumps(out), flush=True)
    # stdin closed: leave without CLOSE/LOGOFF; the OS closes the socket
    os._exit(0)


if __name__ == '__main__':
    main()
