"""An office-layout roster against the same staff in the template layout: `sncheck check` time of each.

Run: python bench/office_workbook_bench.py [N]   (default 3000 staff, 2 service stretches each).

The office workbook is built as a county keeps it (tests/office_workbooks.py): merged title and 資料基準日
rows, a two-row header with 人事經費來源 ticked in 中央補助 / 地方自籌 columns, people grouped by unit with a
小計 row and a blank row after each unit, a 合計 row, a footnote and a signature row, and the service history
on its own sheet keyed by 姓名. The reference is the same people in sncheck's template layout (人員名冊 +
服務年資 by 員工編號). Each is read, converted and checked (what `sncheck check roster.xlsx` does) three
times, interleaved; the best time of each is printed, and their ratio (target: office ≤ 1.5 × template).
Workbooks are generated in a temporary folder, never committed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from office_workbooks import Person, office_history_workbook, template_layout_workbook  # noqa: E402

from sncheck.engine.checker import Checker, Options  # noqa: E402
from sncheck.tabular.check import check_sources  # noqa: E402
from sncheck.tabular.convert import ImportSettings, Sources  # noqa: E402

ROLES = ["社工員", "社工員", "社工員", "資深社工", "督導", "社工員", "關懷訪視員"]
UNITS = [f"第{n}區社福中心" for n in range(30)] + ["家防中心"]


def people(n: int) -> list[Person]:
    out = []
    for i in range(n):
        protective = "是" if i % 3 == 0 else "否"
        out.append(Person(f"人員{i:05d}", role=ROLES[i % len(ROLES)], funding="中央補助" if i % 5 else "地方自籌",
                          pay=328 + i % 40, protective=protective, unit=UNITS[i * len(UNITS) // n],
                          group=f"{i % 3 + 1}組",
                          history=[("105/1/1", "109/12/31", "地方自聘", "否", "社會局"),
                                   ("110/1/1", None, "社安網預算", protective, "社會局")]))
    return out


def timed(checker: Checker, path: Path) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    result, conversion = check_sources(checker, Sources(path), ImportSettings("高雄市", 111))
    staff = len(conversion.data["staff"]) if conversion else 0
    return time.perf_counter() - t0, staff, len(result.findings)


def main(n: int) -> None:
    checker = Checker(Options(load_entry_points=False))
    staff = people(n)
    with tempfile.TemporaryDirectory() as folder:
        office = office_history_workbook(Path(folder) / "office.xlsx", staff)
        template = template_layout_workbook(Path(folder) / "template.xlsx", staff)
        runs = [(timed(checker, template), timed(checker, office)) for _ in range(3)]  # interleaved: a busy
        t_template, n_template, f_template = min(t for t, _ in runs)  # machine slows both alike
        t_office, n_office, f_office = min(o for _, o in runs)
    assert n_office == n_template == n, (n_office, n_template)
    print(f"template layout: {n_template} staff, {f_template} findings, {t_template:.2f}s")
    print(f"office layout:   {n_office} staff, {f_office} findings, {t_office:.2f}s")
    print(f"ratio office/template: {t_office / t_template:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000)
