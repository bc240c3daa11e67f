"""Hub profiles: what differs from one MessageService host to the next, in one value object."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from dico_sdk.errors import UsageError
from dico_sdk.transport._soap import CustomInfo

__all__ = ["DICO_MSG_TYPES", "HubProfile", "MsgRouting"]

_BASE = "http://www.ketenstandaard.nl"


@attrs.frozen
class MsgRouting:
    """The routing metadata a message travels with: MsgFormat, MsgVersion, MsgType."""

    msg_format: str
    msg_version: str
    msg_type: str


DICO_MSG_TYPES: Mapping[str, MsgRouting] = MappingProxyType(
    {
        f"{{{_BASE}/onderhoudsopdracht/SALES/005}}MaintenanceInstruction": MsgRouting(
            "SALES", "005", "MAINTENANCEINSTRUCTION"
        ),
        f"{{{_BASE}/onderhoudsstatus/SALES/005}}MaintenanceStatus": MsgRouting(
            "SALES", "005", "MAINTENANCESTATUS"
        ),
        f"{{{_BASE}/factuur/SALES/005}}Invoice": MsgRouting("SALES", "005", "INVOIC"),
        f"{{{_BASE}/planningsverzoek/SALES/005}}PlanningRequest": MsgRouting(
            "SALES", "005", "PLANNINGREQUEST"
        ),
        f"{{{_BASE}/planningsreactie/SALES/005}}PlanningResponse": MsgRouting(
            "SALES", "005", "PLANNINGRESPONSE"
        ),
    }
)
"""The default MsgType table (messages.md, design), keyed by the root's qualified name."""


def _freeze(value: Mapping[str, MsgRouting]) -> Mapping[str, MsgRouting]:
    return MappingProxyType(dict(value))


@attrs.frozen
class HubProfile:
    """The per-hub differences: endpoint, MsgType table, header options.

    ``endpoint`` may be None in a profile; the transport then needs one passed explicitly.
    ``custom_info`` is the default CustomInfo header, ``timestamp`` adds a WS-Security
    Timestamp, ``client_certificate_required`` documents that the host wants mutual TLS.
    """

    name: str
    endpoint: str | None = None
    msg_types: Mapping[str, MsgRouting] = attrs.field(
        default=DICO_MSG_TYPES, converter=_freeze, hash=False
    )
    custom_info: CustomInfo = attrs.field(factory=CustomInfo)
    timestamp: bool = False
    client_certificate_required: bool = False
    max_response_size: int = 64 * 1024 * 1024

    @classmethod
    def sandbox(cls, endpoint: str) -> HubProfile:
        """The SDK's own sandbox hub at ``endpoint`` (reference design): test messages, no TLS."""
        return cls(
            name="sandbox",
            endpoint=endpoint,
            custom_info=CustomInfo(is_test_message=True, language_code="NL"),
        )

    @classmethod
    def datarotonde(cls, endpoint: str, *, test: bool = True) -> HubProfile:
        """DataRotonde, with the endpoint URL you received from them.

        DataRotonde's wire interface is not public. This profile assumes MessageService 3.1 with
        the DICO MsgType table and client-certificate TLS (a public trace shows a SOAP router
        with a separate test host and client certificates); check it against your contract.
        """
        if not endpoint:
            raise UsageError("the DataRotonde profile needs the endpoint URL from your contract")
        return cls(
            name="datarotonde",
            endpoint=endpoint,
            custom_info=CustomInfo(is_test_message=test, language_code="NL"),
            client_certificate_required=True,
        )

    def routing(self, root: str) -> MsgRouting:
        """The routing metadata for a payload whose root has the qualified name ``root``."""
        try:
            return self.msg_types[root]
        except KeyError:
            raise UsageError(
                f"profile {self.name!r} has no MsgType for {root}; add it to msg_types"
            ) from None
