"""Hub accounts: a name, a salted password verifier, the GLNs it owns, the MsgTypes it accepts."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable

import attrs

from dico_sdk.errors import UsageError

__all__ = ["Account", "Participant"]

# scrypt with n=2**14, r=8 costs ~16 MiB and a few ms: fine for a sandbox, slow for guessing.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16


def _hash(password: str, salt: bytes, cost: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=cost, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )


def _frozen_strs(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise UsageError("give a collection of strings, not one string")
    return frozenset(value)


@attrs.frozen
class Account:
    """A hub account; its name is the MessageService username and its mailbox.

    Only a salted scrypt hash of the password is kept. Make one with :meth:`create`.
    ``accepts`` lists the MsgTypes the account receives; empty means all.
    """

    name: str
    glns: frozenset[str] = attrs.field(converter=_frozen_strs)
    accepts: frozenset[str] = attrs.field(converter=_frozen_strs, factory=frozenset)
    salt: bytes = attrs.field(default=b"", repr=False)
    password_hash: bytes = attrs.field(default=b"", repr=False)
    cost: int = attrs.field(default=_SCRYPT_N, repr=False)

    @classmethod
    def create(
        cls,
        name: str,
        password: str,
        glns: Iterable[str],
        accepts: Iterable[str] = (),
        *,
        cost: int = _SCRYPT_N,
    ) -> Account:
        """An account with a fresh salt and the scrypt hash of ``password``.

        ``cost`` is scrypt's N (a power of two); lower it only where hashing time matters more
        than guessing resistance, such as an in-memory test hub.
        """
        if not name:
            raise UsageError("an account needs a name")
        salt = os.urandom(_SALT_BYTES)
        return cls(
            name=name,
            glns=frozenset(glns),
            accepts=frozenset(accepts),
            salt=salt,
            password_hash=_hash(password, salt, cost),
            cost=cost,
        )

    def verify(self, password: str) -> bool:
        """Whether ``password`` is this account's password (constant-time comparison)."""
        if not self.password_hash:
            return False
        return hmac.compare_digest(_hash(password, self.salt, self.cost), self.password_hash)

    def accepts_type(self, msg_type: str) -> bool:
        """Whether the account receives messages of ``msg_type``."""
        return not self.accepts or msg_type in self.accepts


@attrs.frozen
class Participant:
    """An entry of the hub's participant directory: a connected GLN and what it accepts."""

    gln: str
    accepts: frozenset[str]
