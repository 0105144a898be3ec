"""Which National Finance Center transaction code carries each payroll item.

The mapping is data, ``timesheet/data/payroll_code_map.csv``, shipped with
NFC's own partial list of codes (``nfc_time_and_attendance_transaction_
codes_partial.csv`` and its ``.source.md``). Each row says how sure it is:

- ``confirmed``: the code is in NFC's list with that meaning;
- ``unconfirmed``: known only second-hand; payroll staff should check it;
- ``none``: no code was found; the line goes out with an empty code, to be
  keyed by hand.

Loading refuses a confirmed row whose code NFC's list lacks, and leave
without pay on 66 (which is administrative leave, not LWOP).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MAP_FILE = DATA / "payroll_code_map.csv"
NFC_CODES_FILE = DATA / "nfc_time_and_attendance_transaction_codes_partial.csv"
STATUSES = ("confirmed", "unconfirmed", "none")
ADMINISTRATIVE_LEAVE_CODE = "66"


class PayrollCodeError(ValueError):
    """The shipped mapping is wrong; the message says which row."""


@dataclass(frozen=True)
class PayrollCode:
    item: str
    transaction_code: str
    prefix: str
    status: str
    basis: str


@cache
def mapping() -> dict[str, PayrollCode]:
    return load(MAP_FILE, NFC_CODES_FILE)


def load(map_file: Path, nfc_codes_file: Path) -> dict[str, PayrollCode]:
    known = _nfc_codes(nfc_codes_file)
    codes: dict[str, PayrollCode] = {}
    with map_file.open(newline="") as rows:
        for row in csv.DictReader(rows):
            code = PayrollCode(**{name: value.strip() for name, value in row.items()})
            _check(code, known)
            if code.item in codes:
                raise PayrollCodeError(f"{code.item} is mapped twice.")
            codes[code.item] = code
    return codes


def _nfc_codes(nfc_codes_file: Path) -> set[str]:
    with nfc_codes_file.open(newline="") as rows:
        return {row["transaction_code"] for row in csv.DictReader(rows)}


def _check(code: PayrollCode, known: set[str]) -> None:
    if code.status not in STATUSES:
        raise PayrollCodeError(f"{code.item}: unknown status {code.status!r}.")
    if code.item == "LWOP" and code.transaction_code == ADMINISTRATIVE_LEAVE_CODE:
        raise PayrollCodeError("LWOP cannot be 66: 66 is administrative leave.")
    if (code.status == "none") != (code.transaction_code == ""):
        raise PayrollCodeError(
            f"{code.item}: a code is left empty exactly when its status is none."
        )
    if code.status == "confirmed" and code.transaction_code not in known:
        raise PayrollCodeError(
            f"{code.item}: {code.transaction_code} is not in NFC's list, so it "
            "cannot be confirmed."
        )
