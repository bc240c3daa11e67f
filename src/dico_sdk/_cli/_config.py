"""``dico.toml``: where the command line's client connects, as whom, and where its store lives.

Credentials never sit in the file: it names the environment variables that hold them::

    [hub]
    url = "http://127.0.0.1:8080/"
    profile = "sandbox"             # or "datarotonde"
    username_env = "DICO_USERNAME"  # the defaults
    password_env = "DICO_PASSWORD"
    client_cert = "client.pem"      # mutual TLS (DataRotonde): PEM certificate, relative to
    client_key = "client.key"       # this file; the key's passphrase in $DICO_KEY_PASSWORD

    [client]
    gln = "8712345000011"           # or a list
    store = "dico-store.sqlite"     # relative to this file; default: the user's data folder
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import attrs

from dico_sdk.client import DicoClient
from dico_sdk.errors import UsageError
from dico_sdk.transport import ClientCertificate, HubProfile, MessageServiceTransport

__all__ = ["CONFIG_ENV", "ClientConfig", "find_config"]

CONFIG_ENV = "DICO_CONFIG"
"""The environment variable naming the config file (default: ``./dico.toml``)."""


@attrs.frozen
class ClientConfig:
    """The parsed config file."""

    url: str
    profile: str
    username_env: str
    password_env: str
    glns: tuple[str, ...]
    store: Path | None
    client_cert: Path | None = None
    client_key: Path | None = None

    @classmethod
    def load(cls, path: Path) -> ClientConfig:
        """Read and check ``path``; :class:`UsageError` names what is wrong."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read the config file {path}: {exc}") from exc
        hub, client = _table(data, "hub", path), _table(data, "client", path)
        gln = client.get("gln")
        glns = (gln,) if isinstance(gln, str) else tuple(gln) if isinstance(gln, list) else ()
        if not glns:
            raise UsageError(f"{path}: [client] gln is missing")
        url = hub.get("url")
        if not isinstance(url, str) or not url:
            raise UsageError(f"{path}: [hub] url is missing")
        store = client.get("store")
        cert, key = hub.get("client_cert"), hub.get("client_key")
        return cls(
            url=url,
            profile=str(hub.get("profile", "sandbox")),
            username_env=str(hub.get("username_env", "DICO_USERNAME")),
            password_env=str(hub.get("password_env", "DICO_PASSWORD")),
            glns=glns,
            store=None if store is None else (path.parent / str(store)),
            client_cert=None if cert is None else path.parent / str(cert),
            client_key=None if key is None else path.parent / str(key),
        )

    def client(self) -> DicoClient:
        """A client logged in with the credentials from the environment."""
        username, password = _env(self.username_env), _env(self.password_env)
        if self.profile == "sandbox":
            profile = HubProfile.sandbox(self.url)
        elif self.profile == "datarotonde":
            profile = HubProfile.datarotonde(self.url)
        else:
            raise UsageError(f"unknown hub profile {self.profile!r}: sandbox or datarotonde")
        certificate = None
        if self.client_cert is not None:
            certificate = ClientCertificate(
                self.client_cert, self.client_key, os.environ.get("DICO_KEY_PASSWORD") or None
            )
        transport = MessageServiceTransport(
            profile, username=username, password=password, client_certificate=certificate
        )
        return DicoClient(transport, gln=self.glns, store=self.store)


def find_config(given: Path | None) -> Path:
    """The config file: ``--config``, else $DICO_CONFIG, else ``./dico.toml``."""
    path = given or Path(os.environ.get(CONFIG_ENV) or "dico.toml")
    if not path.is_file():
        raise UsageError(f"no config file {path} (see `dico send --help`)")
    return path


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [{name}] must be a table")
    return table


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise UsageError(f"the environment variable {name} is not set (credentials for the hub)")
    return value
