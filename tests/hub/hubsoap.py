"""Hand-built MessageService 3.1 requests for testing the sandbox hub at the HTTP level."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from xml.sax.saxutils import escape

import httpx
from lxml import etree

MS = "https://www.ketenstandaard.nl/WS/MessageService/3.1"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
MANAGER, PLUMBER, PAINTER = "8712345000011", "8712345000028", "8712345000035"
USERS = {
    "manager": ("vve-de-linde", "linde-demo"),
    "plumber": ("installatiebedrijf-jansen", "jansen-demo"),
    "painter": ("schildersbedrijf-de-vries", "devries-demo"),
}
CUSTOM_INFO = (
    "<m:CustomInfo><m:IsTestMessage>true</m:IsTestMessage>"
    "<m:IsContentCompressed>false</m:IsContentCompressed></m:CustomInfo>"
)


def order(buyer: str = MANAGER, supplier: str = PLUMBER, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<MaintenanceInstruction xmlns="http://www.ketenstandaard.nl/onderhoudsopdracht/SALES/005">'
        f"<Buyer><GLN>{buyer}</GLN></Buyer><Supplier><GLN>{supplier}</GLN></Supplier>{extra}"
        "</MaintenanceInstruction>"
    )


def message(
    msg_id: str = "msg-1",
    content: str | None = None,
    *,
    msg_datetime: str = "2026-12-03T10:00:00+01:00",
    msg_format: str = "SALES",
    msg_type: str = "MAINTENANCEINSTRUCTION",
    raw_content: str | None = None,
) -> str:
    text = raw_content if raw_content is not None else escape(content or order())
    return (
        "<m:Message><m:MsgProperties>"
        f"<m:MsgId>{escape(msg_id)}</m:MsgId><m:MsgDateTime>{msg_datetime}</m:MsgDateTime>"
        f"<m:MsgFormat>{msg_format}</m:MsgFormat><m:MsgVersion>005</m:MsgVersion>"
        f"<m:MsgType>{msg_type}</m:MsgType></m:MsgProperties>"
        f"<m:MsgContent>{text}</m:MsgContent></m:Message>"
    )


def request_for(msg_id: str) -> str:
    return f"<m:MessageRequest><m:MsgId>{escape(msg_id)}</m:MsgId></m:MessageRequest>"


def envelope(
    body: str, who: str = "manager", *, password: str | None = None, header_extra: str = ""
) -> bytes:
    user, secret = USERS[who]
    return (
        f'<s:Envelope xmlns:s="{SOAP}" xmlns:m="{MS}" xmlns:w="{WSSE}"><s:Header>'
        f"<w:Security><w:UsernameToken><w:Username>{user}</w:Username>"
        f"<w:Password>{escape(password if password is not None else secret)}</w:Password>"
        f"</w:UsernameToken></w:Security>{CUSTOM_INFO}{header_extra}</s:Header>"
        f"<s:Body>{body}</s:Body></s:Envelope>"
    ).encode()


def call(
    client: httpx.Client,
    url: str,
    operation: str,
    data: bytes,
    *,
    content_type: str = "text/xml; charset=utf-8",
) -> httpx.Response:
    headers = {"Content-Type": content_type, "SOAPAction": f'"{MS}/{operation}"'}
    return client.post(url, content=data, headers=headers)


def error_code(response: httpx.Response) -> str | None:
    root = etree.fromstring(response.content)
    node = root.find(f".//{{{MS}}}FaultDetails/{{{MS}}}ErrorCode")
    return None if node is None else node.text


def msg_ids(response: httpx.Response) -> list[str]:
    root = etree.fromstring(response.content)
    return [el.text or "" for el in root.iterfind(f".//{{{MS}}}MessageList/{{{MS}}}MsgId")]


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table: compare before and after to prove nothing changed."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    conn.close()
    return rows
