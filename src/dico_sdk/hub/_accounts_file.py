"""The hub's accounts: a TOML file with hashed passwords, and the generated demo set.

The file (design)::

    [[account]]
    name = "vve-de-linde"
    password_hash = "..."          # from `dico hub hash-password`; never the password itself
    glns = ["8712345000011"]
    accepts = ["MAINTENANCESTATUS", "INVOIC"]   # optional; empty or absent: every MsgType

Every GLN must be 13 digits with a valid GS1 check digit (rules.md DICO-GLN-01), and a GLN is
owned by one account only, so that routing by GLN is never ambiguous.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from dico_sdk._gln import is_valid_gln
from dico_sdk.errors import UsageError
from dico_sdk.hub import _accounts
from dico_sdk.hub._accounts import Account

__all__ = [
    "SandboxAccount",
    "default_accounts",
    "format_password_hash",
    "load_accounts",
    "parse_accounts",
    "write_accounts",
]

_KEYS = {"name", "password_hash", "glns", "accepts"}


def _frozen(values: Iterable[str]) -> frozenset[str]:
    if isinstance(values, str):
        raise UsageError("give a collection of strings, not one string")
    return frozenset(values)


@attrs.frozen
class SandboxAccount:
    """An account as a test or the demo defines it: with its password in plain text.

    :meth:`account` hashes the password into the hub's :class:`Account`; only the hash is ever
    written to an accounts file.
    """

    name: str
    password: str = attrs.field(repr=False)
    glns: frozenset[str] = attrs.field(converter=_frozen)
    accepts: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen)

    def account(self, *, cost: int | None = None) -> Account:
        """The hub account, with the password hashed (``cost``: scrypt's N, default the core's)."""
        if cost is None:
            return Account.create(self.name, self.password, glns=self.glns, accepts=self.accepts)
        return Account.create(
            self.name, self.password, glns=self.glns, accepts=self.accepts, cost=cost
        )


def default_accounts() -> tuple[SandboxAccount, ...]:
    """The demo set: a VvE manager and two contractors (design; fixed, documented passwords).

    Meant for a hub on 127.0.0.1 only: anyone who reads the docs knows these passwords.
    """
    return (
        SandboxAccount(
            "vve-de-linde",
            "linde-demo",
            glns={"8712345000011"},
            accepts={"MAINTENANCESTATUS", "INVOIC", "PLANNINGRESPONSE"},
        ),
        SandboxAccount(
            "installatiebedrijf-jansen",
            "jansen-demo",
            glns={"8712345000028"},
            accepts={"MAINTENANCEINSTRUCTION", "MAINTENANCESTATUS", "PLANNINGREQUEST"},
        ),
        SandboxAccount(
            "schildersbedrijf-de-vries",
            "devries-demo",
            glns={"8712345000035"},
            accepts={"MAINTENANCEINSTRUCTION", "MAINTENANCESTATUS", "PLANNINGREQUEST"},
        ),
    )


def load_accounts(path: str | Path) -> tuple[Account, ...]:
    """The accounts of a TOML accounts file; a :class:`UsageError` says what is wrong with it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the accounts file {path}: {exc}") from exc
    return parse_accounts(text, source=str(path))


def parse_accounts(text: str, *, source: str = "<accounts>") -> tuple[Account, ...]:
    """The accounts of a TOML document (see the module docstring for its form)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{source} is not valid TOML: {exc}") from exc
    entries = document.get("account")
    if set(document) - {"account"} or not isinstance(entries, list) or not entries:
        raise UsageError(f"{source}: expected one or more [[account]] tables and nothing else")
    accounts = tuple(
        _account(entry, f"{source}: account {i + 1}") for i, entry in enumerate(entries)
    )
    _check_unique(accounts, source)
    return accounts


def _account(entry: Any, where: str) -> Account:
    if not isinstance(entry, dict):
        raise UsageError(f"{where} is not a table")
    unknown = set(entry) - _KEYS
    if unknown:
        raise UsageError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(_KEYS)})")
    name = _string(entry, "name", where)
    password_hash = _string(entry, "password_hash", f"{where} ({name})")
    glns = _strings(entry, "glns", f"{where} ({name})")
    if not glns:
        raise UsageError(f"{where} ({name}): an account owns at least one GLN")
    bad = sorted(gln for gln in glns if not is_valid_gln(gln))
    if bad:
        raise UsageError(f"{where} ({name}): not a valid GLN (DICO-GLN-01): {', '.join(bad)}")
    accepts = _strings(entry, "accepts", f"{where} ({name})") if "accepts" in entry else []
    cost, salt, digest = _parse_password_hash(password_hash, f"{where} ({name})")
    return Account(
        name=name, glns=glns, accepts=accepts, salt=salt, password_hash=digest, cost=cost
    )


# The scrypt parameters are written out, so that a file outlives a change of the defaults; r and p
# are fixed by the core, N is the account's cost.
_MAX_COST = 2**20  # scrypt N beyond this needs over 1 GiB per login: a typo, or a trap
_HASH = re.compile(
    rf"scrypt\$n=(?P<n>[0-9]{{1,8}}),r={_accounts._SCRYPT_R},p={_accounts._SCRYPT_P}"
    r"\$(?P<salt>(?:[0-9a-f]{2})+)\$(?P<hash>(?:[0-9a-f]{2})+)"
)


def format_password_hash(account: Account) -> str:
    """The ``password_hash`` text of an accounts file for ``account`` (scrypt, salted)."""
    params = f"n={account.cost},r={_accounts._SCRYPT_R},p={_accounts._SCRYPT_P}"
    return f"scrypt${params}${account.salt.hex()}${account.password_hash.hex()}"


def _parse_password_hash(text: str, where: str) -> tuple[int, bytes, bytes]:
    match = _HASH.fullmatch(text)
    cost = int(match["n"]) if match else 0
    if match is None or cost < 2 or cost > _MAX_COST or cost & (cost - 1):
        raise UsageError(
            f"{where}: password_hash must look like 'scrypt$n=16384,r={_accounts._SCRYPT_R},"
            f"p={_accounts._SCRYPT_P}$<salt hex>$<hash hex>' (see `dico hub hash-password`)"
        )
    return cost, bytes.fromhex(match["salt"]), bytes.fromhex(match["hash"])


def _string(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise UsageError(f"{where}: {key} must be a non-empty string")
    return value


def _strings(entry: dict[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key)
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise UsageError(f"{where}: {key} must be a list of non-empty strings")
    return value


def _check_unique(accounts: Sequence[Account], source: str) -> None:
    names: set[str] = set()
    owners: dict[str, str] = {}
    for account in accounts:
        if account.name in names:
            raise UsageError(f"{source}: the account name {account.name!r} is used twice")
        names.add(account.name)
        for gln in account.glns:
            if gln in owners:
                raise UsageError(
                    f"{source}: GLN {gln} is owned by both {owners[gln]!r} and {account.name!r}"
                )
            owners[gln] = account.name


def write_accounts(path: str | Path, accounts: Iterable[SandboxAccount]) -> None:
    """Write ``accounts`` as a TOML accounts file, passwords hashed."""
    blocks = []
    for spec in accounts:
        account = spec.account()
        # A JSON string is a valid TOML basic string, escapes included.
        blocks.append(
            "[[account]]\n"
            f"name = {json.dumps(account.name)}\n"
            f"password_hash = {json.dumps(format_password_hash(account))}\n"
            f"glns = {json.dumps(sorted(account.glns))}\n"
            f"accepts = {json.dumps(sorted(account.accepts))}\n"
        )
    header = "# dico sandbox hub accounts (passwords are stored hashed)\n\n"
    Path(path).write_text(header + "\n".join(blocks), encoding="utf-8")
