"""Message rendering: codes read as zh-TW labels, ids the county chose stay as written."""

from __future__ import annotations

from datetime import date

from sncheck.packs.messages import render

from plan_builder import PlanText, check_yaml, summary


def test_codes_become_zh_labels_and_ids_stay_verbatim():
    values = {"team": "other", "staff": "county", "request": "police", "moved": ["social_worker", "S2"],
              "unit_type": "police", "value": "psychology", "when": date(2023, 5, 1), "share": 0.7}
    template = "{team}/{staff}/{request}/{moved}/{unit_type}/{value}/{when}/{share}/{missing}"
    # issue 21: a staff id names a person (never a bare number), a date is ROC in zh
    assert render(template, values, "zh") == \
        "other/人員（編號 county）/police/人員（編號 social_worker、S2）/警察局/心理/112/05/01/0.7/{missing}"
    assert render(template, values, "en") == \
        "other/staff county/police/staff social_worker, S2/police/psychology/2023-05-01/0.7/{missing}"


def test_ids_equal_to_codes_are_not_translated_in_findings(checker):
    p = PlanText(teams=[{"id": "other", "unit_type": "社福中心"}],
                 staff=[{"id": "county", "team": "other", "role": "資深社工", "funding": "中央補助"}],
                 requests=[{"id": "police", "unit_type": "衛生局", "category": "設施設備",
                            "funding_source": "公益彩券盈餘", "amount": 1}])
    findings = check_yaml(checker, p.text)
    assert summary(findings) == [("FAC001", "/requests/0"), ("SEN002", "/staff/0")]
    fac, sen = sorted(findings, key=lambda f: f.rule)
    assert fac.message.startswith("申請 police（衛生局，111 年）")
    assert sen.message.startswith("人員（編號 county）列為資深社工")


def test_plain_templates_render_as_the_general_formatter_renders_them() -> None:
    """``render`` skips ``string.Formatter`` for plain ``{name}`` fields; the text must not change."""
    import datetime
    import re

    from sncheck.engine.checker import Checker, Options
    from sncheck.packs.messages import _Formatter, _Values, render
    from sncheck.read.places import PlanPlaces

    samples = [None, "social_worker", "other", ["T1", "other"], {"b", "a"}, datetime.date(2021, 1, 2), 2.50,
               True, 7, ("x",)]
    templates = ["{a}{{b}} {c} {team} {staff}", "{}", "{0}", "{a.b}", "{a!r}", "{a:>5}", "{a", "}", "{{}}"]
    for rule in Checker(Options()).all_rules():
        for text in (rule.message, rule.fix, *rule.fix_variants.values()):
            templates.extend((text or {}).values())
    assert len(templates) > 100
    for number, template in enumerate(templates):
        fields = re.findall(r"\{(\w+)", template)
        values = {f: samples[(number + i) % len(samples)] for i, f in enumerate(fields) if (number + i) % 11}
        for lang in ("zh", "en"):
            try:
                expected = _Formatter(lang, PlanPlaces({}, lang)).vformat(template, (), _Values(values))
            except (ValueError, IndexError, KeyError, AttributeError):
                expected = template
            assert render(template, values, lang) == expected, template
