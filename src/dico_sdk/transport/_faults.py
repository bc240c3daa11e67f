"""The hub ErrorCodes and the one mapping from a SOAP fault to an SDK error.

Both the SOAP transport and the in-memory MockTransport translate faults here, so that a caller
sees the same exception from either.
"""

from __future__ import annotations

import enum

from dico_sdk.errors import (
    AuthenticationError,
    DuplicateMessageError,
    HubFaultError,
    HubUnavailableError,
    MessageNotFoundError,
    TransportError,
)

__all__ = ["CLIENT_FAULT", "SERVER_FAULT", "ErrorCode", "fault_error"]

CLIENT_FAULT = "soap:Client"
SERVER_FAULT = "soap:Server"


class ErrorCode(enum.StrEnum):
    """The ErrorCode a hub puts in a fault's detail (FaultError/FaultDetails/ErrorCode)."""

    AUTH_FAILED = "AUTH_FAILED"
    MALFORMED_REQUEST = "MALFORMED_REQUEST"
    UNKNOWN_OPERATION = "UNKNOWN_OPERATION"
    INVALID_PROPERTIES = "INVALID_PROPERTIES"
    MALFORMED_PAYLOAD = "MALFORMED_PAYLOAD"
    UNKNOWN_MESSAGE_TYPE = "UNKNOWN_MESSAGE_TYPE"
    SENDER_NOT_OWNED = "SENDER_NOT_OWNED"
    UNKNOWN_RECEIVER = "UNKNOWN_RECEIVER"
    MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE"
    DUPLICATE_MSGID = "DUPLICATE_MSGID"
    MESSAGE_NOT_FOUND = "MESSAGE_NOT_FOUND"
    INTERNAL_ERROR = "INTERNAL_ERROR"

    @property
    def fault_code(self) -> str:
        """``soap:Server`` for the hub's own failure, ``soap:Client`` for everything else."""
        return SERVER_FAULT if self is ErrorCode.INTERNAL_ERROR else CLIENT_FAULT


_ERROR_CLASSES: dict[str, type[HubFaultError]] = {
    ErrorCode.AUTH_FAILED: AuthenticationError,
    ErrorCode.DUPLICATE_MSGID: DuplicateMessageError,
    ErrorCode.MESSAGE_NOT_FOUND: MessageNotFoundError,
}


def fault_error(
    *,
    fault_code: str | None,
    fault_string: str | None,
    error_code: str | None,
    detail_message: str | None = None,
    operation: str | None = None,
    status_code: int | None = None,
    msg_id: str | None = None,
) -> TransportError:
    """The SDK error for a SOAP fault.

    ``INTERNAL_ERROR`` becomes a (retryable) :class:`HubUnavailableError`; the ErrorCodes with a
    class of their own map to it; any other fault, including one without an ErrorCode from a
    foreign hub, is a :class:`HubFaultError` and is not retried.
    """
    text = detail_message or fault_string or "the hub answered with a SOAP fault"
    label = f"{operation}: " if operation else ""
    code = f" ({error_code})" if error_code else ""
    message = f"{label}{text}{code}"
    if error_code == ErrorCode.INTERNAL_ERROR:
        return HubUnavailableError(
            message, operation=operation, status_code=status_code, msg_id=msg_id
        )
    cls = _ERROR_CLASSES.get(error_code or "", HubFaultError)
    return cls(
        message,
        fault_code=fault_code,
        fault_string=fault_string,
        error_code=error_code,
        operation=operation,
        status_code=status_code,
        msg_id=msg_id,
    )
