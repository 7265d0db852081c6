#!/usr/bin/python3
"""Test-data generator (run manually, once): produces real impacket NTLMv2 client messages against a
casmb CHALLENGE_MESSAGE so smb-auth tests can replay them (see ImpacketInteropTest).

Usage:
  impacket_capture.py type1                 -> prints NEGOTIATE hex
  impacket_capture.py type3 <type1hex> <challengehex>  -> prints properties for impacket-ntlmv2.properties
The challenge is produced by NtlmServerContext with a fixed server challenge and timestamp.
"""
import sys
from impacket import ntlm
from Cryptodome.Cipher import ARC4

USER, PASSWORD, DOMAIN = "Alice", "Passw0rd!", "CASMB"

def type1():
    return ntlm.getNTLMSSPType1("IMPACKET", "", signingRequired=True)

if sys.argv[1] == "type1":
    print(type1().getData().hex())
else:
    t1 = ntlm.NTLMAuthNegotiate()
    t1.fromString(bytes.fromhex(sys.argv[2]))
    t1.setWorkstation("IMPACKET")
    challenge = bytes.fromhex(sys.argv[3])
    t3, key = ntlm.getNTLMSSPType3(t1, challenge, USER, PASSWORD, DOMAIN)
    flags = t3['flags']
    sign_key = ntlm.SIGNKEY(flags, key, 'Client')
    seal_key = ntlm.SEALKEY(flags, key, 'Client')
    handle = ARC4.new(seal_key).encrypt
    plain = "Hello from impacket".encode('utf-16le')
    sealed, sig = ntlm.SEAL(flags, sign_key, seal_key, plain, plain, 0, handle)
    print("user=" + USER)
    print("password=" + PASSWORD)
    print("domain=" + DOMAIN)
    print("negotiate=" + sys.argv[2])
    print("challenge=" + challenge.hex())
    print("authenticate=" + t3.getData().hex())
    print("exportedSessionKey=" + key.hex())
    print("plaintext=" + plain.hex())
    print("sealed=" + sealed.hex())
    print("signature=" + sig.getData().hex())
