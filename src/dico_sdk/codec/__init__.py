"""The codec: DICO message bytes <-> typed messages, hardened and validating.

- :func:`decode` parses with the one hardened parser (no DTD, no entities, no network, no
  recovery, any DOCTYPE refused, a size limit applied first), finds the message type from the
  root element through the registry, applies the reading tolerance for the older status model
  (DICO-MS-07), validates against the cached compiled XSD (reporting every issue) and binds
  the validated tree with xsdata, converter warnings treated as errors.
- :func:`decode_detailed` also returns the decode notes and the source line of every element
  by XPath (see :class:`DecodeResult` for the XPath convention).
- :func:`encode` writes UTF-8 with a declaration and the message's default namespace, and
  validates the result by default.
- :func:`validate_schema` only checks a document against its XSD.
- :class:`Codec` is the same with an explicit choice of binder and writer: ``"compiled"``
  (the default everywhere: plans derived once per class, several times faster than xsdata)
  or ``"xsdata"`` (xsdata's own binding and serializer, kept as the reference).
- :func:`iter_invoice_lines` reads an invoice of any size with flat memory: it yields an
  :class:`InvoiceHeader`, each ``InvoiceLine`` and an :class:`InvoiceTrailer`, each validated;
  :func:`validate_stream` checks a document of any size (``dico validate`` above
  :data:`STREAM_THRESHOLD`).
"""

from dico_sdk.codec._codec import Codec
from dico_sdk.codec._decode import decode, decode_detailed, validate_schema
from dico_sdk.codec._encode import encode
from dico_sdk.codec._invoice_stream import (
    STREAM_THRESHOLD,
    InvoiceHeader,
    InvoiceTrailer,
    assemble_invoice,
    iter_invoice_lines,
    validate_stream,
)
from dico_sdk.codec._result import DecodeNote, DecodeResult
from dico_sdk.codec._source import Source
from dico_sdk.codec._stream import StreamSource

__all__ = [  # noqa: RUF022  (plain sorted order, as tests/test_public_api.py checks)
    "Codec",
    "DecodeNote",
    "DecodeResult",
    "InvoiceHeader",
    "InvoiceTrailer",
    "STREAM_THRESHOLD",
    "Source",
    "StreamSource",
    "assemble_invoice",
    "decode",
    "decode_detailed",
    "encode",
    "iter_invoice_lines",
    "validate_schema",
    "validate_stream",
]
