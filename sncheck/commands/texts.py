"""The command line's own words, zh-TW (default) and English (``--lang en``), as the page has them in
``sncheck.web.texts``: config and usage errors, ``init``, ``import``, ``rules new-pack``, ``rules test``.

Findings bring their own messages (the rule files, ``sncheck.read.places``); these are what the
commands say around them. A text is looked up by key and filled with ``str.format``; every key has
both languages (a test checks it), so a command never falls back to the other language by accident;
English alone takes a plural word as a value (``{fixtures}``), which the zh text does not need.
"""

from __future__ import annotations

from typing import Any, Mapping

_ZH: dict[str, str] = {
    # errors that stop a run (exit 2)
    "config_error": "sncheck：設定檔有誤：{error}",
    "rule_file_error": "sncheck：規則檔有誤：{error}",
    "mapping_error": "sncheck：對照檔有誤：{error}",
    "unknown_rule_prefix": "sncheck：--select/--ignore：沒有任何規則代碼以 {prefixes} 開頭（`sncheck rules` 可列出全部規則）",
    "output_is_input": "sncheck：{option} {output} 是這次要讀的檔案（{path}）；請另取輸出檔名，以免蓋掉原檔",
    "output_exists": "sncheck：{output} 已存在；要覆寫請加 --force",
    "cannot_write": "sncheck：無法寫入 {output}：{reason}",
    "no_such_path": "sncheck：{path}：{reason}",
    "stdin_twice": "sncheck：「-」（標準輸入）只能指定一次",
    "stdin_name_without_stdin": "sncheck：--stdin-filename 是從標準輸入讀入的計畫的名稱：請在路徑中加上「-」",
    "stdin_roster": "sncheck：--stdin-filename {name}：標準輸入只當作計畫（YAML/JSON）讀取；名冊活頁簿或 CSV 請用檔名檢核",
    "path_problem": "{path}：{reason}",
    "roster_not_checked": "{path}：未檢核：{reason}",
    "prefixed": "sncheck：{message}",
    "apply_pack_format": "{value!r}：請寫成 規則包:起-迄，例如 ssn-phase2:115-119",
    "not_a_regular_file": "不是一般檔案（管線、裝置或通訊端）；請指定計畫檔或資料夾",
    "no_such_file": "找不到這個檔案",
    "unknown_format": "sncheck：不認得的輸出格式 {format}；可用：{available}",
    "annotate_one_file": "sncheck：--annotate 只寫一個活頁簿：請只檢查一個檔案（這次檢查了 {count} 個）",
    "annotate_xlsx": "sncheck：--annotate {path}：加註的活頁簿是 .xlsx 檔，請取名為 OUT.xlsx",
    "annotate_same_as_output": "sncheck：--annotate {path} 與 -o 指到同一個檔案；請用兩個不同的檔名",
    "cannot_write_report": "sncheck：無法把總表寫到 {folder}：{reason}",
    "unknown_rule": "sncheck：沒有規則 {rule}；現有規則：{rules}",
    "no_plan_files": "sncheck：找不到計畫檔（在資料夾中，計畫檔是內容含 'format: {marker}1' 的 .yaml/.yml/.json 檔）",
    # init
    "unknown_county": "sncheck：不認得的縣市 {county}；請填：{counties}",
    "wrote": "sncheck：已寫入 {output}",
    # import
    "template_written": "sncheck：範本已寫入 {path}",
    "roster_needed": "請指定名冊檔（.xlsx 或 .csv），或用 --template 路徑 取得範本",
    "imported": "sncheck：已匯入 {staff} 位人員、{teams} 個組別、{requests} 筆經費需求 → {where}",
    "standard_output": "標準輸出",
    "import_header": "由 sncheck import 從 {sheets} 產生；每筆資料上方的註解是它在試算表中的位置（工作表!列）",
    # rules new-pack
    "new_pack_failed": "sncheck：rules new-pack：{message}",
    "new_pack_bad_id": "--id {id}：只能用小寫英文字母、數字、「.」「_」「-」（例如 ssn-2.0）",
    "new_pack_folder_not_empty": "{folder} 已存在且不是空的；請指定新的資料夾（未寫入任何檔案）",
    "new_pack_unknown_source": "--from {id}：沒有已載入的規則包是這個代碼；已載入：{loaded}",
    "new_pack_id_taken": "--id {id} 是已載入的規則包 {pack}（{years}）的代碼：用 --rules 載入時，複本（{first}–{last}）"
                         "會取代它；請換一個代碼（未寫入任何檔案）",
    "new_pack_does_not_load": "複本無法載入：{error}",
    "new_pack_fixture_clash": "--fixtures {first} 與 {second} 都會複製到 tests/{name}；請改指定它們的資料夾（未寫入任何檔案）",
    "new_pack_bad_years": "--years {years}：請寫成 起-迄，起 ≤ 迄，例如 115-119",
    "new_pack_copied": "{folder}：規則包 {id}（{first}–{last}）複製自 {source}（{source_years}）：{rules} 條規則，"
                       "全部為 status: draft（草案）；檔案：{files}",
    "new_pack_fixtures": "  範例計畫（年度平移 {shift} 年）：複製 {count} 個，{passed} 個通過",
    "new_pack_fixtures_failing": "；{failing} 個需要修改（它們依賴資料表或規則條件中的年度 {years}）：{names}",
    "new_pack_run_fixtures": "  執行它們：sncheck rules test {tests} --rules {folder}",
    "new_pack_use": "  使用方式：sncheck check --rules {folder} 計畫檔；確認一條規則：把它的 status 改為 confirmed",
    # rules test
    "no_such_paths": "sncheck：找不到這些檔案或資料夾：{paths}",
    "no_fixtures": "sncheck：{paths} 中沒有範例計畫（內容含 'format: sncheck/plan@1' 的 YAML/JSON 檔）",
    "fixture_ok": "{path}：通過（{found} 項發現）",
    "draft_rules": "草案規則（status: draft，確認前以警告呈現）：{rules}",
    "fixtures_summary": "{count} 個範例計畫：{passed} 個通過、{failed} 個未通過",
}

_EN: dict[str, str] = {
    "config_error": "sncheck: config error: {error}",
    "rule_file_error": "sncheck: rule file error: {error}",
    "mapping_error": "sncheck: mapping file error: {error}",
    "unknown_rule_prefix": "sncheck: select/ignore: no rule id starts with {prefixes} (`sncheck rules` lists them)",
    "output_is_input": "sncheck: {option} {output} is an input of this run ({path}); choose another output file",
    "output_exists": "sncheck: {output} exists; use --force to overwrite",
    "cannot_write": "sncheck: cannot write {output}: {reason}",
    "no_such_path": "sncheck: {path}: {reason}",
    "stdin_twice": "sncheck: '-' (standard input) can be named once",
    "stdin_name_without_stdin": "sncheck: --stdin-filename names the plan read from standard input: add '-' to the paths",
    "stdin_roster": "sncheck: --stdin-filename {name}: standard input is read as a plan (YAML/JSON); check a roster "
                    "workbook or CSV by its file name",
    "path_problem": "{path}: {reason}",
    "roster_not_checked": "{path}: not checked: {reason}",
    "prefixed": "sncheck: {message}",
    "apply_pack_format": "{value!r}: write PACK:FROM-TO, e.g. ssn-phase2:115-119",
    "not_a_regular_file": "not a regular file (a pipe, device or socket); name a plan file or a folder",
    "no_such_file": "no such file",
    "unknown_format": "sncheck: unknown format {format}; available: {available}",
    "annotate_one_file": "sncheck: --annotate writes one workbook: check exactly one file ({count} checked)",
    "annotate_xlsx": "sncheck: --annotate {path}: the annotated workbook is an .xlsx file; name it OUT.xlsx",
    "annotate_same_as_output": "sncheck: --annotate {path} and -o name the same file; choose two files",
    "cannot_write_report": "sncheck: cannot write the report to {folder}: {reason}",
    "unknown_rule": "sncheck: no rule {rule}; rules: {rules}",
    "no_plan_files": "sncheck: no plan files found (in folders, a plan is a .yaml/.yml/.json file "
                     "containing 'format: {marker}1')",
    "unknown_county": "sncheck: unknown county {county}; one of: {counties}",
    "wrote": "sncheck: wrote {output}",
    "template_written": "sncheck: template written to {path}",
    "roster_needed": "give a ROSTER file (.xlsx or .csv), or --template PATH",
    "imported": "sncheck: imported {staff} staff, {teams} team(s), {requests} request(s) → {where}",
    "standard_output": "standard output",
    "import_header": "made by sncheck import from {sheets}; the comment above each item names its sheet and row",
    "new_pack_failed": "sncheck: rules new-pack: {message}",
    "new_pack_bad_id": "--id {id}: lower-case letters, digits, '.', '_' and '-' (e.g. ssn-2.0)",
    "new_pack_folder_not_empty": "{folder} exists and is not empty; name a new folder (nothing was written)",
    "new_pack_unknown_source": "--from {id}: no loaded pack has this id; loaded: {loaded}",
    "new_pack_id_taken": "--id {id} is the id of the loaded pack {pack} ({years}): loaded with --rules, the copy "
                         "({first}–{last}) would replace it; choose another id (nothing was written)",
    "new_pack_does_not_load": "the copy does not load: {error}",
    "new_pack_fixture_clash": "--fixtures {first} and {second} would both be copied to tests/{name}; name their "
                              "folders instead (nothing was written)",
    "new_pack_bad_years": "--years {years}: write FROM-TO with FROM <= TO, e.g. 115-119",
    "new_pack_copied": "{folder}: pack {id} ({first}–{last}) copied from {source} ({source_years}): {rules} rule(s), "
                       "all status: draft; files: {files}",
    "new_pack_fixtures": "  fixtures (years moved by {shift}): {count} copied, {passed} pass",
    "new_pack_fixtures_failing": "; {failing} need editing (they depend on the years {years} of a data table or "
                                 "a rule's condition): {names}",
    "new_pack_run_fixtures": "  run them: sncheck rules test {tests} --rules {folder}",
    "new_pack_use": "  use it: sncheck check --rules {folder} PLANS; confirm a rule by setting status: confirmed",
    "no_such_paths": "sncheck: no such file or folder: {paths}",
    "no_fixtures": "sncheck: no fixture plans (YAML/JSON with 'format: sncheck/plan@1') in {paths}",
    "fixture_ok": "{path}: ok ({found} {findings})",
    "draft_rules": "draft rules (status: draft, reported as warnings until confirmed): {rules}",
    "fixtures_summary": "{count} {fixtures}: {passed} passed, {failed} failed",
}

CLI_TEXTS: Mapping[str, Mapping[str, str]] = {"zh": _ZH, "en": _EN}


def say(key: str, lang: str | None, **values: Any) -> str:
    """The text ``key`` in ``lang`` (zh-TW unless English is asked for), filled with ``values``."""
    table = _EN if (lang or "").lower().startswith("en") else _ZH
    return table[key].format(**values)


def joined(items: Any, lang: str | None) -> str:
    """A list as each language writes it: 、 in zh, ", " in English."""
    return ("、" if not (lang or "").lower().startswith("en") else ", ").join(str(i) for i in items)
