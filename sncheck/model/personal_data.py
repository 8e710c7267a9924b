"""Personal data (個資): staff names and national ID numbers never leave sncheck unmasked.

Names are printed only with ``--show-personal-data``; national ID numbers are
always masked (``A12****789``): a report never needs the whole number, and
the county has its file. ``Redactor`` is the one place that enforces this on
every finding (message, fix text, suppression reason, extra values) after all
stages and plugins ran, so a third-party check or a SCHEMA001 message that
echoes a value cannot leak either. Patches are left as they are: they hold
the values a fix writes, and no shipped rule writes a name or an ID.

ID formats accepted (each with the standard checksum):

- 國民身分證統一編號: a letter (the issuing area) + ``1``/``2`` + 8 digits;
- 新式外來人口統一證號 (from 2021-01-02, Ministry of the Interior / National
  Immigration Agency, CNA 2020-12-16: "比照身分證字號編碼原則…第2碼設計為「8」跟「9」"):
  a letter + ``8``/``9`` + 8 digits;
- 舊式統一證號 (valid until 2030-12-31): two letters (the second ``A``–``D``)
  + 8 digits; the second letter counts as the units digit of its area code.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterable

from sncheck.model.findings import Finding, Fix

# Area letter -> two-digit code (內政部 身分證統一編號 編碼原則).
AREA_CODES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
ID_SHAPE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][0-9A-Da-d][0-9]{8}(?![0-9])")
_VALID_SHAPE = re.compile(r"[A-Z](?:[1289][0-9]{8}|[A-D][0-9]{8})")


def is_valid_national_id(value: str) -> bool:
    """Format and checksum of a national ID or resident certificate (統一證號) number."""
    if not isinstance(value, str) or not _VALID_SHAPE.fullmatch(value):
        return False
    area = AREA_CODES[value[0]]
    second = value[1]
    second_digit = AREA_CODES[second] % 10 if second.isalpha() else int(second)
    digits = [area // 10, area % 10, second_digit, *(int(c) for c in value[2:])]
    return sum(w * d for w, d in zip(_WEIGHTS, digits)) % 10 == 0


def mask_id(value: str) -> str:
    """``A123456789`` -> ``A12****789``; anything shorter than 8 characters is fully masked."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


def mask_ids_in(text: str) -> str:
    """Mask every ID-shaped token (valid or not) in free text."""
    return ID_SHAPE.sub(lambda m: mask_id(m.group()), text)


NAME_HIDDEN = {"zh": "〔姓名已隱藏〕", "en": "[name hidden]"}
PERSONAL_HIDDEN = {"zh": "〔個資已隱藏〕", "en": "[personal data hidden]"}
# Headers of a county's own columns that hold a person's contact or birth details (a 聯絡電話 column the page
# asks about): their cells are personal data like names, shown only when the officer asks for them.
_CONTACT_WORDS = ("電話", "手機", "行動", "地址", "住址", "戶籍", "email", "e-mail", "電子郵件", "信箱", "生日", "出生")


def is_contact_header(header: str) -> bool:
    """Whether a column header names a person's contact or birth details."""
    text = header.lower()
    return any(word in text for word in _CONTACT_WORDS)
PERSONAL_FIELDS = ("name", "national_id")


def is_personal_pointer(pointer: str) -> bool:
    """``/staff/3``, ``/staff/3/name`` or ``/staff/3/national_id``: values there may be personal data."""
    parts = pointer.split("/")
    return len(parts) >= 3 and parts[1] == "staff" and (len(parts) == 3 or parts[3] in PERSONAL_FIELDS)


def staff_names(data: Any) -> set[str]:
    """Every name written for a staff member (also in a malformed staff section), two characters or more."""
    staff = data.get("staff") if isinstance(data, dict) else None
    items: Iterable[Any] = staff.values() if isinstance(staff, dict) else staff if isinstance(staff, list) else ()
    names: set[str] = set()
    for item in items:
        if isinstance(item, str):
            names.add(item.strip())  # a roster written as a list of names
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.add(item["name"].strip())
    # A name has a letter (CJK or Latin): a count such as "16" in the 姓名 column of a 合計 row is no name,
    # and masking it would garble every "16" of every message, cell references included.
    return {n for n in names if len(n) >= 2 and any(c.isalpha() for c in n)}


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A Latin-script name (``Lin``) is masked only as a whole word, not inside ``Linda`` or ``Berlin``;
    CJK text has no spaces between words, so a CJK name is masked wherever it stands."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not ((text[start].isascii() and (before.isascii() and before.isalnum()))
                or (text[end - 1].isascii() and (after.isascii() and after.isalnum())))


class Redactor:
    """Masks IDs always and, unless names may be shown, staff names, in everything a finding prints."""

    def __init__(self, names: Iterable[str] = (), lang: str = "zh", show_names: bool = False) -> None:
        self.names = frozenset(() if show_names else names)
        self.lengths = sorted({len(n) for n in self.names}, reverse=True)
        self.hidden = NAME_HIDDEN.get(lang, NAME_HIDDEN["en"])
        # Only where a name's first character stands can a name start: the regex skips to those places
        # in C, and the text between them is copied whole (re caches the pattern across files).
        firsts = "".join(sorted({n[0] for n in self.names if n}))
        self._starts = re.compile("[" + re.escape(firsts) + "]") if firsts and "" not in self.names else None

    def text(self, text: str) -> str:
        text = mask_ids_in(text)
        if not self.names or not text:
            return text
        if self._starts is None:
            return self._text_by_character(text)
        out: list[str] = []
        i = 0
        search = self._starts.search
        while (found := search(text, i)) is not None:
            start = found.start()
            for length in self.lengths:  # longest name first
                if text[start:start + length] in self.names and _stands_alone(text, start, min(start + length, len(text))):
                    out.append(text[i:start])
                    out.append(self.hidden)
                    i = start + length
                    break
            else:
                out.append(text[i:start + 1])
                i = start + 1
        out.append(text[i:])
        return "".join(out)

    def _text_by_character(self, text: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(text):
            for length in self.lengths:  # longest name first; set lookups keep this linear in len(text)
                if text[i:i + length] in self.names and _stands_alone(text, i, min(i + length, len(text))):
                    out.append(self.hidden)
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.value(v) for v in value)
        return value

    def finding(self, finding: Finding) -> Finding:
        """Also the pointer: a plan keyed by names (``staff: {王小明: …}``) has them in its pointers."""
        fix = finding.fix
        if fix is not None and fix.description:
            fix = Fix(self.text(fix.description), fix.patch, fix.applicability)
        return replace(
            finding,
            message=self.text(finding.message),
            pointer=self.text(finding.pointer),
            fix=fix,
            suppressed=self.text(finding.suppressed) if finding.suppressed is not None else None,
            extra=self.value(dict(finding.extra)),
        )
