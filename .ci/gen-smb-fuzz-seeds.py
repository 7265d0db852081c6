#!/usr/bin/env python3
"""Writes the seed corpus of SmbFrameFuzzTest#frames: valid SMB2 requests and related compounds
(CREATE + X + CLOSE) in the harness's record format (flags, u16 LE length, message)."""
import os, struct, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else \
    "smb3-server/src/test/resources/dev/casmb/smb/fuzz/SmbFrameFuzzTestInputs/frames"
ONES = b"\xff" * 16

def hdr(cmd, related=False, next_cmd=0):
    return (b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 1, 0, cmd, 1, 4 if related else 0, next_cmd, 0, 0, 1, 0x1000)
            + b"\0" * 16)

def u16s(s): return s.encode("utf-16-le")

def create(name, disp=1, opts=0, access=0x0012019F, contexts=b""):
    n = u16s(name)
    ctx_off = 0
    buf = n or b"\0"
    if contexts:
        pad = (-(120 + len(buf))) % 8
        ctx_off = 120 + len(buf) + pad
        buf = buf + b"\0" * pad + contexts
    body = struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0, access, 0x80, 7, disp, opts, 120, len(n), ctx_off, len(contexts))
    return 0x05, body + buf

def dh2q():
    data = struct.pack("<IIQ", 60000, 0, 0) + b"\x11" * 16
    name = b"DH2Q"
    return struct.pack("<IHHHHI", 0, 16, 4, 0, 24, len(data)) + name + b"\0" * 4 + data

def read(length=100): return 0x08, struct.pack("<HBBIQ16sIIIHH", 49, 0, 0, length, 0, ONES, 0, 0, 0, 0, 0) + b"\0"
def write(data): return 0x09, struct.pack("<HHIQ16sIIHHI", 49, 112, len(data), 0, ONES, 0, 0, 0, 0, 0) + data
def close(): return 0x06, struct.pack("<HHI16s", 24, 1, 0, ONES)
def flush(): return 0x07, struct.pack("<HHI16s", 24, 0, 0, ONES)
def echo(): return 0x0D, struct.pack("<HH", 4, 0)
def qinfo(t, c, addl=0): return 0x10, struct.pack("<HBBIHHIII16s", 41, t, c, 4096, 0, 0, 0, addl, 0, ONES) + b"\0"
def sinfo(t, c, buf, addl=0): return 0x11, struct.pack("<HBBIHHI16s", 33, t, c, len(buf), 96, 0, addl, ONES) + buf
def qdir(pattern="*", cls=37, flags=0):
    n = u16s(pattern)
    return 0x0E, struct.pack("<HBBI16sHHI", 33, cls, flags, 0, ONES, 96, len(n), 65536) + n
def lock(flags=0x12): return 0x0A, struct.pack("<HHI16s", 48, 1, 0, ONES) + struct.pack("<QQII", 0, 10, flags, 0)
def ioctl(code, inp=b"", maxout=4096):
    return 0x0B, struct.pack("<HHI16sIIIIIIII", 57, 0, code, ONES, 120 if inp else 0, len(inp), 0, 0, 0, maxout, 1, 0) + inp
def notify(): return 0x0F, struct.pack("<HHI16sII", 32, 0, 4096, ONES, 0x17, 0)
def tcon(path="\\\\srv\\share"):
    n = u16s(path)
    return 0x03, struct.pack("<HHHH", 9, 0, 72, len(n)) + n

def compound(*reqs):
    out = b""
    for i, (cmd, body) in enumerate(reqs):
        last = i == len(reqs) - 1
        msg = hdr(cmd, related=i > 0) + body
        if not last:
            msg += b"\0" * ((-len(msg)) % 8)
            msg = msg[:20] + struct.pack("<I", len(msg)) + msg[24:]
        out += msg
    return out

def rec(msg, flags=1): return struct.pack("<BH", flags, len(msg)) + msg

rename = struct.pack("<BxxxxxxxQI", 1, 0, len(u16s("b.txt"))) + u16s("b.txt")
seeds = {
    "read": compound(create("a.txt"), read(), close()),
    "write-query": compound(create("new.txt", disp=3), write(b"hello world"), qinfo(1, 18), close()),
    "dir": compound(create("", opts=1, access=0x00100081), qdir(), close()),
    "dir-sub": compound(create("sub", opts=1, access=0x00100081), qdir("*.txt", 3, 1), notify()),
    "rename": compound(create("x.txt", disp=3, access=0x00130197), sinfo(1, 10, rename), close()),
    "lock": compound(create("a.txt"), lock(), flush(), close()),
    "sparse": compound(create("s.txt", disp=3), ioctl(0x000900C4), ioctl(0x000940CF, struct.pack("<QQ", 0, 1 << 20)), close()),
    "validate": rec(hdr(0x0B) + ioctl(0x00140204, struct.pack("<I16sHH", 0x7F, b"\x22" * 16, 1, 1) + struct.pack("<H", 0x0302))[1]),
    "durable-delete": compound(create("d.txt", disp=3, access=0x00130197 | 0x10000, contexts=dh2q()),
                               sinfo(1, 13, b"\x01"), close()),
    "security-fs": compound(create("a.txt"), qinfo(3, 0, 7), qinfo(2, 1), qinfo(2, 5), qinfo(1, 22), close()),
    "echo-tcon": rec(hdr(0x0D) + echo()[1]) + rec(hdr(0x03) + tcon()[1]) + rec(hdr(0x03) + tcon("\\\\srv\\IPC$")[1]),
    "framing-raw": rec(b"\x00\x00\x00\x44" + hdr(0x0D) + echo()[1], flags=2) + rec(b"\x00\x00\x00\x00", flags=2),
}
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    if not data.startswith(struct.pack("<B", 1)[:0]) and data[:1] not in (b"\x01", b"\x02"):
        data = rec(data)
    open(os.path.join(OUT, name), "wb").write(data)
print("wrote", len(seeds), "seeds to", OUT)
