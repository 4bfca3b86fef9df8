"""Encryption at rest and keyed look-up hashes for personal identifiers.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``).
``FIELD_ENCRYPTION_KEY`` may list several keys: the first encrypts, all decrypt, so keys can be
rotated without downtime. Look-ups and de-duplication use an HMAC-SHA256 of the normalised value
under a separate key, so the database never holds anything that reveals the number by itself.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(plaintext: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


def lookup_hash(kind: str, normalized_value: str) -> str:
    """Keyed hash for exact look-up; ``kind`` keeps equal strings of different kinds apart."""
    key = settings.FIELD_HASH_KEY.encode()
    return hmac.new(key, f"{kind}:{normalized_value}".encode(), hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token)
