"""Hostile input never gives a server error: every form and query parameter of every page.

The forms are found the way a browser finds them: each page is fetched as the programme team
(who passes every gate) and as the professional who owns the world's knelpunt, its `<form>`s
are read, and every field is sent again with values nobody should type: numbers beyond 32 and
64 bits, negative ids, 5,000 digits, NUL and control characters, a text just under the size
limit, letters in number fields, a list where one value is expected, impossible dates and
`²` where a version is expected. Every request must be answered below 500, and nothing may be
logged as an error.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from tests.world import Walk, client_for, isolated, url_of, walking

# Who fuzzes: the programme team passes every gate, the professional owns the knelpunt.
FUZZERS = ("programme_admin", "professional")

TEXT_LIMIT = 200_000  # under MAX_CONTENT_LENGTH (256 KB), so the form itself must cope

NUMBER = ["9223372036854775808", "2147483648", "-1", "1" + "0" * 5000, "abc", "²"]
DATE = ["2026-13-45", "", "31-12-2026", "9223372036854775808"]
TIME = ["25:61", ""]
TEXT = ["\x01\x07\x1b[31m\u202e\ufeff", "x" * TEXT_LIMIT]
CHOICE = ["abc", "9223372036854775808"]
NUL = "a\x00b"
LIST = object()  # the field twice, with a letter and a huge number

NUMERIC_NAMES = ("id", "version", "owner", "user", "organisation", "series", "session",
                 "patroon", "pattern", "target", "other", "count", "page", "row", "table",
                 "header", "sheet", "weekday", "week", "limit", "minutes")  # fmt: skip
DATE_NAMES = ("day", "date", "due", "_on", "from", "to", "until", "datum")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # name, kind, value
    files: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """The `<form>`s of a page with their fields and the values a browser would send."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = a.get("action") or a.get("hx-post") or self.page_url
            method = (a.get("method") or ("post" if a.get("hx-post") else "get")).upper()
            self._form = Form(action, method)
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or not any(f[0] == name for f in form.fields):
                    form.fields = [f for f in form.fields if f[0] != name]
                    form.fields.append((name, kind, a.get("value", "on")))
            else:
                form.fields.append((name, kind, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""
        elif tag == "select":
            self._select, self._select_value = name, None

    def _option(self, a: dict[str, str]) -> None:
        if self._select_value is None or "selected" in a:
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form.fields.append((self._textarea, "textarea", self._text.strip()))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None
        elif tag == "form":
            self._form = None


def hostile_values(name: str, kind: str, value: str) -> list[str]:
    """A few values per field, chosen by what the field holds (the sharpest one first)."""
    lowered = name.lower().rpartition("-")[2]
    if kind == "date" or any(part in lowered for part in DATE_NAMES):
        return DATE
    if kind == "time" or lowered in ("start", "end"):
        return TIME
    if kind == "number" or value.isdigit() or any(p in lowered for p in NUMERIC_NAMES):
        return NUMBER
    if kind in ("select", "radio", "checkbox"):
        return CHOICE
    return TEXT


# Fields of one kind in one form after which only the sharpest value is sent: the same
# validator on the next similar field rarely behaves differently, and every request re-renders
# a whole page.
FULL_FIELDS_PER_KIND = 2


@dataclass
class Outcome:
    sent: int = 0
    statuses: Counter = field(default_factory=Counter)
    to_login: int = 0  # answers that sent the fuzzer to the login page: nothing was tested
    failures: list[str] = field(default_factory=list)


def _send(browser, method: str, url: str, data: list[tuple[str, object]], files, outcome):
    """One request; the failure it caused, or None."""
    path, _, query_string = url.partition("?")
    if method == "GET":
        data = [*parse_qsl(query_string), *data]
        path = url if not data else path
    else:
        path = url
    payload: dict[str, list] = {}
    for name, value in data:
        values = ["abc", "9223372036854775808"] if value is LIST else [value]
        payload.setdefault(name, []).extend(values)
    outcome.sent += 1
    client = browser()  # a fresh login each time: a fuzzed logout must not end the run
    try:
        if method == "GET":
            response = client.get(path, query_string=payload)
        else:
            uploads = {
                name: (io.BytesIO(b"Omschrijving\nDe Wmo wacht op schuldhulp\n"), "lijst.csv")
                for name in files
            }
            response = client.post(path, data={**payload, **uploads})
    except Exception as error:  # TESTING propagates what would have been a 500
        return f"{type(error).__name__}: {str(error)[:200]}"
    outcome.statuses[response.status_code] += 1
    if "/inloggen" in response.headers.get("Location", ""):
        outcome.to_login += 1
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    return None


def _pages(app: Flask, walk: Walk) -> list[str]:
    """Every page a browser can open: the GET routes of the site (not the API) with real ids."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        urls.append(url_of(app, walk, rule.endpoint, "programme_admin"))
    for variant in walk.variants:  # the same pages with other objects: other forms show
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == variant.split("[")[0])
        if "GET" in rule.methods and not rule.rule.startswith("/api/"):
            urls.append(url_of(app, walk, variant, "programme_admin"))
    return sorted(set(urls))


def _forms(app: Flask, walk: Walk, principal: str, pages: list[str]) -> dict[tuple, Form]:
    found: dict[tuple, Form] = {}
    adapter = app.url_map.bind("leernetwerk.test")
    for page in pages:
        with isolated(walk.connection):
            response = client_for(app, walk.user_ids[principal]).get(page)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = FormParser(page)
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = urlsplit(form.action)
            if action.netloc or not action.path.startswith("/"):
                continue
            form.fields = (
                [*parse_qsl(action.query), *form.fields] if form.method == "GET" else form.fields
            )
            form.action = action.path if form.method == "GET" else form.action
            try:
                endpoint, _args = adapter.match(urlsplit(form.action).path, method=form.method)
            except HTTPException:
                continue
            # One form per endpoint and set of fields: /patronen/1/volgen is /patronen/2/volgen.
            key = (form.method, endpoint, tuple(sorted(f[0] for f in form.fields)))
            found.setdefault(key, form)
    return found


@pytest.fixture(scope="module")
def walk(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walk]:
    with walking(app, tmp_path_factory.mktemp("imports")) as built:
        yield built


def _fuzz_form(browser, walk: Walk, method: str, action: str, form: Form, outcome) -> None:
    for every in (NUL, LIST):  # in all fields at once: one request each per form
        data = [(n, every) for n, _k, _v in form.fields]
        with isolated(walk.connection):
            failed = _send(browser, method, action, data, form.files, outcome)
        if failed:
            shown = "NUL" if every is NUL else "[list]"
            outcome.failures.append(f"{method} {action} every field={shown}: {failed}")
    seen: dict[int, int] = {}
    for index, (name, kind, value) in enumerate(form.fields):
        values = hostile_values(name, kind, value)
        seen[id(values)] = seen.get(id(values), 0) + 1
        for hostile in values if seen[id(values)] <= FULL_FIELDS_PER_KIND else values[:1]:
            data = [(n, v) for n, _k, v in form.fields]
            data[index] = (name, hostile)
            with isolated(walk.connection):
                failed = _send(browser, method, action, data, form.files, outcome)
            if failed:
                outcome.failures.append(f"{method} {action} {name}={hostile[:40]!r}: {failed}")


@pytest.mark.slow
def test_hostile_input_never_gives_a_server_error(app, walk, caplog):
    caplog.set_level(logging.ERROR)
    pages = _pages(app, walk)
    outcome = Outcome()
    fuzzed: set[tuple] = set()
    for principal in FUZZERS:  # the owner's forms that the programme team does not see
        browser = partial(client_for, app, walk.user_ids[principal])
        forms = _forms(app, walk, principal, pages)
        assert len(forms) > 10, f"the forms on the pages of {principal} were not found"
        for key, form in sorted(forms.items(), key=lambda kv: kv[0]):
            if key not in fuzzed:
                fuzzed.add(key)
                _fuzz_form(browser, walk, form.method, form.action, form, outcome)
    browser = partial(client_for, app, walk.user_ids["programme_admin"])
    for page in pages:  # a method override and a huge page number on every page
        for query in ({"_method": "DELETE"}, {"page": "9223372036854775808"}):
            with isolated(walk.connection):
                failed = _send(browser, "GET", page, list(query.items()), [], outcome)
            if failed:
                outcome.failures.append(f"GET {page} {query}: {failed}")

    errors = [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR]
    print(
        f"fuzz: {outcome.sent} requests to {len(fuzzed)} forms and {len(pages)} pages, "
        f"answers {dict(sorted(outcome.statuses.items()))}"
    )
    assert outcome.to_login < outcome.sent / 50, "the fuzzer was logged out: it tested nothing"
    assert not outcome.failures, f"{len(outcome.failures)} server errors:\n" + "\n".join(
        outcome.failures
    )
    assert not errors, "errors logged:\n" + "\n".join(errors)
