"""Code lists: values are the codes, with English and Dutch titles (checked by hand, codes.md)."""

from __future__ import annotations

import pytest

from dico_sdk.messages import (
    CodeList,
    EventCode,
    InvoiceAllowanceType,
    InvoiceType,
    MaintenanceType,
    MutationType,
    PaymentMethod,
    SpecialismCode,
    StatusCode,
    StatusDetailCode,
    UoMType,
    VATRateType,
    codelist,
)

# The codes of each list as published (codes.md), typed in by hand.
EXPECTED_CODES = {
    MaintenanceType: "MUT REN PLM REP PRE",
    SpecialismCode: "ELE LOO OVE SCH STU TIM TEG SLW GLS CVM INS",
    EventCode: "ONH REX VIN AIN VER AFH THD",
    PaymentMethod: "AFK ANS EHP REG GAR",
    StatusCode: "QUR AGE VAN REA ACC REV WEI QUA TGE ANN REG",
    StatusDetailCode: "VBW OHD BNT MIB AFR AWE BBT AFW AVW AFN",
    InvoiceType: "380 384",
    MutationType: "4 9",
    VATRateType: "AE E G K L M O S Z",
    InvoiceAllowanceType: "ADO ADR CAC",
    UoMType: "PCE MMT CMT MTR MTK MLT LTR MTQ GRM KGM TNE MIN HUR DAY WEE MON ANN SEC DD",
}


@pytest.mark.parametrize("enum", EXPECTED_CODES, ids=lambda e: e.__name__)
def test_codes_are_the_published_ones(enum: type[CodeList]) -> None:
    assert enum.codes() == tuple(EXPECTED_CODES[enum].split())


@pytest.mark.parametrize(
    ("member", "english", "dutch"),
    [
        (StatusCode.ACC, "Accepted", "Geaccepteerd"),
        (StatusCode.REV, "Response required", "Reactie Vereist"),
        (StatusCode.AGE, "Administratively completed", "Administratief gereed"),
        (EventCode.AIN, "Provide additional information", "Aanleveren aanvullende informatie"),
        (EventCode.AFH, "Tenant appointment", "Afspraak huurder"),
        (StatusDetailCode.BNT, "User not present", "Gebruiker niet aanwezig"),
        (MaintenanceType.MUT, "Tenant change (turnover)", "Mutatie"),
        (PaymentMethod.REG, "Time and materials", "Regie"),
        (SpecialismCode.CVM, "Central heating engineer", "CV Monteur"),
        (InvoiceType.VALUE_384, "Corrected invoice", "Correctiefactuur"),
        (MutationType.VALUE_9, "Original", "Origineel"),
        (VATRateType.AE, "VAT reverse charge", "BTW verlegd"),
        (UoMType.HUR, "Hour", "Uur"),
        (codelist.AttachmentType.PHO, "Photo", "Foto"),
        (
            codelist.CommonChargeType.AEM,
            "Clerical or administrative services",
            "Administratiekosten",
        ),
        (InvoiceAllowanceType.CAC, "Cash discount", "Kontante korting"),
    ],
)
def test_titles(member: CodeList, english: str, dutch: str) -> None:
    assert (member.title_en, member.title_nl) == (english, dutch)


def test_value_is_the_code_and_lookup_by_code_works() -> None:
    assert StatusCode("ACC") is StatusCode.ACC
    assert StatusCode.ACC.value == "ACC"
    assert MutationType("9") is MutationType.VALUE_9
    with pytest.raises(ValueError, match="OND"):
        StatusCode("OND")  # the older model's code is not in the 1.1 list


def test_numeric_codes_are_named_after_their_title_and_keep_xsdata_names() -> None:
    assert MutationType.ORIGINAL.value == "9"
    assert MutationType.VALUE_9 is MutationType.ORIGINAL
    assert [m.name for m in MutationType] == ["CHANGE", "ORIGINAL"]
    assert MutationType.codes() == ("4", "9")


def test_every_code_list_has_titles_in_both_languages() -> None:
    for value in vars(codelist).values():
        if isinstance(value, type) and issubclass(value, CodeList) and value is not CodeList:
            for member in value:
                assert member.title_en, member
                assert member.title_nl, member
