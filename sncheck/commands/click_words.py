"""click's own messages (usage and parameter errors) in the run's language: zh-TW unless the run asks for
English, as the commands' own words (``sncheck.commands.texts``) are.

click words its errors in English through gettext (``_("No such option {name!r}.")``) and ships no
zh-TW catalog; gettext reads catalogs only from compiled .mo files (binary, kept out of git). So the
names click's modules call, ``_`` and ``ngettext``, are pointed at ``translate`` / ``translate_plural``
(``install``), which look the English text up in ``ZH`` while a sncheck command runs in zh (``speaking``,
around ``sncheck``'s ``main``) and return it unchanged otherwise: in an English run, and for any other
click program in the process. A message a later click words differently is not found and stays English;
tests/test_commands_click_words.py asserts the messages, so such an upgrade is seen.

The run's language is decided as the commands decide theirs: ``--lang`` (read from the arguments
themselves, since a usage error comes before click has read any option), else the project config's
``lang:`` for the commands that read one (check, batch, fix: ``--config FILE`` or the config nearest the
paths named), else zh-TW. Once the command has read its ``--lang`` or config (``remember_lang``), that
decides (``chosen``).

Not translated: help pages (every option's help is English in the code: translating them is a job of its
own), and with them the ``Usage:`` line an error repeats from the help; nor texts click words when a
command module is imported (option help, a path's "file"/"directory"), which would keep the language of
the first run in a process.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

# click's English text (its gettext message id) → zh-TW. Placeholders are click's; one may be left out
# (str.format ignores unused names): 「{value!r} 不是有效的數字」 for click's "integer"/"float".
ZH: dict[str, str] = {
    # every error: 「錯誤：…」 and the hint below the usage line
    "Error: {message}": "錯誤：{message}",
    "Try '{command} {option}' for help.": "輸入 '{command} {option}' 可看說明（英文）。",
    # a parameter's value
    "Invalid value: {message}": "值無效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值無效：{message}",
    "Missing argument": "缺少必要的引數",
    "Missing option": "缺少必要的選項",
    "Missing parameter": "缺少必要的參數",
    "Missing {param_type}": "缺少必要的{param_type}",
    "Missing parameter: {param_name}": "缺少必要的參數：{param_name}",
    "Value must be an iterable.": "值必須是多個項目。",
    # options, arguments, commands
    "No such option {name!r}.": "沒有 {name!r} 這個選項。",
    "No such command {name!r}.": "沒有 {name!r} 這個指令。",
    "Missing command.": "缺少指令。",
    "Option {name!r} does not take a value.": "選項 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "引數 {name!r} 需要 {nargs} 個值。",
    "Could not open file {filename!r}: {message}": "無法開啟檔案 {filename!r}：{message}",
    "unknown error": "不明的錯誤",
    "Aborted!": "已中止。",
    # the value of a typed parameter (click.Choice, IntRange, Path, ...)
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的數字。",
    "{value} is not in the range {range}.": "{value} 不在允許的範圍（{range}）內。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是非值；可填：{states}",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是檔案；這裡要填資料夾。",
    "{name} {filename!r} is a directory.": "{filename!r} 是資料夾；這裡要填檔案。",
    "{name} {filename!r} is not readable.": "{filename!r} 無法讀取。",
    "{name} {filename!r} is not writable.": "{filename!r} 無法寫入。",
    "{name} {filename!r} is not executable.": "{filename!r} 無法執行。",
}

# ngettext: click's singular text → (zh for one, zh for more); zh has no plural forms, but a few messages
# say something else for several (「其中之一」).
ZH_PLURAL: dict[str, tuple[str, str]] = {
    "Did you mean {possibility}?": ("您是不是要用 {possibility}？", "（您是不是要用其中之一：{possibilities}？）"),
    "Got unexpected extra argument ({args})": ("多了無法使用的引數（{args}）",) * 2,
    "Option {name!r} requires an argument.": ("選項 {name!r} 後面要接一個值。", "選項 {name!r} 後面要接 {nargs} 個值。"),
    "{value!r} is not {choice}.": ("{value!r} 不是可用的值；只能填 {choice}。", "{value!r} 不是可用的值；可填：{choices}。"),
    "{value!r} does not match the format {format}.": ("{value!r} 不符合格式 {format}。",
                                                        "{value!r} 不符合任何一種格式：{formats}。"),
    "{len_type} values are required, but {len_value} was given.": ("需要 {len_type} 個值，但給了 {len_value} 個。",) * 2,
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 個值，但只給了 1 個。", "需要 {nargs} 個值，但給了 {len} 個。"),
}

READS_CONFIG = ("check", "batch", "fix")  # the commands whose language the project config's lang: sets


@dataclass
class _Run:
    argv: tuple[str, ...]
    lang: str | None = None  # "zh"/"en" once known: ``chosen`` by the command, else from ``argv`` when needed

    def language(self) -> str:
        if self.lang is None:
            self.lang = language_of(self.argv)
        return self.lang


_RUN: ContextVar[_Run | None] = ContextVar("sncheck_click_words", default=None)


@contextmanager
def speaking(argv: Sequence[str]) -> Iterator[None]:
    """Around one run of the ``sncheck`` command: click's messages in its language."""
    token = _RUN.set(_Run(tuple(str(arg) for arg in argv)))
    try:
        yield
    finally:
        _RUN.reset(token)


def chosen(lang: str) -> None:
    """The command has read its ``--lang`` or the config's ``lang:`` (``"zh"``/``"en"``): that decides."""
    run = _RUN.get()
    if run is not None:
        run.lang = lang


def language() -> str:
    """The running command's language as click's messages have it ("zh" outside a run): for the words a
    command says in a parameter's callback, before it has read its config."""
    run = _RUN.get()
    return run.language() if run is not None else "zh"


def _zh() -> bool:
    run = _RUN.get()
    return run is not None and run.language() == "zh"


def translate(message: str) -> str:
    """gettext for click: the zh-TW text of ``message`` in a zh run, else ``message``."""
    zh = ZH.get(message)
    return zh if zh is not None and _zh() else message


def translate_plural(singular: str, plural: str, n: int) -> str:
    """ngettext for click."""
    zh = ZH_PLURAL.get(singular)
    if zh is not None and _zh():
        return zh[0] if n == 1 else zh[1]
    return singular if n == 1 else plural


def install() -> None:
    """Point click's modules at ``translate``; once is enough, and harmless again."""
    import click.core
    import click.exceptions
    import click.parser
    import click.types

    for module in (click.core, click.exceptions, click.parser, click.types):
        if hasattr(module, "_"):
            setattr(module, "_", translate)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", translate_plural)


def language_of(argv: Sequence[str]) -> str:
    """The run's language from its arguments: the last ``--lang`` (``--lang en``, ``--lang=en``), else the
    project config's ``lang:`` for a command that reads it, else zh. An unreadable config counts as none
    (the command says what is wrong with it)."""
    from sncheck.packs.messages import normalize_lang

    options, positional = _split(argv)
    lang = options.get("--lang")
    if lang is None and positional[:1] and positional[0] in READS_CONFIG:
        lang = _config_lang(options.get("--config"), positional[1:])
    return normalize_lang(lang)


def _split(argv: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(the last value of each ``--name value`` / ``--name=value``, the other words); after ``--`` all are words."""
    options: dict[str, str] = {}
    positional: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            positional.extend(words)
            break
        if word.startswith("--") and "=" in word:
            name, value = word.split("=", 1)
            options[name] = value
        elif word in ("--lang", "--config"):
            following = next(words, None)
            if following is not None:
                options[word] = following
        elif not word.startswith("-"):
            positional.append(word)
    return options, positional


def _config_lang(explicit: str | None, words: Sequence[str]) -> str | None:
    from sncheck.packs.config import ConfigError, discover

    try:
        paths = [Path(word) for word in words if Path(word).exists()]
        return discover(paths, Path(explicit) if explicit else None).lang
    except (ConfigError, OSError, ValueError):
        return None
