"""The install's own Ed25519 key, and signing/verifying plain JSON with it (issue #17 §2, offline packages).

    install_key() -> Ed25519PrivateKey          # made once in the data dir (signing_key.pem, 0600), then read
    public_raw(key) -> 32 bytes / fingerprint(raw) -> "AB12 CD34 ..." (SHA-256 of the raw key, 16 groups)
    canonical(obj) -> bytes                     # sorted keys, no spaces, UTF-8: what is signed
    sign(obj, key) -> base64 signature / verify(obj, signature, raw) -> bool
    seal(prefix, obj, key) -> "P.payload.sig" / unseal(prefix, token) / verify_bytes  # compact QR tokens

The key lives in a file beside the generated secret key, never in the database, so a database dump never
carries it. Crypto is the `cryptography` package's; nothing here is hand-written crypto.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

KEY_FILE = "signing_key.pem"


def key_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def install_key(path: Path | None = None) -> Ed25519PrivateKey:
    """This install's signing key: read from the data dir, or made there once (owner-only file)."""
    path = path or key_path()
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError(f"{path} is not an Ed25519 private key")
    return key


def public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(raw: bytes) -> str:
    """SHA-256 of the raw public key in 16 groups of 4 hex digits: easy to read aloud over the phone."""
    digest = hashlib.sha256(raw).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Strict base64 (ValueError on anything else)."""
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical(obj) -> bytes:
    """The bytes that are signed: JSON with sorted keys and no spaces (the data holds no floats)."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(obj, key: Ed25519PrivateKey) -> str:
    return b64(key.sign(canonical(obj)))


def verify(obj, signature: str, raw: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(unb64(signature), canonical(obj))
    except (InvalidSignature, ValueError):
        return False
    return True


# --- compact signed tokens (a QR code's text: the member card, the check-in code) ---------------------------
# "<prefix>.<payload>.<signature>": the payload the canonical JSON bytes, both parts base64url without padding.
# The signature covers the payload bytes exactly as carried, so a reader verifies what it decoded.

URL_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    """Strict base64url without padding (ValueError on anything else)."""
    if not text or any(c not in URL_ALPHABET for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(prefix: str, obj: dict, key: Ed25519PrivateKey) -> str:
    """A compact signed token of `obj` (a dict of strings and integers)."""
    body = canonical(obj)
    return f"{prefix}.{b64url(body)}.{b64url(key.sign(body))}"


def unseal(prefix: str, token: str) -> tuple[dict, bytes, bytes]:
    """(obj, payload bytes, signature) of a token of `prefix`, NOT yet verified; ValueError if it is not one."""
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or parts[0] != prefix:
        raise ValueError("not a token of this kind")
    body, signature = unb64url(parts[1]), unb64url(parts[2])
    obj = json.loads(body.decode("utf-8"))
    if not isinstance(obj, dict) or len(signature) != 64:
        raise ValueError("malformed token")
    return obj, body, signature


def verify_bytes(body: bytes, signature: bytes, raw: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, body)
    except (InvalidSignature, ValueError):
        return False
    return True
