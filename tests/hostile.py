"""Hostile inputs, generated (never committed): shared by tests/test_read_hostile_input.py and bench/hostile.py.

Each case is (file name, bytes, the PARSE001 reason it must produce). Sizes are
the ones the issue names: 100,000-deep nesting, a 1,000,000-item list, a
billion-laughs document, a 21 MB file, multi-megabyte scalars and keys.
"""

from __future__ import annotations

from typing import Callable

HostileCase = tuple[str, Callable[[], bytes], str]


def billion_laughs(levels: int = 10, width: int = 10) -> bytes:
    lines = [b"a0: &a0 [" + b",".join([b"lol"] * width) + b"]"]
    for i in range(1, levels):
        refs = b",".join([b"*a%d" % (i - 1)] * width)
        lines.append(b"a%d: &a%d [%s]" % (i, i, refs))
    return b"\n".join(lines) + b"\n"


def quadratic_aliases(n: int = 1000) -> bytes:
    """One n-item anchor referenced n times: O(n) text, O(n²) items once expanded."""
    big = b"- &big [" + b",".join([b"1"] * n) + b"]\n"
    return big + b"- *big\n" * n


CASES: dict[str, HostileCase] = {
    "yaml_flow_seq_100k_deep": ("p.yaml", lambda: b"[" * 100_000 + b"]" * 100_000, "depth"),
    "yaml_flow_map_100k_deep": ("p.yaml", lambda: b"{a: " * 100_000 + b"1" + b"}" * 100_000, "depth"),
    "yaml_block_500_deep": ("p.yaml", lambda: "".join(" " * i + "a:\n" for i in range(500)).encode(), "depth"),
    "json_array_100k_deep": ("p.json", lambda: b"[" * 100_000 + b"]" * 100_000, "depth"),
    "json_object_100k_deep": ("p.json", lambda: b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "depth"),
    "yaml_list_1m_items": ("p.yaml", lambda: b"- 1\n" * 1_000_000, "items"),
    "yaml_flow_list_1m_items": ("p.yaml", lambda: b"[" + b"1," * 1_000_000 + b"1]", "items"),
    "yaml_1m_keys": ("p.yaml", lambda: b"".join(b"k%d: 1\n" % i for i in range(1_000_000))[:19_000_000], "items"),
    "json_list_1m_items": ("p.json", lambda: b"[" + b"1," * 1_000_000 + b"1]", "items"),
    "billion_laughs": ("p.yaml", billion_laughs, "alias"),
    # the issue's: a 9 MB scalar used 2,000 times (160 s before issue 23; the item count stayed small)
    "yaml_9mb_scalar_2000_aliases": ("p.yaml", lambda: b"county: &big " + b"x" * 9_000_000
                                     + b"\nteams: [" + b"*big, " * 1999 + b"*big]\n", "alias"),
    "quadratic_aliases": ("p.yaml", quadratic_aliases, "alias"),
    "file_21mb": ("p.yaml", lambda: b"# " + b"x" * (21 * 1024 * 1024) + b"\n", "size"),
    "yaml_long_explicit_key": ("p.yaml", lambda: b"? " + b"k" * 2_000_000 + b"\n: 1\n", "key_length"),
    "json_long_key": ("p.json", lambda: b'{"' + b"k" * 2_000_000 + b'": 1}', "key_length"),
    "yaml_5000_digit_int": ("p.yaml", lambda: b"plan_year: " + b"7" * 5000 + b"\n", "syntax"),
    "json_5000_digit_int": ("p.json", lambda: b'{"plan_year": ' + b"7" * 5000 + b"}", "syntax"),
    "yaml_python_tag": ("p.yaml", lambda: b"a: 1\nb: !!python/object/apply:os.system ['true']\n", "syntax"),
}


# ------------------------------------------------------------------ rosters, rule packs: run as fresh processes

FRESH_RUN_TIMEOUT_S = 300  # the hang guard of one fresh process: only a real hang (or minutes of work) reaches it

_FRESH = """
import json, sys
from sncheck.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write("\\nFRESH-RUN " + json.dumps({"code": code, "peak_rss": peak * 1024}) + "\\n")
"""


def run_fresh(*args: str, cwd: str | None = None, timeout: float = FRESH_RUN_TIMEOUT_S) -> tuple[int, str, str, int]:
    """``sncheck ARGS`` in a fresh Python process: (exit code, stdout, stderr, the process's peak RSS in bytes:
    Linux's VmHWM, which exec resets; ``ru_maxrss`` would inherit the pytest process's peak).
    A fresh process so that one hostile case's memory is its own, and a hang is stopped by ``timeout``."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _FRESH, *args], capture_output=True, text=True, cwd=cwd,
                         timeout=timeout, check=False)
    head, _, tail = out.stderr.rpartition("\nFRESH-RUN ")
    if not _:
        raise AssertionError(f"the fresh run died: {out.returncode}\n{out.stderr[-2000:]}")
    status = json.loads(tail)
    code = status["code"]
    return (code if isinstance(code, int) else 1 if code else 0), out.stdout, head, status["peak_rss"]


def many_cells_csv(rows: int = 20_000, columns: int = 495) -> bytes:
    """Under the 20 MB byte limit, 10 million one-character cells (47 s and 2.95 GB before issue 23)."""
    header = ",".join(["員工編號", "單位/組別", "職稱", "經費來源"] + [f"c{i}" for i in range(columns - 4)])
    row = ",".join(["1"] * columns)
    return ("\ufeff" + header + "\n" + (row + "\n") * rows).encode()


def workbook_with_parts(parts: dict[str, bytes]) -> bytes:
    """A real (openpyxl-written) one-sheet workbook whose named parts are replaced by ``parts``."""
    import io
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "人員名冊"
    book.active.append(["員工編號", "單位/組別", "職稱", "經費來源"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            target.writestr(name, parts.get(name, source.read(name)))
        for name in sorted(set(parts) - set(names)):
            target.writestr(name, parts[name])
    return out.getvalue()


def _sheet_xml(rows: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f'{rows}</sheetData></worksheet>').encode()


def shared_string_bomb(uses: int = 20_000, chars: int = 1_000_000) -> bytes:
    """One shared string of ``chars`` characters used in ``uses`` cells: ~50 KB zipped, 20 GB as cells."""
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               f'<si><t>{"社" * chars}</t></si></sst>').encode()
    header = "".join(f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
                     for col, text in zip("ABCD", ["員工編號", "單位/組別", "職稱", "經費來源"]))
    rows = f'<row r="1">{header}</row>' + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>W{n}</t></is></c><c r="B{n}" t="s"><v>0</v></c></row>'
        for n in range(2, uses + 2))
    return workbook_with_parts({"xl/sharedStrings.xml": strings, "xl/worksheets/sheet1.xml": _sheet_xml(rows),
                                "[Content_Types].xml": _CONTENT_TYPES_WITH_SHARED_STRINGS})


_CONTENT_TYPES_WITH_SHARED_STRINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b'</Types>')


def entity_bomb_workbook(levels: int = 8, width: int = 10) -> bytes:
    """A sheet whose one cell is an entity expanding to width**levels copies (the issue's: 1 GB)."""
    entities = '<!ENTITY e0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * width}">' for i in range(1, levels + 1))
    doctype = f"<!DOCTYPE worksheet [{entities}]>"
    return workbook_with_parts({"xl/worksheets/sheet1.xml": _sheet_xml(
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>&e{levels};</t></is></c></row>', doctype)})


# Rosters, checked through the tabular reader (bench/hostile.py measures them beside CASES):
# (file name, bytes, what the refusal's message says).
ROSTER_CASES: dict[str, HostileCase] = {
    "csv_10m_small_cells": ("roster.csv", many_cells_csv, "filled cells"),
    "xlsx_shared_string_20k_uses": ("roster.xlsx", shared_string_bomb, "characters"),
    "xlsx_entity_bomb": ("roster.xlsx", entity_bomb_workbook, "<!DOCTYPE"),
}
