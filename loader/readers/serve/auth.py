"""Password authentication: SCRAM-SHA-256 (RFC 5802 and 7677, as PostgreSQL does it) and md5.

SCRAM is the default: the password never crosses the wire and the client checks the server
knows it too. No channel binding is offered (clients that would use it fall back, as with a
Postgres server without SCRAM-SHA-256-PLUS). md5 is kept for old clients (`--auth md5`).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import struct
import time
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from loader.readers.serve.errors import PgError

if TYPE_CHECKING:
    from loader.readers.serve.protocol import Session

log = logging.getLogger("wirehouse.serve")

MECHANISM = "SCRAM-SHA-256"
ITERATIONS = 4096
AUTH_OK, AUTH_MD5, AUTH_SASL, AUTH_SASL_CONTINUE, AUTH_SASL_FINAL = 0, 5, 10, 11, 12


def _hmac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _attributes(message: str) -> dict[str, str]:
    """'a=1,b=2' as {'a': '1', 'b': '2'} (values may contain '=')."""
    out = {}
    for part in message.split(","):
        key, eq, value = part.partition("=")
        if len(key) != 1 or not eq:
            raise PgError("08P01", "malformed SCRAM message", fatal=True)
        out[key] = value
    return out


_MAPPED_TO_NOTHING = set("\u00ad\u034f\u1806\u180b\u180c\u180d\u200b\u200c\u200d\u2060\ufeff") | {
    chr(c) for c in range(0xFE00, 0xFE10)}


def saslprep(password: str) -> str:
    """The password as libpq hashes it for SCRAM (RFC 4013, as PostgreSQL approximates it): spaces mapped to
    ' ', invisible characters dropped, NFKC; the password itself if that leaves control characters."""
    if password.isascii():
        return password
    mapped = "".join(" " if unicodedata.category(c) == "Zs" else c for c in password if c not in _MAPPED_TO_NOTHING)
    prepared = unicodedata.normalize("NFKC", mapped)
    return password if not prepared or any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") for c in prepared) \
        else prepared


@dataclass(frozen=True)
class ScramVerifier:
    """What the server keeps of the password (as pg_authid does): salt, iterations, StoredKey, ServerKey."""
    salt: bytes
    iterations: int
    stored_key: bytes
    server_key: bytes

    @classmethod
    def from_password(cls, password: str, iterations: int = ITERATIONS) -> ScramVerifier:
        salt = secrets.token_bytes(16)
        salted = hashlib.pbkdf2_hmac("sha256", saslprep(password).encode(), salt, iterations)
        return cls(salt, iterations, hashlib.sha256(_hmac(salted, b"Client Key")).digest(),
                   _hmac(salted, b"Server Key"))


class ScramExchange:
    """The server side of one SCRAM-SHA-256 exchange: first() then final()."""

    def __init__(self, verifier: ScramVerifier):
        self.verifier = verifier
        self.client_first_bare = self.server_first = self.nonce = self.gs2_header = ""

    def first(self, client_first: bytes) -> bytes:
        """The server-first-message for the client-first-message."""
        text = self._text(client_first)
        cbind, _, rest = text.partition(",")
        authzid, _, bare = rest.partition(",")
        if cbind not in ("n", "y") or authzid:  # "p=...": channel binding, which is not offered
            raise PgError("08P01", "SCRAM channel binding is not supported; connect with channel_binding=disable",
                          fatal=True)
        client_nonce = _attributes(bare).get("r", "")
        if not client_nonce:
            raise PgError("08P01", "malformed SCRAM message: no nonce", fatal=True)
        self.gs2_header, self.client_first_bare = f"{cbind},,", bare
        self.nonce = client_nonce + _b64(secrets.token_bytes(18))
        self.server_first = f"r={self.nonce},s={_b64(self.verifier.salt)},i={self.verifier.iterations}"
        return self.server_first.encode()

    def final(self, client_final: bytes) -> bytes | None:
        """The server-final-message if the client proved it knows the password, else None."""
        text = self._text(client_final)
        without_proof, _, proof_part = text.rpartition(",p=")
        attrs = _attributes(without_proof)
        if attrs.get("r") != self.nonce or attrs.get("c") != _b64(self.gs2_header.encode()) or not proof_part:
            return None
        try:
            proof = base64.b64decode(proof_part, validate=True)
        except ValueError:
            return None
        auth_message = f"{self.client_first_bare},{self.server_first},{without_proof}".encode()
        signature = _hmac(self.verifier.stored_key, auth_message)
        if len(proof) != len(signature):
            return None
        client_key = bytes(a ^ b for a, b in zip(proof, signature, strict=True))
        if not hmac.compare_digest(hashlib.sha256(client_key).digest(), self.verifier.stored_key):
            return None
        return f"v={_b64(_hmac(self.verifier.server_key, auth_message))}".encode()

    @staticmethod
    def _text(message: bytes) -> str:
        try:
            return message.decode("ascii")  # SCRAM attributes are printable ASCII (saslname is escaped UTF-8)
        except UnicodeDecodeError:
            raise PgError("08P01", "malformed SCRAM message", fatal=True) from None


def md5_matches(answer: bytes, password: str, user: str, salt: bytes) -> bool:
    """Whether a PasswordMessage answers the md5 challenge (compared as bytes: any input is fine)."""
    inner = hashlib.md5((password + user).encode()).hexdigest()
    expected = ("md5" + hashlib.md5(inner.encode() + salt).hexdigest()).encode()
    return hmac.compare_digest(answer.rstrip(b"\0"), expected)


def authenticate(session: Session, peer: str) -> bool:
    """Ask for the password (if the server has one); True if it is right, PgError 28P01 (after a delay) if not."""
    server = session.server
    if server.password is None:
        if not server.user or session.user == server.user:
            return True
        raise PgError("28000", f'role "{session.user}" is not allowed; connect as "{server.user}"')
    if server.auth == "md5":
        salt = secrets.token_bytes(4)
        session.send(b"R", struct.pack("!i", AUTH_MD5) + salt)
        session.flush()
        tag, body = session.read_message(server.limits.max_startup_message)
        ok = tag == b"p" and md5_matches(body.data, server.password, session.user, salt)
    else:
        ok = _scram(session, server.scram)
    if not ok or (server.user and session.user != server.user):
        delay = server.failures.failed(session.client_address[0])
        log.warning("rejected %s user=%s: wrong password or user (answered after %.2fs)", peer, session.user, delay)
        time.sleep(delay)
        raise PgError("28P01", f'password authentication failed for user "{session.user}"')
    server.failures.succeeded(session.client_address[0])
    return True

def _scram(session: Session, verifier: ScramVerifier) -> bool:
    """SASL with SCRAM-SHA-256: AuthenticationSASL, SASLInitialResponse, Continue, Response, Final."""
    limit = session.server.limits.max_startup_message
    session.send(b"R", struct.pack("!i", AUTH_SASL) + MECHANISM.encode() + b"\0\0")
    session.flush()
    tag, body = session.read_message(limit)
    if tag != b"p" or body.cstr() != MECHANISM:
        raise PgError("28000", f"expected a SASLInitialResponse for {MECHANISM}")
    size = body.int("!i")
    exchange = ScramExchange(verifier)
    session.send(b"R", struct.pack("!i", AUTH_SASL_CONTINUE) + exchange.first(body.bytes(max(size, 0))))
    session.flush()
    tag, body = session.read_message(limit)
    if tag != b"p":
        raise PgError("28000", "expected a SASLResponse")
    final = exchange.final(body.data)
    if final is None:
        return False
    session.send(b"R", struct.pack("!i", AUTH_SASL_FINAL) + final)
    return True
