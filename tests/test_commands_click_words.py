"""click's own usage and parameter errors are zh-TW by default and English with --lang en or a project
config's lang: en (a user trial: a county officer's mistyped option got click's English), exit 2 either way.

sncheck/commands/click_words.py has why and how (click's gettext names pointed at a zh-TW table).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli_run import sncheck, write
from serve_helpers import EXAMPLES, ROOT

PLAN = str(EXAMPLES / "taichung-111.yaml")

USAGE_CHECK = "Usage: sncheck check [OPTIONS] PATHS...\n"
HINT_CHECK_ZH = "輸入 'sncheck check --help' 可看說明（英文）。\n\n"
HINT_CHECK_EN = "Try 'sncheck check --help' for help.\n\n"

# (arguments, zh-TW stderr, English stderr with --lang en)
CASES = [
    (["check"],
     USAGE_CHECK + HINT_CHECK_ZH + "錯誤：缺少必要的引數 'PATHS...'.\n",
     USAGE_CHECK + HINT_CHECK_EN + "Error: Missing argument 'PATHS...'.\n"),
    (["check", PLAN, "--bogus"],
     USAGE_CHECK + HINT_CHECK_ZH + "錯誤：沒有 '--bogus' 這個選項。\n",
     USAGE_CHECK + HINT_CHECK_EN + "Error: No such option '--bogus'.\n"),
    (["check", PLAN, "--plan-year", "111"],
     USAGE_CHECK + HINT_CHECK_ZH + "錯誤：沒有 '--plan-year' 這個選項。 您是不是要用 '--year'？\n",
     USAGE_CHECK + HINT_CHECK_EN + "Error: No such option '--plan-year'. Did you mean '--year'?\n"),
    (["chekc", PLAN],
     "Usage: sncheck [OPTIONS] COMMAND [ARGS]...\n輸入 'sncheck --help' 可看說明（英文）。\n\n錯誤：沒有 'chekc' 這個指令。\n",
     "Usage: sncheck [OPTIONS] COMMAND [ARGS]...\nTry 'sncheck --help' for help.\n\nError: No such command 'chekc'.\n"),
    (["batch", "-j", "0", PLAN],
     "Usage: sncheck batch [OPTIONS] PATHS...\n輸入 'sncheck batch --help' 可看說明（英文）。\n\n"
     "錯誤：'--jobs' / '-j' 的值無效：0 不在允許的範圍（x>=1）內。\n",
     "Usage: sncheck batch [OPTIONS] PATHS...\nTry 'sncheck batch --help' for help.\n\n"
     "Error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1.\n"),
    (["init", "--county", "臺中市", "--year", "abc"],
     "Usage: sncheck init [OPTIONS]\n輸入 'sncheck init --help' 可看說明（英文）。\n\n錯誤：'--year' 的值無效：'abc' 不是有效的數字。\n",
     "Usage: sncheck init [OPTIONS]\nTry 'sncheck init --help' for help.\n\n"
     "Error: Invalid value for '--year': 'abc' is not a valid integer range.\n"),
    (["check", "--apply-pack", "phase2", PLAN],
     USAGE_CHECK + HINT_CHECK_ZH + "錯誤：'--apply-pack' 的值無效：'phase2'：請寫成 規則包:起-迄，例如 ssn-phase2:115-119\n",
     USAGE_CHECK + HINT_CHECK_EN + "Error: Invalid value for '--apply-pack': 'phase2': write PACK:FROM-TO, e.g. "
                                   "ssn-phase2:115-119\n"),
    (["rules", "show"],
     "Usage: sncheck rules show [OPTIONS] RULE_ID\n輸入 'sncheck rules show --help' 可看說明（英文）。\n\n"
     "錯誤：缺少必要的引數 'RULE_ID'.\n",
     "Usage: sncheck rules show [OPTIONS] RULE_ID\nTry 'sncheck rules show --help' for help.\n\n"
     "Error: Missing argument 'RULE_ID'.\n"),
]


@pytest.mark.parametrize("args, zh, en", CASES, ids=[" ".join("plan.yaml" if a == PLAN else a for a in args)
                                                       for args, _, _ in CASES])
def test_click_usage_errors_are_zh_by_default_and_english_with_lang_en(args: list[str], zh: str, en: str) -> None:
    run = sncheck(args)
    assert (run.exit_code, run.stderr) == (2, zh)
    run = sncheck([*args, "--lang", "en"])
    assert (run.exit_code, run.stderr) == (2, en)


@pytest.mark.parametrize("place", ["first", "last"])
def test_lang_en_counts_wherever_it_is_written(place: str) -> None:
    """A usage error stops click before it reads --lang: the words are chosen from the arguments themselves."""
    args = ["--lang=en", PLAN, "--bogus"] if place == "first" else [PLAN, "--bogus", "--lang", "en"]
    run = sncheck(["check", *args])
    assert (run.exit_code, run.stderr.splitlines()[-1]) == (2, "Error: No such option '--bogus'.")


def test_a_bad_lang_value_is_said_in_zh() -> None:
    run = sncheck(["check", PLAN, "--lang", "fr"])
    assert run.exit_code == 2
    assert run.stderr.splitlines()[-1] == "錯誤：'--lang' 的值無效：'fr' 不是可用的值；可填：" + \
        ", ".join(repr(v) for v in click.Choice(["zh-TW", "zh", "en"], case_sensitive=False).choices).lower() + "。"


def test_a_project_config_asking_for_english_makes_click_english_too(tmp_path: Path) -> None:
    """As the commands' own words: the config's lang: en (check, batch and fix read it), unless --lang says."""
    write(tmp_path / ".sncheck.yaml", "lang: en\n")
    plan = write(tmp_path / "plan.yaml", Path(PLAN).read_text(encoding="utf-8"))
    assert sncheck(["check", str(plan), "--bogus"]).stderr.splitlines()[-1] == "Error: No such option '--bogus'."
    assert sncheck(["check", "--bogus"], cwd=tmp_path).stderr.splitlines()[-1] == "Error: No such option '--bogus'."
    assert sncheck(["check", str(plan), "--bogus", "--lang", "zh-TW"]).stderr.splitlines()[-1] == \
        "錯誤：沒有 '--bogus' 這個選項。"
    # a usage error the command raises after reading the config: English too (import does not read it)
    run = sncheck(["check", str(plan), "--apply-pack", "x"])
    assert (run.exit_code, run.stderr.splitlines()[-1]) == \
        (2, "Error: Invalid value for '--apply-pack': 'x': write PACK:FROM-TO, e.g. ssn-phase2:115-119")


@pytest.mark.parametrize("lang, expected", [
    ((), ["sncheck：不認得的輸出格式 'nope'；可用：github, json, junit, markdown, sarif, text"]),
    (("--lang", "en"), ["sncheck: unknown format 'nope'; available: github, json, junit, markdown, sarif, text"])])
def test_a_bad_format_value(lang: tuple[str, ...], expected: list[str]) -> None:
    run = sncheck(["check", PLAN, "--format", "nope", *lang])
    assert (run.exit_code, run.stderr.splitlines()) == (2, expected)


@pytest.mark.parametrize("lang, expected", [
    ((), ["sncheck：{path}：找不到這個檔案"]),
    (("--lang", "en"), ["sncheck: {path}: no such file"])])
def test_a_missing_file(tmp_path: Path, lang: tuple[str, ...], expected: list[str]) -> None:
    missing = tmp_path / "名冊.xlsx"
    run = sncheck(["check", str(missing), *lang])
    assert (run.exit_code, run.stderr.splitlines()) == (2, [line.format(path=missing) for line in expected])


def test_import_usage_error_says_error_in_zh() -> None:
    run = sncheck(["import"])
    assert (run.exit_code, run.stderr.splitlines()[-1]) == (2, "錯誤：請指定名冊檔（.xlsx 或 .csv），或用 --template 路徑 取得範本")


def test_the_help_page_stays_as_click_words_it() -> None:
    """Help is not translated (every option's help is English in the code): the same in both languages."""
    zh, en = sncheck(["check", "--help"]), sncheck(["check", "--help", "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0 and zh.stdout == en.stdout
    assert zh.stdout.startswith(USAGE_CHECK) and "Show this message and exit." in zh.stdout


def test_other_click_programs_in_the_process_keep_english() -> None:
    """click's names are pointed at sncheck's table for good once sncheck ran; outside a sncheck run they
    say click's English."""
    sncheck(["check", PLAN, "--bogus"])

    @click.command()
    def other() -> None:
        pass

    result = CliRunner().invoke(other, ["--bogus"])
    assert result.exit_code == 2 and "Error: No such option '--bogus'." in result.output


def test_the_installed_command_speaks_zh() -> None:
    """``python -m sncheck``: the arguments come from sys.argv, not click's runner."""
    done = subprocess.run([sys.executable, "-m", "sncheck", "check", "--bogus", PLAN], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert (done.returncode, done.stderr.splitlines()[-1]) == (2, "錯誤：沒有 '--bogus' 這個選項。")
