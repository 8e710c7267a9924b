"""Issue 21: the command line's own words are zh-TW by default and English with --lang en (config and
usage errors, init, import, rules new-pack, rules test), from one catalogue (sncheck/commands/texts.py)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from sncheck.cli import main
from sncheck.commands.texts import CLI_TEXTS


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr if result.stderr else result.output


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_has_both_languages_with_the_same_values():
    assert CLI_TEXTS["zh"].keys() == CLI_TEXTS["en"].keys()
    for key, zh in CLI_TEXTS["zh"].items():
        en = CLI_TEXTS["en"][key]
        plural_words = {"fixtures", "findings"} & fields(en)  # English only: zh has no plural
        assert fields(zh) == fields(en) - plural_words, key


@pytest.mark.parametrize("lang, expected", [
    ((), "sncheck：不認得的縣市 '台中'；請填：臺北市、"),
    (("--lang", "en"), "sncheck: unknown county '台中'; one of: 臺北市、"),
])
def test_init_unknown_county(lang, expected):
    code, out = run("init", "--county", "台中", "--year", "111", *lang)
    assert code == 2 and out.startswith(expected)


@pytest.mark.parametrize("lang, expected", [((), "sncheck：{path} 已存在；要覆寫請加 --force\n"),
                                            (("--lang", "en"), "sncheck: {path} exists; use --force to overwrite\n")])
def test_init_refuses_an_existing_file(tmp_path, lang, expected):
    path = tmp_path / "plan.yaml"
    path.write_text("mine", encoding="utf-8")
    code, out = run("init", "--county", "臺中市", "--year", "111", "-o", str(path), *lang)
    assert code == 2 and out == expected.format(path=path) and path.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("lang, expected", [((), "錯誤：請指定名冊檔（.xlsx 或 .csv），或用 --template 路徑 取得範本"),
                                            (("--lang", "en"), "Error: give a ROSTER file (.xlsx or .csv), or --template PATH")])
def test_import_usage_error(lang, expected):
    code, out = run("import", *lang)
    assert code == 2 and expected in out


@pytest.mark.parametrize("lang, expected", [
    ((), "sncheck：名冊需要縣市：請加上 --county（或在對照檔或 .sncheck.yaml 寫 county:，或把檔名取為含縣市，"
         "例如 臺中市-111.xlsx）\n"),
    (("--lang", "en"), "sncheck: a roster needs --county (or county: in the mapping file or .sncheck.yaml, or a file "
                       "name naming one county, e.g. 臺中市-111.xlsx)\n")])
def test_import_without_county(tmp_path, lang, expected):
    roster = tmp_path / "roster.csv"
    roster.write_text("員工編號,單位/組別,職稱,經費來源\nS1,東區社福中心,社工員,中央補助\n", encoding="utf-8")
    code, out = run("import", str(roster), *lang)
    assert code == 2 and out == expected


@pytest.mark.parametrize("lang, expected", [
    ((), "sncheck：設定檔有誤：{path}:1：bogus：不認得的設定；可用：select、ignore、severity、params、rule_dirs、"
         "apply_packs、lang、county、plan_year、strict、limits\n"),
    (("--lang", "en"), "sncheck: config error: {path}:1: bogus: unknown key; allowed: select, ignore, severity, "
                       "params, rule_dirs, apply_packs, lang, county, plan_year, strict, limits\n")])
def test_config_error(tmp_path, lang, expected):
    config = tmp_path / "config.yaml"
    config.write_text("bogus: 1\n", encoding="utf-8")
    code, out = run("check", str(Path(__file__).resolve().parent.parent / "examples" / "taichung-111.yaml"), "--config", str(config), *lang)
    assert code == 2 and out == expected.format(path=config)


@pytest.mark.parametrize("lang, expected", [
    ((), "sncheck：rules new-pack：--id 'X Y'：只能用小寫英文字母、數字、「.」「_」「-」（例如 ssn-2.0）\n"),
    (("--lang", "en"), "sncheck: rules new-pack: --id 'X Y': lower-case letters, digits, '.', '_' and '-' (e.g. ssn-2.0)\n")])
def test_rules_new_pack_error(tmp_path, lang, expected):
    code, out = run("rules", "new-pack", str(tmp_path / "new"), "--from", "ssn-phase2", "--years", "115-119",
                    "--id", "X Y", *lang)
    assert code == 2 and out == expected


@pytest.mark.parametrize("lang, expected", [((), "sncheck：找不到這些檔案或資料夾：{path}\n"),
                                            (("--lang", "en"), "sncheck: no such file or folder: {path}\n")])
def test_rules_test_missing_folder(tmp_path, lang, expected):
    code, out = run("rules", "test", str(tmp_path / "none"), *lang)
    assert code == 2 and out == expected.format(path=tmp_path / "none")
