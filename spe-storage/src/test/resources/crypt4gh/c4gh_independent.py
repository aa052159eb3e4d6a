#!/usr/bin/env python3
"""An independent second implementation of GA4GH Crypt4GH 1.0 for interop tests of spe-storage.

Written from the specification on OpenSSL's primitives (python3-cryptography, hashlib), sharing
no code with the Java implementation. Commands (binary data on stdin/stdout):

  keygen SECKEY_FILE PUBKEY_FILE PASSPHRASE   c4gh-v1 key files (scrypt + chacha20_poly1305)
  encrypt SECKEY_FILE PASSPHRASE RECIPIENT_PUB...   plaintext -> crypt4gh (writer = SECKEY)
  decrypt SECKEY_FILE PASSPHRASE              crypt4gh -> plaintext (edit lists honoured)
"""
import base64, hashlib, os, struct, sys
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives import serialization

RAW = serialization.Encoding.Raw


def pub_bytes(sk):
    return sk.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)


def armor(label, data):
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, base64.b64encode(data).decode(), label)


def unarmor(text):
    lines = [l for l in text.strip().splitlines() if not l.startswith("-----")]
    return base64.b64decode("".join(lines))


def s(b):
    return struct.pack(">H", len(b)) + b


def keygen(sec_file, pub_file, passphrase):
    sk = X25519PrivateKey.generate()
    raw = sk.private_bytes(RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    salt = os.urandom(16)
    dk = hashlib.scrypt(passphrase.encode(), salt=salt, n=1 << 14, r=8, p=1, dklen=32)
    nonce = os.urandom(12)
    enc = nonce + ChaCha20Poly1305(dk).encrypt(nonce, raw, None)
    body = b"c4gh-v1" + s(b"scrypt") + s(struct.pack(">I", 0) + salt) + s(b"chacha20_poly1305") + s(enc)
    open(sec_file, "w").write(armor("CRYPT4GH ENCRYPTED PRIVATE KEY", body))
    open(pub_file, "w").write(armor("CRYPT4GH PUBLIC KEY", pub_bytes(sk)))


def read_sec(sec_file, passphrase):
    b = unarmor(open(sec_file).read())
    assert b[:7] == b"c4gh-v1"
    pos = 7
    fields = []
    while pos < len(b):
        (n,) = struct.unpack(">H", b[pos:pos + 2])
        fields.append(b[pos + 2:pos + 2 + n])
        pos += 2 + n
    kdf = fields[0]
    if kdf == b"none":
        return X25519PrivateKey.from_private_bytes(fields[2])
    assert kdf == b"scrypt" and fields[2] == b"chacha20_poly1305"
    dk = hashlib.scrypt(passphrase.encode(), salt=fields[1][4:], n=1 << 14, r=8, p=1, dklen=32)
    raw = ChaCha20Poly1305(dk).decrypt(fields[3][:12], fields[3][12:], None)
    return X25519PrivateKey.from_private_bytes(raw)


def session_key(dh, reader_pk, writer_pk):
    return hashlib.blake2b(dh + reader_pk + writer_pk, digest_size=64).digest()[:32]


def encrypt(sec_file, passphrase, recipients):
    writer = read_sec(sec_file, passphrase)
    wpk = pub_bytes(writer)
    data_key = os.urandom(32)
    packets = []
    for r in recipients:
        rpk = unarmor(open(r).read())
        key = session_key(writer.exchange(X25519PublicKey.from_public_bytes(rpk)), rpk, wpk)
        nonce = os.urandom(12)
        plain = struct.pack("<II", 0, 0) + data_key
        body = struct.pack("<I", 0) + wpk + nonce + ChaCha20Poly1305(key).encrypt(nonce, plain, None)
        packets.append(struct.pack("<I", 4 + len(body)) + body)
    out = sys.stdout.buffer
    out.write(b"crypt4gh" + struct.pack("<II", 1, len(packets)) + b"".join(packets))
    aead = ChaCha20Poly1305(data_key)
    while True:
        chunk = sys.stdin.buffer.read(65536)
        if not chunk:
            break
        nonce = os.urandom(12)
        out.write(nonce + aead.encrypt(nonce, chunk, None))
        if len(chunk) < 65536:
            break


def decrypt(sec_file, passphrase):
    reader = read_sec(sec_file, passphrase)
    rpk = pub_bytes(reader)
    inp = sys.stdin.buffer
    head = inp.read(16)
    assert head[:8] == b"crypt4gh" and struct.unpack("<I", head[8:12])[0] == 1
    (count,) = struct.unpack("<I", head[12:16])
    data_key, edits = None, None
    for _ in range(count):
        (plen,) = struct.unpack("<I", inp.read(4))
        body = inp.read(plen - 4)
        if struct.unpack("<I", body[:4])[0] != 0:
            continue
        wpk, nonce, ct = body[4:36], body[36:48], body[48:]
        key = session_key(reader.exchange(X25519PublicKey.from_public_bytes(wpk)), rpk, wpk)
        try:
            p = ChaCha20Poly1305(key).decrypt(nonce, ct, None)
        except Exception:
            continue
        (ptype,) = struct.unpack("<I", p[:4])
        if ptype == 0:
            data_key = p[8:40]
        elif ptype == 1:
            (n,) = struct.unpack("<I", p[4:8])
            edits = list(struct.unpack("<%dQ" % n, p[8:8 + 8 * n]))
    if data_key is None:
        sys.exit("no header packet for this key")
    plain = bytearray()
    aead = ChaCha20Poly1305(data_key)
    while True:
        seg = inp.read(65536 + 28)
        if not seg:
            break
        plain += aead.decrypt(seg[:12], seg[12:], None)
    if edits is not None:
        kept, pos = bytearray(), 0
        for i, n in enumerate(edits):
            if i % 2 == 1:
                kept += plain[pos:pos + n]
            pos += n
        if len(edits) % 2 == 1:
            kept += plain[pos:]
        plain = kept
    sys.stdout.buffer.write(bytes(plain))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "keygen":
        keygen(*args)
    elif cmd == "encrypt":
        encrypt(args[0], args[1], args[2:])
    elif cmd == "decrypt":
        decrypt(*args)
    else:
        sys.exit("unknown command " + cmd)
