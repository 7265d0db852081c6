#!/usr/bin/env python3
"""Turns a loopback capture of real client traffic into Jazzer seed inputs (see capture.sh).

Usage: extract.py CAPTURE.pcapng SERVER_ADDRESS REPO_ROOT

Reads the TCP payloads with tshark, reassembles each connection's two byte streams, and writes, replacing
the previous capture seeds (files named cap-*):

  smb3-server  SmbFrameFuzzTest#frames        runs of up to 8 consecutive client->server SMB2 messages (a
                                              compound chain is one message), each as a record
                                              [flags=1 (stamp ids)][u16 LE length][message]; SMB2_FLAGS_SIGNED
                                              is cleared and the signature zeroed (the harness session has no
                                              signing key), transform-header (encrypted) messages are left out
  smb-auth     AuthTokenFuzzTest#ntlmMessages  NTLMSSP NEGOTIATE / CHALLENGE / AUTHENTICATE messages
               AuthTokenFuzzTest#ntlmServerAuthenticate  NTLMSSP AUTHENTICATE messages
               AuthTokenFuzzTest#spnego         SPNEGO tokens of SESSION_SETUP requests (and RPC binds): the first
                                              token of a connection followed by the second, split where the
                                              target splits (first byte = cut point * 256 / length)
  witness-rpc  PduFuzzTest#pdu                 DCE/RPC connection-oriented PDUs, both directions, from TCP (EPM,
                                              witness) and from SMB named-pipe WRITE/IOCTL/READ payloads
               PduFuzzTest#eptMap              stub data of ept_map requests (EPM opnum 3)

Seeds are deduplicated by content and by a shape key (command sequence, PDU type/opnum/auth, ...), so the set
stays small. Standard library only.
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
from collections import defaultdict

MAX_FRAME_SEEDS = 110
MAX_PDU_SEEDS = 45
MAX_EPT_SEEDS = 6
MAX_NTLM_SEEDS = 14
MAX_NTLM_AUTH_SEEDS = 6
MAX_SPNEGO_SEEDS = 12

SMB2_NEGOTIATE, SMB2_SESSION_SETUP, SMB2_READ, SMB2_WRITE, SMB2_IOCTL = 0, 1, 8, 9, 0x0B


def tshark(pcap, display_filter, fields):
    out = subprocess.run(["tshark", "-r", pcap, "-Y", display_filter, "-T", "fields"]
                         + [x for f in fields for x in ("-e", f)], check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def read_streams(pcap, server):
    """{(stream, 'c2s'|'s2c'): bytes}, plus {stream: server_port}; the server side is the one that got the SYN."""
    ports = {}
    for f in tshark(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 0 && ip.dst == " + server,
                    ["tcp.stream", "tcp.dstport"]):
        ports.setdefault(int(f[0]), int(f[1]))
    segs = defaultdict(dict)
    for f in tshark(pcap, "tcp.len > 0 && ip.addr == " + server,
                    ["tcp.stream", "tcp.srcport", "tcp.dstport", "tcp.seq", "tcp.payload"]):
        if len(f) < 5 or not f[4]:
            continue
        stream, sport, dport, seq = int(f[0]), int(f[1]), int(f[2]), int(f[3])
        if stream not in ports:
            continue  # connection opened before the capture started
        direction = "c2s" if dport == ports[stream] else "s2c"
        segs[(stream, direction)].setdefault(seq, bytes.fromhex(f[4].replace(":", "")))
    streams = {}
    for key, by_seq in segs.items():
        streams[key] = b"".join(by_seq[s] for s in sorted(by_seq))
    return streams, ports


def nbss_messages(data):
    """SMB messages of an NBSS stream (4-byte header: type 0, 24-bit length)."""
    off, out = 0, []
    while off + 4 <= len(data):
        length = struct.unpack_from(">I", data, off)[0] & 0xFFFFFF
        out.append(data[off + 4:off + 4 + length])
        off += 4 + length
    return out


def smb2_chain(msg):
    """[(offset, command)] of each header in an SMB2 compound chain."""
    out, off = [], 0
    while off + 64 <= len(msg) and msg[off:off + 4] == b"\xfeSMB":
        out.append((off, struct.unpack_from("<H", msg, off + 12)[0]))
        nxt = struct.unpack_from("<I", msg, off + 20)[0]
        if nxt == 0 or off + nxt > len(msg):
            break
        off += nxt
    return out


def unsigned(msg):
    b = bytearray(msg)
    for off, _ in smb2_chain(msg):
        flags = struct.unpack_from("<I", b, off + 16)[0]
        struct.pack_into("<I", b, off + 16, flags & ~0x8)
        b[off + 48:off + 64] = bytes(16)
    return bytes(b)


def shape(msg):
    """Command sequence plus the info class / control code that selects the handler's path."""
    parts = []
    for off, cmd in smb2_chain(msg):
        body = off + 64
        extra = ""
        try:
            if cmd in (0x10, 0x11):          # QUERY_INFO / SET_INFO: InfoType, FileInfoClass
                extra = "%d.%d" % (msg[body + 2], msg[body + 3])
            elif cmd == SMB2_IOCTL:
                extra = "%x" % struct.unpack_from("<I", msg, body + 4)[0]
            elif cmd == 0x0E:                # QUERY_DIRECTORY: FileInformationClass
                extra = "%d" % msg[body + 2]
        except (IndexError, struct.error):
            pass
        parts.append("%x%s" % (cmd, ":" + extra if extra else ""))
    return "+".join(parts)


def smb2_security_buffer(msg, off):
    """The security buffer of a SESSION_SETUP request at header offset off."""
    body = off + 64
    sec_off, sec_len = struct.unpack_from("<HH", msg, body + 12)
    return msg[off + sec_off:off + sec_off + sec_len]


def pipe_payloads(msg):
    """DCE/RPC bytes carried by SMB2 WRITE / IOCTL requests (client->server) of a message."""
    out = []
    for off, cmd in smb2_chain(msg):
        body = off + 64
        try:
            if cmd == SMB2_WRITE:
                doff, dlen = struct.unpack_from("<HI", msg, body + 2)
                out.append(msg[off + doff:off + doff + dlen])
            elif cmd == SMB2_IOCTL:
                ioff, icount = struct.unpack_from("<II", msg, body + 24)
                out.append(msg[off + ioff:off + ioff + icount])
        except struct.error:
            pass
    return [p for p in out if len(p) >= 16 and p[0] == 5 and p[1] == 0]


def pipe_responses(msg):
    """DCE/RPC bytes in SMB2 READ / IOCTL responses (server->client)."""
    out = []
    for off, cmd in smb2_chain(msg):
        body = off + 64
        try:
            if cmd == SMB2_READ:
                doff = msg[body + 2]
                dlen = struct.unpack_from("<I", msg, body + 4)[0]
                out.append(msg[off + doff:off + doff + dlen])
            elif cmd == SMB2_IOCTL:
                ooff, ocount = struct.unpack_from("<II", msg, body + 32)
                out.append(msg[off + ooff:off + ooff + ocount])
        except (IndexError, struct.error):
            pass
    return [p for p in out if len(p) >= 16 and p[0] == 5 and p[1] == 0]


def rpc_pdus(data):
    """Split a byte stream into DCE/RPC CO PDUs by frag_length."""
    off, out = 0, []
    while off + 16 <= len(data) and data[off] == 5:
        frag = struct.unpack_from("<H", data, off + 8)[0]
        if frag < 16:
            break
        out.append(data[off:off + frag])
        off += frag
    return out


def pdu_shape(p):
    ptype, flags = p[2], p[3]
    auth_len = struct.unpack_from("<H", p, 10)[0]
    key = [ptype, flags & 3, min(len(p) // 512, 4)]
    if ptype == 0 and len(p) >= 24:
        key.append(struct.unpack_from("<H", p, 22)[0])   # opnum
    if auth_len and len(p) >= 8 + auth_len:
        t = len(p) - auth_len - 8
        key += [p[t], p[t + 1]]                          # auth_type, auth_level
        if p[t] == 9 and b"NTLMSSP\0" not in p[t + 8:]:
            key.append("spnego")
    return tuple(key)


def request_stub(p):
    if p[2] != 0 or len(p) < 24:
        return None
    auth_len = struct.unpack_from("<H", p, 10)[0]
    start = 24 + (16 if p[3] & 0x80 else 0)
    end = len(p)
    if auth_len:
        t = len(p) - auth_len - 8
        end = t - p[t + 2]                                # minus auth_pad_length
    return p[start:end]


def auth_value(p):
    auth_len = struct.unpack_from("<H", p, 10)[0]
    return p[len(p) - auth_len:] if auth_len and len(p) >= 24 + auth_len else None


def ntlm_tokens(data):
    """NTLMSSP messages found in data; each cut to its own extent (header and payload fields)."""
    out, i = [], data.find(b"NTLMSSP\0")
    while i >= 0:
        if i + 12 <= len(data):
            mtype = struct.unpack_from("<I", data, i + 8)[0]
            fields = {1: (16, 24), 2: (12, 40), 3: (12, 20, 28, 36, 44, 52)}.get(mtype)
            if fields:
                hdr = {1: 32, 2: 48, 3: 64}[mtype]
                end = hdr
                try:
                    for f in fields:
                        ln, _, fo = struct.unpack_from("<HHI", data, i + f)
                        if ln:
                            end = max(end, fo + ln)
                    if mtype != 1 and end == hdr:
                        pass
                except struct.error:
                    end = len(data) - i
                out.append((mtype, data[i:i + end]))
        i = data.find(b"NTLMSSP\0", i + 8)
    return out


def spnego_pair(first, second):
    """A spnego() input whose split gives exactly first and second (trailing bytes added to the second if needed)."""
    for pad in range(0, 512):
        total = 1 + len(first) + len(second) + pad
        for b0 in range(1, 256):
            if b0 * total // 256 == 1 + len(first):
                return bytes([b0]) + first + second + bytes(pad)
    return None


class Sink:
    def __init__(self, root):
        self.root = root
        self.files = defaultdict(dict)   # dir -> {name: bytes}
        self.shapes = defaultdict(set)

    def add(self, target_dir, prefix, data, shape_key, limit):
        d = self.files[target_dir]
        if len(d) >= limit or shape_key in self.shapes[target_dir]:
            return
        name = "cap-%s-%s" % (prefix, hashlib.sha1(data).hexdigest()[:10])
        if name in d:
            return
        self.shapes[target_dir].add(shape_key)
        d[name] = data

    def write(self):
        for target_dir, files in self.files.items():
            path = os.path.join(self.root, target_dir)
            os.makedirs(path, exist_ok=True)
            for old in os.listdir(path):
                if old.startswith("cap-"):
                    os.remove(os.path.join(path, old))
            for name, data in sorted(files.items()):
                with open(os.path.join(path, name), "wb") as f:
                    f.write(data)
            print("%-80s %3d seeds, %6d bytes" % (target_dir, len(files), sum(len(v) for v in files.values())))


FRAMES = "smb3-server/src/test/resources/dev/casmb/smb/fuzz/SmbFrameFuzzTestInputs/frames"
AUTH = "smb-auth/src/test/resources/dev/casmb/auth/ntlm/AuthTokenFuzzTestInputs/"
PDU = "witness-rpc/src/test/resources/dev/casmb/rpc/pdu/PduFuzzTestInputs/"


def main():
    pcap, server, root = sys.argv[1], sys.argv[2], sys.argv[3]
    streams, ports = read_streams(pcap, server)
    sink = Sink(root)
    pdus = []        # (stream, direction, pdu)
    spnego_first = {}
    spnego_tokens = []
    ntlm = []
    for stream in sorted(ports):
        c2s = streams.get((stream, "c2s"), b"")
        s2c = streams.get((stream, "s2c"), b"")
        if c2s[:1] == b"\x05":
            pdus += [(stream, "c2s", p) for p in rpc_pdus(c2s)]
            pdus += [(stream, "s2c", p) for p in rpc_pdus(s2c)]
            continue
        msgs = [m for m in nbss_messages(c2s) if m[:4] == b"\xfeSMB"]
        # SMB frame seeds: runs of 8 consecutive messages after NEGOTIATE (the harness is negotiated already)
        body = [unsigned(m) for m in msgs if smb2_chain(m) and smb2_chain(m)[0][1] != SMB2_NEGOTIATE
                and len(m) <= 0xFFFF]
        for i in range(0, len(body), 4):
            run = body[i:i + 8]
            if not run:
                break
            seed = b"".join(bytes([1]) + struct.pack("<H", len(m)) + m for m in run)
            sink.add(FRAMES, "smb", seed, tuple(shape(m) for m in run), MAX_FRAME_SEEDS)
        tokens = []
        for m in msgs:
            for off, cmd in smb2_chain(m):
                if cmd == SMB2_SESSION_SETUP:
                    try:
                        tokens.append(smb2_security_buffer(m, off))
                    except struct.error:
                        pass
            for p in pipe_payloads(m):
                pdus += [(stream, "c2s", x) for x in rpc_pdus(p)]
        for m in nbss_messages(s2c):
            for p in pipe_responses(m):
                pdus += [(stream, "s2c", x) for x in rpc_pdus(p)]
        tokens = [t for t in tokens if t]
        if tokens:
            spnego_tokens.append(tokens)
        for t in tokens:
            ntlm += [("c2s", mt, tok) for mt, tok in ntlm_tokens(t)]
        for m in nbss_messages(s2c):
            ntlm += [("s2c", mt, tok) for mt, tok in ntlm_tokens(m)]
    # DCE/RPC: PDUs, ept_map stubs, and the auth tokens inside them
    rpc_tokens = defaultdict(list)
    for stream, direction, p in pdus:
        sink.add(PDU + "pdu", "rpc", p, (direction,) + pdu_shape(p), MAX_PDU_SEEDS)
        stub = request_stub(p)
        if stub is not None and direction == "c2s" and ports.get(stream) == 135 and p[22] == 3:
            sink.add(PDU + "eptMap", "ept", stub, stub, MAX_EPT_SEEDS)
        av = auth_value(p)
        if av:
            ntlm += [(direction, mt, tok) for mt, tok in ntlm_tokens(av)]
            if direction == "c2s" and b"NTLMSSP\0" != av[:8]:
                rpc_tokens[stream].append(av)
    spnego_tokens += [t for t in rpc_tokens.values() if t]
    for toks in spnego_tokens:
        if len(toks) >= 2:
            seed = spnego_pair(toks[0], toks[1])
            if seed:
                sink.add(AUTH + "spnego", "spnego", seed, ("pair", len(toks[0]) // 16, len(toks[1]) // 64), MAX_SPNEGO_SEEDS)
        for t in toks:
            seed = spnego_pair(t, b"")
            if seed:
                sink.add(AUTH + "spnego", "spnego", seed, ("one", t[:1], len(t) // 64), MAX_SPNEGO_SEEDS)
    for direction, mtype, tok in ntlm:
        flags_at = {1: 12, 2: 20, 3: 60}[mtype]
        flags = struct.unpack_from("<I", tok, flags_at)[0] if len(tok) >= flags_at + 4 else 0
        sink.add(AUTH + "ntlmMessages", "ntlm%d" % mtype, tok, (mtype, direction, flags), MAX_NTLM_SEEDS)
        if mtype == 3:
            sink.add(AUTH + "ntlmServerAuthenticate", "ntlm3", tok, (flags, len(tok) // 16), MAX_NTLM_AUTH_SEEDS)
    sink.write()


if __name__ == "__main__":
    main()
