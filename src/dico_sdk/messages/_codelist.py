"""The base of every generated code-list enum: the value is the code, plus two titles."""

from __future__ import annotations

from enum import Enum
from typing import Self

__all__ = ["CodeList"]


class CodeList(Enum):
    """A DICO code list: each member's ``value`` is the code, as written in the XML.

    ``title_en`` and ``title_nl`` are the code's English and Dutch titles from the code-list XSD
    (``xs:documentation xml:lang="EN"`` / ``"NL"``); a schema without titles gives the code.
    Look a member up by its code with ``StatusCode("ACC")``.
    """

    _value_: str
    title_en: str
    title_nl: str

    def __new__(cls, code: str, title_en: str = "", title_nl: str = "") -> Self:
        member = object.__new__(cls)
        member._value_ = code
        member.title_en = title_en or title_nl or code
        member.title_nl = title_nl or title_en or code
        return member

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """Every code of the list, in schema order."""
        return tuple(member.value for member in cls)
