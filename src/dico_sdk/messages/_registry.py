"""The registry: root element QName -> message class, schema and MessageService routing.

``decode(bytes)`` finds the message type from the root element through it. The default registry
holds the bundled models and schemas; a participant who regenerated the models from other XSDs
builds one with :meth:`MessageRegistry.discover` and installs it with :func:`install_registry`
(or passes it to the codec), without changing SDK code.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
from lxml import etree

from dico_sdk.errors import UsageError
from dico_sdk.schemas import SCHEMA_DIR

__all__ = [
    "DEFAULT_ROUTING",
    "MessageRegistry",
    "MessageType",
    "default_registry",
    "install_registry",
]

XS = "{http://www.w3.org/2001/XMLSchema}"

DEFAULT_ROUTING: dict[str, tuple[str, str, str]] = {
    "MaintenanceInstruction": ("SALES", "005", "MAINTENANCEINSTRUCTION"),
    "MaintenanceStatus": ("SALES", "005", "MAINTENANCESTATUS"),
    "Invoice": ("SALES", "005", "INVOIC"),
    "PlanningRequest": ("SALES", "005", "PLANNINGREQUEST"),
    "PlanningResponse": ("SALES", "005", "PLANNINGRESPONSE"),
}
"""Root local name -> (MsgFormat, MsgVersion, MsgType) on the wire (messages.md, design)."""


@attrs.frozen
class MessageType:
    """One registered message: its root element, class, schema and routing metadata."""

    qname: str
    """The root element as ``{namespace}LocalName``."""
    cls: type[Any]
    """The generated dataclass of the root element."""
    schema: Path
    """The XSD that validates the message (it may import others from its folder)."""
    msg_format: str
    msg_version: str
    msg_type: str

    @property
    def namespace(self) -> str:
        """The root element's namespace."""
        return self.qname[1:].split("}", 1)[0]

    @property
    def name(self) -> str:
        """The root element's local name, e.g. ``MaintenanceInstruction``."""
        return self.qname.rsplit("}", 1)[-1]


@attrs.frozen
class MessageRegistry:
    """An immutable set of message types, looked up by root QName, class or MsgType."""

    entries: tuple[MessageType, ...]

    def __iter__(self) -> Iterator[MessageType]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, qname: object) -> bool:
        return any(entry.qname == qname for entry in self.entries)

    @property
    def qnames(self) -> tuple[str, ...]:
        """Every registered root QName, sorted."""
        return tuple(sorted(entry.qname for entry in self.entries))

    def get(self, qname: str) -> MessageType | None:
        """The entry of a root QName (``{namespace}LocalName``), or ``None``."""
        return next((entry for entry in self.entries if entry.qname == qname), None)

    def for_class(self, cls: type[Any]) -> MessageType:
        """The entry of a message class; :class:`UsageError` when it is not registered."""
        for entry in self.entries:
            if entry.cls is cls:
                return entry
        raise UsageError(f"{cls.__module__}.{cls.__qualname__} is not a registered message class")

    def for_msg_type(self, msg_type: str) -> MessageType | None:
        """The entry whose MsgType is ``msg_type``, or ``None``."""
        return next((entry for entry in self.entries if entry.msg_type == msg_type), None)

    def register(self, entry: MessageType) -> MessageRegistry:
        """A new registry with ``entry`` added (replacing one with the same QName)."""
        kept = tuple(e for e in self.entries if e.qname != entry.qname)
        return MessageRegistry((*kept, entry))

    def override(
        self,
        qname_or_class: str | type[Any],
        *,
        msg_format: str | None = None,
        msg_version: str | None = None,
        msg_type: str | None = None,
    ) -> MessageRegistry:
        """A new registry with other routing metadata for one message (e.g. for a hub profile)."""
        if isinstance(qname_or_class, str):
            entry = self.get(qname_or_class)
            if entry is None:
                raise UsageError(f"{qname_or_class} is not a registered root element")
        else:
            entry = self.for_class(qname_or_class)
        changed = attrs.evolve(
            entry,
            msg_format=entry.msg_format if msg_format is None else msg_format,
            msg_version=entry.msg_version if msg_version is None else msg_version,
            msg_type=entry.msg_type if msg_type is None else msg_type,
        )
        return MessageRegistry(tuple(changed if e is entry else e for e in self.entries))

    @classmethod
    def discover(
        cls,
        package: str | ModuleType,
        schemas: Path,
        *,
        routing: dict[str, tuple[str, str, str]] | None = None,
    ) -> MessageRegistry:
        """Build a registry from a generated models package and the XSD folder it came from.

        Every global element of every ``*.xsd`` in ``schemas`` whose class is found in the
        package's modules becomes an entry. ``routing`` maps a root's local name to
        (MsgFormat, MsgVersion, MsgType); :data:`DEFAULT_ROUTING` is the default, and a root it
        does not know gets ``("SALES", "005", <LOCALNAME>)``.
        """
        table = DEFAULT_ROUTING if routing is None else routing
        classes = _root_classes(package)
        entries = []
        for schema, qname in _global_elements(schemas):
            if qname not in classes:
                continue
            local = qname.rsplit("}", 1)[-1]
            msg_format, msg_version, msg_type = table.get(local, ("SALES", "005", local.upper()))
            entries.append(
                MessageType(qname, classes[qname], schema, msg_format, msg_version, msg_type)
            )
        if not entries:
            raise UsageError(f"no message classes of {schemas} found in {package}")
        return cls(tuple(entries))


def _global_elements(schemas: Path) -> Iterator[tuple[Path, str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for schema in sorted(schemas.glob("*.xsd")):
        root = etree.parse(str(schema), parser).getroot()
        namespace = root.get("targetNamespace", "")
        for element in root.iterchildren(f"{XS}element"):
            yield schema.resolve(), f"{{{namespace}}}{element.get('name')}"


def _root_classes(package: str | ModuleType) -> dict[str, type[Any]]:
    module = importlib.import_module(package) if isinstance(package, str) else package
    modules = [module]
    for info in pkgutil.iter_modules(getattr(module, "__path__", []), module.__name__ + "."):
        modules.append(importlib.import_module(info.name))
    found: dict[str, type[Any]] = {}
    for mod in modules:
        for value in vars(mod).values():
            if not (isinstance(value, type) and dataclasses.is_dataclass(value)):
                continue
            meta = getattr(value, "Meta", None)
            namespace = getattr(meta, "namespace", None)
            if value.__module__ == mod.__name__ and namespace is not None:
                name = getattr(meta, "name", value.__name__)
                found[f"{{{namespace}}}{name}"] = value
    return found


_installed: list[MessageRegistry] = []


def default_registry() -> MessageRegistry:
    """The registry the codec uses when none is given: the bundled models, or the installed one."""
    if not _installed:
        _installed.append(MessageRegistry.discover("dico_sdk.messages._generated", SCHEMA_DIR))
    return _installed[-1]


def install_registry(registry: MessageRegistry) -> MessageRegistry:
    """Make ``registry`` the default for the whole process; returns the previous default."""
    previous = default_registry()
    _installed[:] = [registry]
    return previous
