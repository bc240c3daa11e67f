"""The one exception hierarchy of dico-sdk.

Every error the SDK raises is a :class:`DicoError`. The branches say whose fault it is, so that a
caller can decide what to do without parsing messages::

    DicoError
    ├── MessageError                 the input: a message's bytes or content is wrong
    │   ├── XmlSyntaxError           not well-formed XML (line, column)
    │   ├── SecurityError            DOCTYPE, entities, size or depth limits
    │   ├── UnknownMessageError      a root element no registered schema knows
    │   ├── SchemaValidationError    not valid against the XSD (all issues, each with line, XPath)
    │   └── RuleViolationError       breaks business rules (carries the ValidationReport)
    ├── TransportError               the network or the hub
    │   ├── HubUnavailableError      connect error, timeout, 429, 502/503/504: retryable
    │   ├── ProtocolError            the hub answered something that is not MessageService 3.1
    │   └── HubFaultError            a SOAP fault (fault code, fault string, the hub's ErrorCode)
    │       ├── AuthenticationError  wrong credentials: never retried
    │       ├── DuplicateMessageError  same MsgId, different content
    │       └── MessageNotFoundError   no such MsgId in this mailbox
    ├── StoreError                   the durable outbox / inbox / tracker failed
    └── UsageError                   the caller used the API wrongly (also a ValueError)

Foreign exceptions (lxml, xsdata, httpx, sqlite3) are translated where they arise and chained with
``from``, so ``__cause__`` keeps the original. Every error carries its context as attributes
(``msg_id``, ``line``, ``xpath``, ``rule_id``, ``status_code`` ...) besides its message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from datetime import timedelta

__all__ = [
    "AuthenticationError",
    "DicoError",
    "DuplicateMessageError",
    "HubFaultError",
    "HubUnavailableError",
    "MessageError",
    "MessageNotFoundError",
    "ProtocolError",
    "RuleViolationError",
    "SchemaIssue",
    "SchemaValidationError",
    "SecurityError",
    "StoreError",
    "TransportError",
    "UnknownMessageError",
    "UsageError",
    "XmlSyntaxError",
]


class DicoError(Exception):
    """Root of every error dico-sdk raises.

    ``msg_id`` is the MessageService MsgId the error is about, when known.
    """

    def __init__(self, message: str, *, msg_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.msg_id = msg_id

    def __str__(self) -> str:
        if self.msg_id is not None and str(self.msg_id) not in self.message:
            return f"{self.message} [MsgId {self.msg_id}]"
        return self.message


# -- the input ---------------------------------------------------------------------------------


class MessageError(DicoError):
    """A message's bytes or content is wrong: fix the input, retrying will not help."""


class XmlSyntaxError(MessageError):
    """The document is not well-formed XML. ``line`` and ``column`` are 1-based when known."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, msg_id=msg_id)
        self.line = line
        self.column = column


class SecurityError(MessageError):
    """The document was refused before binding: a DOCTYPE, an entity, or a size or depth limit.

    ``reason`` is one of ``"doctype"``, ``"entity"``, ``"size"``, ``"depth"``.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        line: int | None = None,
        limit: int | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, msg_id=msg_id)
        self.reason = reason
        self.line = line
        self.limit = limit


class UnknownMessageError(MessageError):
    """The root element is not one of the registered message types."""

    def __init__(
        self,
        message: str,
        *,
        found: str,
        known: Iterable[str],
        line: int | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, msg_id=msg_id)
        self.found = found
        self.known = tuple(sorted(known))
        self.line = line


@attrs.frozen
class SchemaIssue:
    """One problem found by XSD validation (or by binding a value the XSD let through)."""

    message: str
    line: int | None = None
    xpath: str | None = None
    element: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.xpath:
            where.append(self.xpath)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SchemaValidationError(MessageError):
    """The document is not valid against its XSD. ``issues`` holds *every* issue found."""

    def __init__(
        self,
        message: str,
        *,
        issues: Sequence[SchemaIssue],
        schema: str | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, msg_id=msg_id)
        self.issues = tuple(issues)
        self.schema = schema

    @property
    def line(self) -> int | None:
        """The line of the first issue, when known."""
        return self.issues[0].line if self.issues else None

    @property
    def xpath(self) -> str | None:
        """The XPath of the first issue, when known."""
        return self.issues[0].xpath if self.issues else None


class RuleViolationError(MessageError):
    """A message breaks business rules (rules.md). ``report`` is the full ValidationReport."""

    def __init__(self, message: str, *, report: Any, msg_id: str | None = None) -> None:
        super().__init__(message, msg_id=msg_id)
        self.report = report

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """The ids of the rules broken with severity error, in report order."""
        return tuple(issue.rule_id for issue in getattr(self.report, "errors", ()))


# -- the network and the hub ---------------------------------------------------------------------


class TransportError(DicoError):
    """Talking to the hub failed. ``operation`` is the MessageService operation, when known."""

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status_code: int | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, msg_id=msg_id)
        self.operation = operation
        self.status_code = status_code


class HubUnavailableError(TransportError):
    """The hub could not be reached or asked us to come back later: safe to retry.

    After a timeout on PostMessage the outcome is unknown; retry with the same MsgId.
    ``retry_after`` is the hub's Retry-After, when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str | None = None,
        status_code: int | None = None,
        retry_after: timedelta | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status_code=status_code, msg_id=msg_id)
        self.retry_after = retry_after


class ProtocolError(TransportError):
    """The hub's answer is not a MessageService 3.1 response we can read."""


class HubFaultError(TransportError):
    """The hub answered with a SOAP fault.

    ``fault_code`` and ``fault_string`` are the SOAP fault's; ``error_code`` is the hub's own
    ErrorCode from the fault detail, when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        fault_code: str | None = None,
        fault_string: str | None = None,
        error_code: str | None = None,
        operation: str | None = None,
        status_code: int | None = None,
        msg_id: str | None = None,
    ) -> None:
        super().__init__(message, operation=operation, status_code=status_code, msg_id=msg_id)
        self.fault_code = fault_code
        self.fault_string = fault_string
        self.error_code = error_code


class AuthenticationError(HubFaultError):
    """The hub refused the credentials. Never retried."""


class DuplicateMessageError(HubFaultError):
    """The MsgId was already used for a message with different content."""


class MessageNotFoundError(HubFaultError):
    """No message with this MsgId is in the caller's mailbox (never there, or deleted)."""


# -- the store and the caller ----------------------------------------------------------------------


class StoreError(DicoError):
    """The durable store (outbox, inbox, order tracker) failed."""


class UsageError(DicoError, ValueError):
    """The API was called wrongly (an argument out of range, an unsupported combination)."""
