"""One spreadsheet cell → one plan value, keeping what cannot be converted as written.

Words come from ``sncheck/model/wording.yaml`` through the vocabulary (codes,
department names, unit words such as 點 after pay points, yes/no words and tick marks). A value that cannot
be converted (``社工師`` as a role, ``110/2/30`` as a date, ``三百`` as pay
points) is *not* dropped or guessed: it is kept as the
text the county wrote, so the plan check reports it (SCHEMA001, PARSE001) at
that cell. Dates accept what Excel and officers produce: real Excel dates,
ROC text (``110/1/1``, ``110.01.01``, ``民國110年1月1日``), compact ROC
numbers (``1100101``), ISO (``2021-01-01``) and ``20210101``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Mapping

from sncheck.model import vocabulary as vocab
from sncheck.model.dates import ImpossibleDate, parse_date
from sncheck.tabular.headers import Column

_COMPACT = re.compile(r"^(?P<y>\d{2,4})(?P<m>\d{2})(?P<d>\d{2})$")
_WIDTH = str.maketrans("０１２３４５６７８９（）／，．－　", "0123456789()/,.- ")
_AMOUNT = re.compile(r"^(?:NT\$|\$|新臺幣|新台幣)?\s*(?P<n>[-+]?[\d,]+(?:\.\d+)?)\s*(?:元)?$", re.IGNORECASE)


def text_of(value: Any) -> str:
    """A cell as text: 12.0 → "12", dates → ISO, strings stripped with full-width digits made ASCII."""
    if isinstance(value, bool):
        return vocab.YES if value else vocab.NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _clean(value: Any) -> str:
    return text_of(value).translate(_WIDTH).strip()


def convert(value: Any, column: Column, extra_codes: Mapping[str, str] | None = None) -> Any:
    """The plan value for ``value`` in ``column``; unconvertible text is returned as written."""
    codes = column.codes
    if codes is not None:
        if column.words:  # the column's own words first (是否公開甄選: 是 → open), then the field's
            extra_codes = {**dict(column.words), **(extra_codes or {})}
        code = to_code(value, codes, extra_codes)
        if code == text_of(value) and column.field == "profession" and code not in codes:
            return vocab.profession_of_department(code) or code  # 東海大學社會工作學系 → social_work
        return code
    if column.is_date:
        return to_date(value)
    if column.value in ("int", "number"):
        return to_int(_without_unit(value, vocab.NUMBER_UNITS.get(column.field, ())))
        # 12.5 stays 12.5: the schema says whether a fraction is allowed
    if column.value == "bool":
        return to_bool(value)
    return text_of(value)


def to_code(value: Any, codes: vocab.Vocabulary, extra: Mapping[str, str] | None = None) -> str:
    text = text_of(value)
    table = vocab.alias_table(codes)
    for candidate in (text, _clean(text), _clean(text).replace(" ", ""), text.lower()):
        if candidate in table:
            return table[candidate]
        if extra and candidate in extra:
            return extra[candidate]
    return text


def to_date(value: Any) -> str:
    """ISO text for a real date, else the text as written (an impossible date stays for PARSE001)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _clean(value)
    compact = _COMPACT.match(text)
    if compact:
        text = f"{compact.group('y')}-{compact.group('m')}-{compact.group('d')}"
    try:
        return parse_date(text).isoformat()
    except ImpossibleDate:
        return text
    except ValueError:
        return text_of(value)


def _without_unit(value: Any, units: tuple[str, ...]) -> Any:
    """``328點`` → ``328`` for a field whose unit words the wording file lists; anything else as it is."""
    if not isinstance(value, str) or not units:
        return value
    text = value.strip()
    for unit in sorted(units, key=len, reverse=True):
        if text.endswith(unit) and text[: -len(unit)].strip():
            return text[: -len(unit)].strip()
    return value


def to_int(value: Any) -> Any:
    if isinstance(value, bool):
        return text_of(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    match = _AMOUNT.match(_clean(value))
    if match:
        number = float(match.group("n").replace(",", ""))
        return int(number) if number.is_integer() else number
    return text_of(value)


def _as_written(words: tuple[str, ...]) -> frozenset[str]:
    """wording.yaml's yes or no words as a cell is compared with them (half-width, lower case)."""
    return frozenset(_clean(word).lower() for word in words)


_TRUE = _as_written(vocab.wording_in_use().yes_words)
_FALSE = _as_written(vocab.wording_in_use().no_words)


def to_bool(value: Any) -> Any:
    """True or False for a yes/no word or tick mark of wording.yaml ``yes_no``; other text as written."""
    if isinstance(value, bool):
        return value
    text = _clean(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text_of(value)
