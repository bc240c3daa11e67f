"""The hub core's one exception: a fault the server answers as a SOAP fault."""

from __future__ import annotations

from dico_sdk.transport import ErrorCode

__all__ = ["HubFault"]


class HubFault(Exception):
    """The hub refuses a request. Internal to the hub: a server turns it into a SOAP fault.

    ``fault_code`` is ``soap:Client`` or ``soap:Server``, derived from the ErrorCode.
    """

    def __init__(self, error_code: ErrorCode, message: str, *, msg_id: str | None = None) -> None:
        super().__init__(f"{error_code}: {message}")
        self.error_code = error_code
        self.message = message
        self.msg_id = msg_id

    @property
    def fault_code(self) -> str:
        """``soap:Client`` or ``soap:Server``."""
        return self.error_code.fault_code
