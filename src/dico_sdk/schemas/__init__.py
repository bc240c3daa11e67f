"""The bundled reference schemas (package data): the code-list XSD and one XSD per message.

``SCHEMA_DIR`` is the folder that holds them. A participant with the official XSDs regenerates
the models from another folder (``make models SCHEMAS=...``, docs/messages.md).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SCHEMA_DIR"]

SCHEMA_DIR = Path(__file__).resolve().parent
"""The folder of the bundled XSDs."""
