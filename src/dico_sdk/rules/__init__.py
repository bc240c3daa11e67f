"""Business rules (rules.md) and the one validation report.

Every rule is registered under its stable id (``DICO-INV-02`` ...) with a severity and English
and Dutch message templates; ``registered_rules()`` lists them all, including the codec's
(DICO-MS-07/08) and the order tracker's (DICO-PRC-*), which single-message validation does not
run. Schema issues in a report have the rule id ``XSD``, unreadable documents ``XML``, and a
validation step that crashed ``INTERNAL``.
"""

# Importing the rule modules registers their rules.
from dico_sdk.codec._hooks import register_encode_check as _register_encode_check
from dico_sdk.rules import _common, _instruction, _invoice, _process, _status, _totals  # noqa: F401
from dico_sdk.rules._registry import Rule, Scope, Severity, get_rule, registered_rules
from dico_sdk.rules._report import INTERNAL, XML, XSD, ValidationIssue, ValidationReport
from dico_sdk.rules._validate import refuse_rule_errors as _refuse_rule_errors
from dico_sdk.rules._validate import validate

# encode() refuses rule errors unless check_rules=False; the codec cannot import the rules.
_register_encode_check(_refuse_rule_errors)

# Plain sorted() order, as tests/test_public_api.py checks (not ruff's isort-style order).
__all__ = [  # noqa: RUF022
    "INTERNAL",
    "Rule",
    "Scope",
    "Severity",
    "ValidationIssue",
    "ValidationReport",
    "XML",
    "XSD",
    "get_rule",
    "registered_rules",
    "validate",
]
