"""The result page's question step: what a roster leaves open, the choices, and what each answer changes.

``sncheck.tabular.questions`` finds the questions (unknown columns, unknown words) and keeps the answers
in the mapping file's terms; this module puts them in the officer's words: each plan field by its zh-TW
header, each code by its zh-TW label, and for each choice the rule families it feeds, derived from the
loaded packs (``packs.field_uses``: 「這一欄將用來檢核「360俸點」規定」), never written per field here.
It also reads the answers back from the form (only choices the page offered are accepted) and writes
them as the mapping file (``tabular.mapping.mapping_text``) that ``--mapping`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from sncheck.batch.summary import FamilyLabels
from sncheck.model import vocabulary as vocab
from sncheck.packs.field_uses import families_by_field
from sncheck.packs.rulepacks import Pack
from sncheck.tabular.headers import COLUMNS, KINDS
from sncheck.tabular.mapping import ImportMapping, mapping_text
from sncheck.tabular.questions import (UNANSWERED, Answers, ColumnQuestion, Questions, UnitQuestion, ValueQuestion,
                                       target_name, with_answers)
from sncheck.web.texts import words
from sncheck.web.view import Group

NOT_USED = ""  # the form's value for 不使用 (a mapping's ``null``)
MAX_ANSWERS = 1000  # form fields read back; a roster's questions are a handful
MAX_TEXT = 500
_MAPPING_HINTS = ("對照檔", "--mapping", "mapping", "map it under")  # characters of a header or word read back from the form


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    effect: str
    selected: bool
    title: str = ""


@dataclass(frozen=True)
class QuestionView:
    """One question as the page shows it: its fieldset id, the choices, the effect of the current answer."""

    number: int
    anchor: str
    question: ColumnQuestion | ValueQuestion | UnitQuestion
    options: tuple[Option, ...]
    effect: str

    @property
    def answered(self) -> bool:
        return self.question.answer != UNANSWERED


@dataclass(frozen=True)
class Asking:
    """One roster's question step as the template shows it."""

    index: int  # the file's index on the page
    columns: tuple[QuestionView, ...]
    values: tuple[QuestionView, ...]
    signature: str
    answered: int
    units: tuple[QuestionView, ...] = ()

    @property
    def open(self) -> int:
        return len(self.columns) + len(self.values) + len(self.units) - self.answered


def asking(index: int, questions: Questions, packs: Sequence[Pack], plan_year: int | None, lang: str) -> Asking:
    w = words(lang)
    used = [p for p in packs if plan_year is None or p.covers(plan_year)] or list(packs)
    reading = families_by_field(used)
    labels = FamilyLabels.of(packs)

    def effect(field_key: str, template: str, **values: str) -> str:
        families = reading.get(field_key, ())
        if not families:
            return w["q_effect_none"].format(**values)
        names = w["list_sep"].join(w["q_family"].format(label=labels.label(f, lang)) for f in families)
        return template.format(families=names, **values)

    columns = []
    for number, column_question in enumerate(questions.columns):
        answer = column_question.answer
        options = [Option(UNANSWERED, w["q_undecided"], w["q_column_undecided"], answer == UNANSWERED),
                   Option(NOT_USED, w["q_not_used"], w["q_column_not_used"], answer is None)]
        for target, column in column_question.choices:
            options.append(Option(target, column.header if lang == "zh" else f"{column.header} ({column.field})",
                                  effect(f"{column.target}.{column.field}", w["q_column_effect"]), answer == target,
                                  column.help_zh if lang == "zh" else column.help_en))
        columns.append(_view(number, f"q-{index}-c{number}", column_question, options))
    values = []
    for number, value_question in enumerate(questions.values):
        key = f"{value_question.target}.{value_question.field}"
        options = [Option(UNANSWERED, w["q_undecided"], w["q_value_undecided"], value_question.answer == UNANSWERED)]
        for code, aliases in value_question.codes.items():
            label = aliases[0] if lang == "zh" else f"{code} ({aliases[0]})"
            options.append(Option(code, label, effect(key, w["q_value_effect"], word=value_question.word, label=label),
                                  value_question.answer == code))
        values.append(_view(number, f"q-{index}-v{number}", value_question, options))
    units = []
    for number, unit_question in enumerate(questions.units):
        options = [Option(UNANSWERED, w["q_undecided"], w["q_unit_undecided"], unit_question.answer == UNANSWERED)]
        for code, aliases in unit_question.codes.items():
            label = aliases[-1] if lang == "zh" else f"{code} ({aliases[-1]})"
            options.append(Option(code, label, w["q_unit_effect"].format(team=unit_question.team, label=label),
                                  unit_question.answer == code, aliases[0]))
        units.append(_view(number, f"q-{index}-u{number}", unit_question, options))
    return Asking(index, tuple(columns), tuple(values), questions.signature, questions.answered, tuple(units))


def _view(number: int, anchor: str, question: ColumnQuestion | ValueQuestion | UnitQuestion,
          options: list[Option]) -> QuestionView:
    chosen = next((o for o in options if o.selected), options[0])
    return QuestionView(number, anchor, question, tuple(options), chosen.effect)


def read_answers(form: Any) -> Answers:
    """The answers a question form sent (``UNANSWERED`` ones withdraw an answer: ``Answers.updated``): for
    column ``i`` the hidden ``column_kind_i`` / ``column_header_i`` and the choice ``column_i``; for value
    ``j`` ``value_field_j`` / ``value_word_j`` and ``value_j``; for unit ``k`` ``unit_team_k`` and ``unit_k``.
    A choice the page could not have offered (a field of no table, a code of no list) is left out."""
    headers: list[tuple[str, str, str | None]] = []
    values: list[tuple[str, str, str]] = []
    coded = {f: v for (_, f), v in vocab.FIELD_VOCABULARIES.items()}
    for i in range(MAX_ANSWERS):
        kind, header, choice = (form.get(f"column_kind_{i}"), form.get(f"column_header_{i}"), form.get(f"column_{i}"))
        if kind is None:
            break
        if kind not in KINDS or not header or len(header) > MAX_TEXT or choice is None:
            continue
        if choice in (UNANSWERED, NOT_USED):
            headers.append((kind, header, None if choice == NOT_USED else UNANSWERED))
        elif any(target_name(kind, c) == choice for c in COLUMNS[kind]):
            headers.append((kind, header, choice))
    for j in range(MAX_ANSWERS):
        name, word, choice = form.get(f"value_field_{j}"), form.get(f"value_word_{j}"), form.get(f"value_{j}")
        if name is None:
            break
        if name in coded and word and len(word) <= MAX_TEXT and (choice == UNANSWERED or choice in coded[name]):
            values.append((name, word, choice))
    units: list[tuple[str, str]] = []
    for k in range(MAX_ANSWERS):
        team, choice = form.get(f"unit_team_{k}"), form.get(f"unit_{k}")
        if team is None:
            break
        if team and len(team) <= MAX_TEXT and (choice == UNANSWERED or choice in vocab.UNIT_TYPES):
            units.append((team, choice))
    return Answers(tuple(headers), tuple(values), tuple(units))


def answers_mapping(uploaded: ImportMapping | None, answers: Answers, source: str, lang: str) -> str:
    """The mapping file of these answers (and of the mapping file uploaded with the roster, if any)."""
    return mapping_text(with_answers(uploaded or ImportMapping(), answers),
                        words(lang)["q_mapping_comment"].format(name=source))


def link_findings(groups: Iterable[Group], ask: Asking, lang: str) -> None:
    """Findings the questions answer point to them, in the officer's words: an unknown column's finding
    says to answer above (not to write a mapping file); a cell holding an unknown word links its question."""
    w = words(lang)
    at: dict[str, tuple[str, str]] = {}
    for view in (*ask.columns, *ask.values, *ask.units):
        question = view.question
        if isinstance(question, ColumnQuestion):
            for place in question.places:
                at[place] = (view.anchor, w["q_finding_column"].format(header=question.header))
        else:
            for cell in question.cells:
                at.setdefault(cell, (view.anchor, ""))
    header_rows = {(sheet, row): view.anchor for view in reversed(ask.columns)
                   if isinstance(view.question, ColumnQuestion) for sheet, row in view.question.header_rows}
    for group in groups:
        for i, finding in enumerate(group.findings):
            found = at.get(finding.location)
            if found is None and finding.rule == "IMPORT001":  # 標題列缺少必要欄位: perhaps an unknown column is it
                anchor = next((a for (sheet, row), a in header_rows.items() if sheet is not None and
                               finding.line == row and finding.location.startswith(f"{sheet} ")), None)
                found = (anchor, "") if anchor else None
            if found is None:
                continue
            anchor, message = found
            if finding.rule == "IMPORT002" and message:
                group.findings[i] = replace(finding, message=message, asks=anchor)
            elif finding.rule != "IMPORT002" and not message:
                group.findings[i] = replace(finding, asks=anchor)


def officer_words(groups: Iterable[Group], lang: str) -> None:
    """The page never sends an officer to a mapping file or a command-line option: a finding's trailing
    「…請用 --mapping 對照檔」 clause is left out here (the 給資訊人員 note of the question step says it)."""
    for group in groups:
        for i, finding in enumerate(group.findings):
            group.findings[i] = replace(finding, message=_without_mapping_hint(finding.message, lang))


def _without_mapping_hint(message: str, lang: str) -> str:
    separator = "；" if lang == "zh" else "; "
    head, _, tail = message.rpartition(separator)
    return head if head and any(hint in tail for hint in _MAPPING_HINTS) else message


__all__ = ["Asking", "asking", "read_answers", "answers_mapping", "link_findings", "officer_words"]
