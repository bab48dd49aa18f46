"""Secrets: password hashes, room tokens, session ids and cookie values."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Talk's token alphabet: lower case and digits without the look-alikes l, 0, 1
# (`lib/Manager.php` at v7.0.0, getNewToken).
TOKEN_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789"
TOKEN_LENGTH = 8
# The docs say 512 characters; the alphabet is ISecureRandom's default (base64 without padding).
SESSION_ID_BYTES = 384  # 384 bytes -> exactly 512 base64 characters, no '='

# Salted and stretched, but lightly: the server holds throwaway test accounts, the project's tests
# create thousands of them, and what a real server's hash costs is emulated on purpose (--login-cost),
# not paid by accident. Stored hashes name their own count, so older databases still verify.
PBKDF2_ITERATIONS = 1_000


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), bytes.fromhex(salt),
                                 PBKDF2_ITERATIONS).hex()
    return f"pbkdf2${PBKDF2_ITERATIONS}${salt}${digest}"


# A user's Basic credentials arrive with every request; re-deriving the hash each time would cost
# ~10 ms a request. Remember successful checks for the exact stored hash (which changes on reset).
_verified: dict[tuple[str, str], bool] = {}


def verify_password(password: str, stored: str) -> bool:
    if not stored:
        return False
    key = (stored, hashlib.sha256(password.encode("utf-8", "surrogatepass")).hexdigest())
    if key in _verified:
        return _verified[key]
    try:
        _, iterations, salt, digest = stored.split("$")
        got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8", "surrogatepass"), bytes.fromhex(salt),
                                  int(iterations)).hex()
    except ValueError:
        return False
    ok = hmac.compare_digest(got, digest)
    if len(_verified) > 10_000:
        _verified.clear()
    _verified[key] = ok
    return ok


def random_text(alphabet: str, length: int) -> str:
    """``length`` characters drawn uniformly from ``alphabet``, from one read of the system's randomness:
    ``secrets.choice`` reads it once per character (a v4 session id, 255 of them, took ~0.3 ms)."""
    limit = 256 - 256 % len(alphabet)  # a byte at or above it would favour the alphabet's first characters
    chars: list[str] = []
    while len(chars) < length:
        chars.extend(alphabet[b % len(alphabet)] for b in secrets.token_bytes(length) if b < limit)
    return "".join(chars[:length])


def new_room_token() -> str:
    return random_text(TOKEN_ALPHABET, TOKEN_LENGTH)


def new_session_id(length: int = 512) -> str:
    """A Talk session id: 512 base64 characters (API v1), or ``length`` letters and digits (API v4's
    255, lib/Service/SessionService.php of Talk 21.1)."""
    if length == 512:
        return base64.b64encode(secrets.token_bytes(SESSION_ID_BYTES)).decode("ascii")
    return random_text(_SESSION_ALPHABET, length)


_SESSION_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def new_cookie_value() -> str:
    return random_text("abcdefghijklmnopqrstuvwxyz0123456789", 32)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


APP_PASSWORD_LENGTH = 72
_APP_PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def new_app_password() -> str:
    return random_text(_APP_PASSWORD_ALPHABET, APP_PASSWORD_LENGTH)


def token_hash(secret: str) -> str:
    """A fast hash is enough for random 72-character secrets, as Nextcloud's token provider uses."""
    return hashlib.sha512(secret.encode("utf-8", "surrogatepass")).hexdigest()


def session_proof(cookie: str, password: str) -> str:
    """What a login session keeps of the password: enough to tell a later Basic password apart."""
    return hmac.new(cookie.encode(), password.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
