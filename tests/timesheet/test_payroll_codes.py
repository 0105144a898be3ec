"""The shipped mapping from payroll items to NFC transaction codes."""

import pytest

from timesheet import payroll_codes
from timesheet.codes import TimeCode
from timesheet.pay_rules import Totals
from timesheet.payroll_codes import PayrollCodeError, load, mapping
from timesheet.payroll_file import SENT_AS_ENTERED, payroll_items

HEADER = "item,transaction_code,prefix,status,basis\n"


def test_the_verified_codes_are_confirmed_and_the_rest_flagged():
    codes = mapping()

    confirmed = {item for item, code in codes.items() if code.status == "confirmed"}
    assert confirmed == {
        "REGULAR_BASE",
        "SUNDAY_BASE",
        "SUNDAY_NIGHT_BASE",
        "NIGHT_BASE",
        "HOLIDAY_PREMIUM",
        "COMP_TIME_EARNED",
        "MILITARY",
        "ADMINISTRATIVE",
    }
    assert [codes[i].transaction_code for i in ("REGULAR_BASE", "NIGHT_BASE")] == [
        "01",
        "11",
    ]
    assert codes["ANNUAL"].status == codes["SICK"].status == "unconfirmed"
    assert codes["LWOP"].transaction_code == "71"
    assert codes["ADMINISTRATIVE"].transaction_code == "66"


def test_every_item_the_file_can_send_is_mapped():
    everything = Totals(
        by_code={code: 1 for code in TimeCode},
        regular=40,
        tour_overtime=1,
        night_differential=30,
        sunday_premium=8,
        holiday_premium=1,
        comp_time_earned=1,
        overtime=1,
        regular_night=20,
        sunday_night=4,
        tour_fill_in=1,
    )

    items = payroll_items(everything)

    assert set(items) <= set(mapping())
    assert len(items) == 9 + len(SENT_AS_ENTERED)
    # 40 regular + 1 fill-in = 37 - 8 Sunday - (20 - 4) night-only = 17.
    assert items["REGULAR_BASE"] == 17


def write_map(tmp_path, row):
    path = tmp_path / "map.csv"
    path.write_text(HEADER + row + "\n")
    return path


def test_leave_without_pay_is_never_66(tmp_path):
    path = write_map(tmp_path, "LWOP,66,,unconfirmed,wrong")

    with pytest.raises(PayrollCodeError, match="LWOP cannot be 66"):
        load(path, payroll_codes.NFC_CODES_FILE)


def test_a_code_missing_from_nfcs_list_cannot_be_confirmed(tmp_path):
    path = write_map(tmp_path, "ANNUAL,61,,confirmed,hearsay")

    with pytest.raises(PayrollCodeError, match="61 is not in NFC's list"):
        load(path, payroll_codes.NFC_CODES_FILE)


def test_an_empty_code_must_say_none(tmp_path):
    path = write_map(tmp_path, "COURT,,,unconfirmed,nothing")

    with pytest.raises(PayrollCodeError, match="COURT"):
        load(path, payroll_codes.NFC_CODES_FILE)
