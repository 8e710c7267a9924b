"""The Flask application of ``sncheck serve``: upload form, result page, downloads.

Pages are rendered on the server (Jinja2, autoescaped: a plan value or a file name ``<script>`` is
text); CSS and the small drag-and-drop script are package data under ``static/`` (no CDN, no network).
The Content-Security-Policy allows only this server's own scripts and styles, so even a value that
slipped past escaping could not run.

Every check runs the command line's code (``run.check_upload`` per file, then ``run.checked_together``), and
every heavy download too, as a job (``web/jobs.py``) of the worker pool (``web/workers.py``): with
``sncheck serve`` each in a worker process with a time and a memory limit, so the form, results already
computed and other officers' uploads never wait for one runaway check (the form waited 129 s before issue 23),
and a runaway is stopped with a clear message (its file's PARSE001). The server process only renders pages.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from flask import Flask, Response, abort, g, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from sncheck.batch.summary import FamilyLabels
from sncheck.engine.checker import Checker, Options
from sncheck.read.limits import Limits
from sncheck.packs.pack_use import Choice, partial_period_choice, validate_extensions
from sncheck.model.vocabulary import COUNTIES, canonical_county
from sncheck.tabular.questions import Answers, only_asked
from sncheck.web import security
from sncheck.web.asking import answers_mapping, asking, link_findings, officer_words, read_answers
from sncheck.web.downloads import findings_json, findings_markdown, round_verdict, unsafe_choice
from sncheck.web import jobs
from sncheck.web.run import Checked, CheckedFile, RunOptions, UploadChecked, checked_together
from sncheck.web.workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, Full, JobFailed, Stopped, Workers
from sncheck.web.footprint import footprint
from sncheck.web.store import KEEP_SECONDS, MAX_BYTES, Store
from sncheck.web.texts import words
from sncheck.web.uploads import Sorted, Upload, clean_name, sort_uploads, unique_names
from sncheck.web.view import (COLLAPSE_FROM, CONTENTS_FROM, checked_by, choice_label, family_counts, group_findings,
                   not_run, rule_contents, verdict)

MAX_FILES = 50
LANG_COOKIE = "sncheck_lang"


@dataclass
class ServeSettings:
    token: str | None = None  # required off loopback (commands/serve.py refuses to start without it)
    limits: Limits = field(default_factory=Limits)  # the CLI's: each file at most limits.max_bytes
    max_files: int = MAX_FILES
    keep_seconds: float = KEEP_SECONDS
    max_store_bytes: int = MAX_BYTES
    # Checks run in ``workers`` processes (0: in this process, one at a time: tests, embedding); this many
    # more may wait. Beyond that an upload gets 503 "busy, try again" at once, so waiting uploads never take
    # every server thread and the form always answers.
    max_waiting_checks: int = 2
    rule_dirs: tuple[Path, ...] = ()
    workers: int = 0  # `sncheck serve` runs 2 (--workers)
    check_seconds: float = DEFAULT_SECONDS  # each job's time limit in a worker
    check_memory_mb: int | None = DEFAULT_MEMORY_MB  # each worker's memory limit
    worker_setup: Callable[[], None] | None = None  # run in each new worker (tests: a check that hangs)
    clock: Callable[[], float] | None = None  # the time limits are measured in (tests: one they control)

    @property
    def max_request_bytes(self) -> int:
        """What one upload may total: five files at the size limit (a hostile 21 MB file still gets its
        PARSE001), plus the form."""
        return 5 * self.limits.max_bytes + 1024 * 1024


@dataclass
class Submission:  # what the store keeps for one upload
    uploads: Sorted
    options: RunOptions
    remembered: bool = False  # the answers came from the browser's memory (questions.js), not typed now
    cleared: bool = False  # the officer cleared her answers: the browser forgets them too


class Checkers:
    """One Checker per (language, names shown, pack applied by choice), built when first needed, for rendering
    pages; jobs build theirs from its options (``jobs.checker_for``: the same one when they run in this process).

    The form's tick box "also check 115–119 plans against the phase-2 standards" is the command line's
    ``--apply-pack ssn-phase2:115-119``: the same ``Options.apply_packs`` (``pack_use.Choice.extensions``),
    derived from the loaded packs (``pack_use.partial_period_choice``), not written here.
    """

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self._building = threading.RLock()  # held while a Checker is built (choice() builds one too)
        self._made: dict[tuple[str, bool, bool], Checker] = {}
        self._choice: list[Choice | None] = []

    def get(self, lang: str, show_personal_data: bool, apply_choice: bool = False) -> Checker:
        choice = self.choice() if apply_choice else None
        key = (lang, show_personal_data, choice is not None)
        with self._building:
            if key not in self._made:
                self._made[key] = jobs.checker_for(Options(
                    lang=lang, show_personal_data=show_personal_data, rule_dirs=self.settings.rule_dirs,
                    limits=self.settings.limits, apply_packs=choice.extensions() if choice else {}))
            return self._made[key]

    def choice(self) -> Choice | None:
        """What the tick box applies, or None (no partial period, or the choice would clash: never offered)."""
        with self._building:
            return self._choose()

    def _choose(self) -> Choice | None:
        if not self._choice:
            from sncheck.packs.config import ConfigError

            packs = self.get("zh", False).packs
            choice = partial_period_choice(packs)
            if choice is not None:
                try:
                    validate_extensions(packs, choice.extensions(), "web form")
                except ConfigError:
                    choice = None
            self._choice.append(choice)
        return self._choice[0]


BUSY = {"zh": "伺服器正在檢查其他人上傳的檔案，請稍候一分鐘再上傳。",
        "en": "the server is busy checking other uploads; please upload again in a minute."}


def create_app(settings: ServeSettings | None = None) -> Flask:
    settings = settings or ServeSettings()
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, MAX_FORM_PARTS=settings.max_files + 50,
                      TEMPLATES_AUTO_RELOAD=False)
    store: Store[Submission] = Store(settings.keep_seconds, settings.max_store_bytes)
    checkers = Checkers(settings)
    workers = Workers(settings.workers, settings.check_seconds, settings.check_memory_mb, settings.max_waiting_checks,
                      settings.worker_setup, settings.clock or time.monotonic)
    app.extensions["sncheck"] = {"settings": settings, "store": store, "checkers": checkers, "workers": workers}

    def lang() -> str:
        wanted = request.args.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
        return "en" if wanted == "en" else "zh"

    def page(template: str, status: int = 200, **values: Any) -> Response:
        w = words(g.lang)
        response = make_response(render_template(template, w=w, lang=g.lang, csrf=g.csrf, verdict=verdict,
                                                 csrf_field=security.CSRF_FIELD,
                                                 minutes=int(settings.keep_seconds // 60), **values), status)
        return response

    def problem(message: str, status: int, back: bool = True) -> Response:
        return page("error.html", status, message=message, back=back)

    def computed(entry: Any) -> tuple[Checker, Checked]:
        """The upload checked in the page's language (and with names, when asked): once, then cached."""
        upload: Submission = entry.value
        options = replace(upload.options, lang=g.lang)
        checker = checkers.get(options.lang, options.show_personal_data, options.apply_choice)
        if options not in entry.cache:
            with entry.computing:  # a reload while it is checked waits for it, not for a second check
                if options not in entry.cache:
                    entry.cache[options] = check_all(checker, upload.uploads, options)
                    store.add_held(entry, footprint(entry.cache[options], skip=(Checker, Submission)))
        return checker, entry.cache[options]

    def check_all(checker: Checker, uploads: Sorted, options: RunOptions) -> Checked:
        """Each file's check a job; a file whose check was stopped (time, memory, crash) or raised gets its
        PARSE001 / INTERNAL001, the others their results; then the cross-plan rules over them all."""
        from sncheck.batch.pool import internal_result

        each: list[UploadChecked] = []
        with workers.place():  # one place for the whole upload (``Full``: the busy page); its files one by one
            for index, upload in enumerate(uploads.plans):
                try:
                    each.append(workers.run_placed(jobs.CheckFile(checker.options, uploads, index, options)))
                except Stopped as stop:
                    each.append(UploadChecked(_stopped_file(checker, upload.name, stop)))
                except JobFailed as failed:
                    app.logger.error("sncheck serve: internal error checking a file: %s", failed)
                    each.append(UploadChecked(CheckedFile(upload.name, _kind(upload.name), internal_result(
                        checker, upload.name, str(failed)))))
        return checked_together(checker, uploads, options, each)

    @app.before_request
    def guard() -> Any:
        g.lang = lang()
        g.csrf = request.cookies.get(security.CSRF_COOKIE) or security.new_token()
        if settings.token:
            presented = security.presented_token(request.headers, request.cookies, request.args)
            if not security.same(presented, settings.token):
                return problem(words(g.lang)["err_token"], 403, back=False)  # the form would refuse too
            if request.args.get("token") and request.method == "GET":  # first visit: into a cookie, out of the URL
                args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "token"}
                response = redirect(url_for(request.endpoint or "index", **(request.view_args or {}), **args), 303)
                response.set_cookie(security.TOKEN_COOKIE, settings.token, httponly=True, samesite="Strict")
                return response
        elif not security.host_is_loopback(request.host):
            return problem(security.HOST_REFUSED[g.lang], 403, back=False)
        if request.method == "POST" and not (settings.token and security.token_in_header(request.headers,
                                                                                           settings.token)):
            submitted = request.form.get(security.CSRF_FIELD)
            if not security.csrf_ok(request.cookies.get(security.CSRF_COOKIE), submitted,
                                    request.headers.get("Origin"), request.host):
                return problem(words(g.lang)["err_csrf"], 403)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        if security.CSRF_COOKIE not in request.cookies:
            response.set_cookie(security.CSRF_COOKIE, g.get("csrf") or security.new_token(), httponly=True,
                                samesite="Strict")
        if request.args.get("lang") in ("zh", "en"):
            response.set_cookie(LANG_COOKIE, request.args["lang"], samesite="Strict")
        response.headers["Content-Security-Policy"] = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                                       "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
                                                       "frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"  # as CSP frame-ancestors 'none', for browsers without it
        response.headers["Referrer-Policy"] = "same-origin"  # not "no-referrer": Chrome then sends Origin: null
        response.headers["Cache-Control"] = "no-store"  # results may hold personal data: no copies on disk
        return response

    def form(status: int = 200, error: str = "", **kept: Any) -> Response:
        choice = checkers.choice()
        label = choice_label(choice, checkers.get("zh", False).packs, g.lang) if choice else ""
        return page("index.html", status, error=error, counties=COUNTIES, kept=kept, max_files=settings.max_files,
                    max_mb=settings.limits.max_bytes // (1024 * 1024), choice_label=label)

    @app.get("/")
    def index() -> Response:
        return form(notice=words(g.lang)["forgotten"] if request.args.get("forgotten") else "")

    @app.post("/check")
    def check() -> Response:
        w = words(g.lang)
        sent = [f for f in request.files.getlist("files") if f.filename]
        county = (request.form.get("county") or "").strip() or None
        year_text = (request.form.get("plan_year") or "").strip()
        personal = request.form.get("show_personal_data") == "1"
        chosen = request.form.get("apply_pack") == "1"
        kept = {"county": county or "", "plan_year": year_text, "show_personal_data": personal, "apply_pack": chosen}
        if county is not None and canonical_county(county) not in COUNTIES:
            return form(400, w["err_county"].format(value=county), **kept)
        # isdecimal, not isdigit: １１１ (an input method) is 111, but int("²") raised (the internal error page)
        if year_text and not (year_text.isdecimal() and 0 < int(year_text) < 1000):
            return form(400, w["err_year"], **kept)
        if not sent:
            return form(400, w["err_no_files"], **kept)
        if len(sent) > settings.max_files:
            return form(400, w["err_too_many"].format(files=settings.max_files, n=len(sent)), **kept)
        names = unique_names(clean_name(f.filename or "", i) for i, f in enumerate(sent))
        uploads = [_read(f.stream, name, settings.limits.max_bytes) for f, name in zip(sent, names)]
        sorted_uploads = sort_uploads(uploads, settings.limits)
        if sorted_uploads.mapping_error:
            return form(400, w["err_mapping"].format(message=sorted_uploads.mapping_error), **kept)
        if not sorted_uploads.plans:  # only a mapping file (and its side files): the roster was forgotten
            return form(400, w["err_no_roster"].format(names=w["list_sep"].join(u.name for u in uploads)), **kept)
        options = RunOptions(g.lang, personal, canonical_county(county) if county else None,
                             int(year_text) if year_text else None, chosen)
        key = store.put(Submission(sorted_uploads, options), sum(u.size if u.data is not None else 0 for u in uploads))
        try:
            computed(store.get(key))
        except Full:  # not kept: the busy page says to upload again
            store.forget(key)
            raise
        return redirect(url_for("result", key=key), 303)  # type: ignore[return-value]

    def entry_or_gone(key: str) -> Any:
        entry = store.get(key)
        if entry is None:
            abort(410)
        return entry

    @app.get("/r/<key>")
    def result(key: str) -> Response:
        entry = entry_or_gone(key)
        checker, checked = computed(entry)
        labels = FamilyLabels.of(checker.packs)
        titles = _rule_titles(checker)
        files = []
        for index, file in enumerate(checked.files):
            groups = group_findings(file.result, file.data, labels, g.lang, checked.options.show_personal_data,
                                    _fixable(file))
            ask = asking(index, file.questions, checker.packs, file.county_year()[1], g.lang) if file.questions else None
            if ask is not None:
                link_findings(groups, ask, g.lang)
            officer_words(groups, g.lang)
            found = sum(len(group.findings) for group in groups)
            files.append({"index": index, "file": file, "groups": groups,
                          "contents": rule_contents(groups, titles, f"file-{index}") if found >= CONTENTS_FROM else [],
                          "collapsed": found >= COLLAPSE_FROM,
                          "families": family_counts([file.result], labels, g.lang),
                          "unsafe": file.unsafe_fixes,
                          "applied": file.safe_fixes,
                          "downloadable": file.has_plan and (not file.personal or checked.options.show_personal_data),
                          "suppressed": sum(1 for f in file.result.findings if f.suppressed is not None),
                          "asking": ask,
                          "checked_by": checked_by(checker, file.county_year()[1], g.lang),
                          "not_run": not_run(checker, file, g.lang)})
        choice = checkers.choice() if not checked.options.apply_choice else None
        partial = any(f.rule == "PACK002" for result in checked.results for f in result.active())
        hint = choice_label(choice, checker.packs, g.lang) if choice and partial else ""
        button = words(g.lang)["apply_choice_now"].format(name=choice.pack.name(g.lang)) if hint and choice else ""
        county_verdict = round_verdict(checker, checked) if len(checked.files) > 1 else ""
        return page("result.html", key=key, checked=checked, files=files, choice_hint=hint, choice_button=button,
                    county_verdict=county_verdict, remembered=entry.value.remembered, cleared=entry.value.cleared,
                    families=family_counts(checked.results, labels, g.lang))

    @app.post("/r/<key>/personal")
    def personal(key: str) -> Response:
        entry = entry_or_gone(key)
        entry.value.options = replace(entry.value.options, show_personal_data=request.form.get("show") == "1")
        return redirect(url_for("result", key=key), 303)  # type: ignore[return-value]

    @app.post("/r/<key>/choice")
    def apply_choice(key: str) -> Response:
        """The result page's 「也依第二期標準檢核」: the held upload checked again with the form's tick box
        (``RunOptions.apply_choice``), as the personal-data button checks it again with names."""
        entry = entry_or_gone(key)
        entry.value.options = replace(entry.value.options, apply_choice=request.form.get("apply") == "1")
        return redirect(url_for("result", key=key), 303)  # type: ignore[return-value]

    @app.post("/r/<key>/answers")
    def answer(key: str) -> Response:
        """The question step's answers: the held upload checked again with them (no new upload); kept with it
        in memory only. 「清除所有回答」 withdraws them all (and the browser forgets them: questions.js)."""
        entry = entry_or_gone(key)
        submission: Submission = entry.value
        if request.form.get("clear") == "1":
            answers, submission.remembered, submission.cleared = Answers(), False, True
        else:
            _, checked = computed(entry)  # the page the form was on: only its questions are answered
            sent = only_asked(read_answers(request.form), (file.questions for file in checked.files))
            answers = submission.options.answers.updated(sent.headers, sent.values, sent.unit_types)
            submission.remembered, submission.cleared = request.form.get("remembered") == "1", False
        submission.options = replace(submission.options, answers=answers)
        entry.cache.clear()  # results with the old answers are not asked for again
        index = request.form.get("file", "0")
        anchor = f"questions-{int(index)}" if index.isdecimal() and len(index) < 4 else None
        return redirect(url_for("result", key=key, _anchor=anchor), 303)  # type: ignore[return-value]

    @app.get("/r/<key>/mapping.yaml")
    def mapping_download(key: str) -> Response:
        """The answers as the mapping file ``sncheck check --mapping`` and ``sncheck batch --mapping`` read."""
        submission: Submission = entry_or_gone(key).value
        roster = next((u.name for u in submission.uploads.plans), "")
        body = answers_mapping(submission.uploads.parsed_mapping, submission.options.answers, roster, g.lang)
        return download(body.encode("utf-8"), "mapping.yaml", "application/yaml")

    @app.post("/r/<key>/forget")
    def forget(key: str) -> Response:
        store.forget(key)
        return redirect(url_for("index", forgotten=1), 303)  # type: ignore[return-value]

    def download(body: str | bytes, name: str, mimetype: str) -> Response:
        from urllib.parse import quote

        response = make_response(body)
        response.mimetype = mimetype
        ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        response.headers["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                                   f"filename*=UTF-8''{quote(name)}")
        return response

    @app.get("/r/<key>/findings.json")
    def json_download(key: str) -> Response:
        checker, checked = computed(entry_or_gone(key))
        return download(findings_json(checker, checked), "findings.json", "application/json")

    @app.get("/r/<key>/findings.md")
    def markdown_download(key: str) -> Response:
        checker, checked = computed(entry_or_gone(key))
        return download(findings_markdown(checker, checked), "findings.md", "text/markdown")

    @app.get("/r/<key>/report.html")
    def report_download(key: str) -> Response:
        checker, checked = computed(entry_or_gone(key))
        return download(workers.run(jobs.BatchReports(checker.options, checked))[0], "report.html", "text/html")

    @app.get("/r/<key>/summary.csv")
    def csv_download(key: str) -> Response:
        checker, checked = computed(entry_or_gone(key))
        return download(workers.run(jobs.BatchReports(checker.options, checked))[1].encode("utf-8"), "summary.csv",
                        "text/csv")

    @app.get("/r/<key>/summary.xlsx")
    def xlsx_summary_download(key: str) -> Response:
        checker, checked = computed(entry_or_gone(key))
        return download(workers.run(jobs.BatchReports(checker.options, checked))[2], "summary.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def file_of(checked: Checked, index: int) -> CheckedFile:
        if not 0 <= index < len(checked.files):
            abort(404)
        return checked.files[index]

    @app.route("/r/<key>/<int:index>/plan", methods=["GET", "POST"])
    def plan_download(key: str, index: int) -> Response:
        checker, checked = computed(entry_or_gone(key))
        file = file_of(checked, index)
        if not file.has_plan:
            return problem(words(g.lang)["err_no_plan"], 404)
        if file.personal and not checked.options.show_personal_data:
            return problem(words(g.lang)["personal_needed"], 403)
        chosen = unsafe_choice(request.form.getlist("unsafe"), file) if request.method == "POST" else frozenset()
        fixed = workers.run(jobs.CorrectedPlan(checker.options, file, chosen or False))
        return download(fixed, file.plan_download_name,
                        "application/json" if file.plan_download_name.endswith(".json") else "application/yaml")

    @app.post("/r/<key>/<int:index>/roster")
    def roster_download(key: str, index: int) -> Response:
        """The county's own workbook (or CSV) with the fixes in its cells: 「修正後的名冊」."""
        entry = entry_or_gone(key)
        checker, checked = computed(entry)
        file = file_of(checked, index)
        if file.kind != "roster" or file.settings is None:
            return problem(words(g.lang)["err_no_plan"], 404)
        if file.source_personal and not checked.options.show_personal_data:
            return problem(words(g.lang)["personal_needed"], 403)
        chosen = unsafe_choice(request.form.getlist("unsafe"), file)
        body, name = workers.run(jobs.CorrectedRoster(checker.options, entry.value.uploads, file, chosen or False,
                                               request.form.get("annotate") == "1"))
        return download(body, name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        if file.is_workbook else "text/csv")

    @app.get("/r/<key>/<int:index>/annotated.xlsx")
    def annotated_download(key: str, index: int) -> Response:
        entry = entry_or_gone(key)
        checker, checked = computed(entry)
        file = file_of(checked, index)
        if file.is_workbook and file.source_personal and not checked.options.show_personal_data:
            return problem(words(g.lang)["personal_needed"], 403)
        body = workers.run(jobs.Annotated(checker.options, entry.value.uploads, file))
        stem = Path(file.name).stem
        return download(body, f"{stem}.annotated.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.get("/template.xlsx")
    def template_download() -> Response:
        """The fill-in roster workbook of ``sncheck import --template`` (drop-downs for every code)."""
        body = workers.run(jobs.Template(checkers.get("zh", False).options))
        return download(body, "人員名冊範本.xlsx" if g.lang == "zh" else "roster-template.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def error_page_context(fallback: str | None = None) -> None:
        """An error page may come before ``guard`` set the page's language and CSRF token (a body too large is
        refused first): set them now. ``fallback``: the language when asking the request itself may fail."""
        g.lang = g.get("lang") or fallback or lang()
        g.csrf = g.get("csrf") or security.new_token()

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: Exception) -> Response:
        error_page_context()
        w = words(g.lang)
        size = request.content_length
        if size is not None and size <= settings.max_request_bytes:  # not the bytes: the form's part count
            return form(413, w["err_too_many_parts"].format(files=settings.max_files))
        return form(413, w["err_too_large"].format(mb=settings.max_request_bytes // (1024 * 1024)))

    @app.errorhandler(Stopped)
    def stopped(exc: Stopped) -> Response:  # a download's job (a file's check is its PARSE001: check_all)
        error_page_context()
        return problem(words(g.lang)[f"err_stopped_{exc.reason}"].format(detail=exc.detail), 503)

    @app.errorhandler(Full)
    def busy(exc: Full) -> Response:  # every worker busy and the waiting room full: upload again later
        error_page_context()
        return problem(BUSY[g.lang], 503)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        error_page_context()
        w = words(g.lang)
        code = exc.code or 500
        message = {410: w["err_expired"], 404: w["err_not_found"], 405: w["err_method"]}.get(code, w["err_internal"])
        return problem(message, code)

    @app.errorhandler(Exception)
    def internal(exc: Exception) -> Response:  # never a traceback on the page
        app.logger.exception("sncheck serve: internal error")
        error_page_context("zh")
        return problem(words(g.lang)["err_internal"], 500)

    return app


def _read(stream: Any, name: str, max_bytes: int) -> Upload:
    """The uploaded bytes; a file over the limit is counted, not kept (its PARSE001 gives the size)."""
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return Upload(name, data, len(data))
    size = len(data)
    while chunk := stream.read(1024 * 1024):
        size += len(chunk)
    return Upload(name, None, size)


def _fixable(file: CheckedFile) -> dict[tuple[str, str], str]:
    """Which findings the corrected plan fixes (safe) or offers to fix (unsafe), by (rule, pointer)."""
    fixable = {(f.rule, f.pointer): "unsafe" for f in file.unsafe_fixes}
    fixable.update({(f.rule, f.pointer): "safe" for f in file.safe_fixes})
    return fixable


def _rule_titles(checker: Checker) -> dict[str, str]:
    """Rule id → title in the checker's language, as the reports name rules (``engine.rule_infos``)."""
    from sncheck.engine.rule_infos import rule_infos

    return {rule: info.title for rule, info in rule_infos(checker).items()}


NEXT_STEP = {"zh": "請把檔案分成幾個較小的檔案再上傳；若檔案本來就這麼大，請系統管理者放寬時限或記憶體上限。",
             "en": "split the file into smaller ones and upload them again; if the file is meant to be this large, "
                   "ask your administrator to raise the time or memory limit."}


def _stopped_file(checker: Checker, name: str, stop: Stopped) -> CheckedFile:
    """A file whose check was stopped: its PARSE001 (the batch's wording) and what the officer can do; a
    workbook's has no line (「第 1 行」 meant nothing for an .xlsx)."""
    from sncheck.batch.pool import stopped_result

    kind = _kind(name)
    result = stopped_result(checker, name, stop.reason, stop.detail)
    lang = checker.options.lang
    findings = [replace(f, message=f"{f.message}{'；' if lang == 'zh' else '; '}{NEXT_STEP[lang]}",
                        line=None if kind == "roster" else f.line, column=None if kind == "roster" else f.column)
                for f in result.findings]
    return CheckedFile(name, kind, replace(result, findings=findings))


def _kind(name: str) -> str:
    """What the page calls an uploaded file whose check gave no result (stopped): plan, roster or other."""
    from sncheck.read.plan_files import PLAN_SUFFIXES
    from sncheck.tabular import is_tabular

    return "roster" if is_tabular(name) else "plan" if Path(name).suffix.lower() in PLAN_SUFFIXES else "other"


__all__ = ["create_app", "ServeSettings"]
