"""Token values are whitespace-collapsed as the XSD reads them; free text keeps its lines."""

from __future__ import annotations

from dico_sdk import decode, encode
from dico_sdk.messages import StatusCode
from dico_sdk.testing import leaking_tap_instruction, minimal_maintenance_status


def test_token_values_are_bound_as_the_xsd_validated_them() -> None:
    text = encode(minimal_maintenance_status(), pretty=True).decode()
    text = text.replace("<GLN>8712345000011</GLN>", "<GLN>\n      8712345000011\n    </GLN>")
    text = text.replace(
        "<StatusNumber>ST-0001</StatusNumber>", "<StatusNumber> ST\t 0001 </StatusNumber>"
    )
    text = text.replace("<StatusCode>ACC</StatusCode>", "<StatusCode> ACC </StatusCode>")
    message = decode(text)
    assert message.buyer.gln == "8712345000011"
    assert message.status_number == "ST 0001"
    assert message.status_code is StatusCode.ACC


def test_simple_content_values_are_collapsed_too() -> None:
    text = encode(leaking_tap_instruction()).decode()
    text = text.replace(">CRT-004512<", ">  CRT-004512\n<")
    message = decode(text)
    assert message.supplier.additional_party_id[0].value == "CRT-004512"


def test_free_text_keeps_its_whitespace() -> None:
    lines = "Eerste regel.\n  Tweede regel, ingesprongen.  "
    message = minimal_maintenance_status(free_text=[lines])
    assert decode(encode(message, pretty=True)).free_text == [lines]
    instruction = leaking_tap_instruction(description="Lek.\n\nGraag  snel.")
    assert decode(encode(instruction)).description == "Lek.\n\nGraag  snel."
