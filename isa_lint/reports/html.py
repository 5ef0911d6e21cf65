"""HTML pages from Jinja2 templates: autoescaped, self-contained, locked down by a CSP.

Every page carries its stylesheet inline and a Content-Security-Policy that allows nothing
else: no network requests, and no script except, on the register, one small sorting script
of isa-lint's own, allowed by its SHA-256 hash. So even a ``<script>`` that somehow got past
escaping could not run. Control characters and bidi overrides in agreement text are shown as
visible escapes (:func:`isa_lint.reports.escape.visible`) by the environment's ``finalize``.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from isa_lint import __version__
from isa_lint.reports.escape import is_https, visible
from isa_lint.reports.wording import long_date
from isa_lint.run.digest import sha256

TEMPLATES = Path(__file__).parent / "templates"


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return visible(value)


def _law(item: Mapping[str, str]) -> Markup:
    """A law's title and its citation, escaped and controls shown: the summary's most repeated
    markup (67,000 times in a 1,000-agreement site), a filter because it takes half the time
    of the Jinja2 macro it replaces."""
    title = visible(item["title"])
    if not item["citation"]:
        return escape(title)
    return Markup(f'{escape(title)} <span class="law">({escape(visible(item["citation"]))})</span>')


def _laws(items: Iterable[Mapping[str, str]]) -> Markup:
    return Markup("; ").join(_law(item) for item in items)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja2's environment, reading ``value.name`` on a plain dict as its key without first
    trying an attribute that a dict cannot have.

    The reports' models are plain dicts (they are also the JSON output). Jinja2 looks
    ``item.title`` up as an attribute first, which on a dict raises and catches
    AttributeError every time: this second path renders the HTML summary (the body of a
    site's agreement page) in about 0.85 of the time (``bench/paths.py``, docs/performance.md).
    The result is the same as Jinja2's: a name that is a dict's own attribute (``items``,
    ``get``) still means the method, whatever keys the dict holds.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


@functools.cache
def environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # the templates are part of the package: no stat of each one per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.tests["https"] = lambda value: isinstance(value, str) and is_https(value)
    env.globals["tool_version"] = __version__
    env.filters["long_date"] = long_date
    env.filters["law"] = _law
    env.filters["laws"] = _laws
    return env


def asset(name: str) -> str:
    """A stylesheet or script shipped beside the templates, exactly as inlined."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def csp_source(text: str) -> str:
    """The CSP source expression that allows exactly this inline style or script."""
    digest = sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render(template: str, *, script: str | None = None, **context: Any) -> str:
    """Render a page with the shared stylesheet (and optionally one inline script of ours)."""
    style = asset("style.css")
    policy = [
        "default-src 'none'",
        f"style-src {csp_source(style)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if script is not None:
        policy.insert(1, f"script-src {csp_source(script)}")
    page = (
        environment()
        .get_template(template)
        .render(
            style=Markup(style),
            script=Markup(script) if script is not None else None,
            csp="; ".join(policy),
            **context,
        )
    )
    return page if page.endswith("\n") else page + "\n"
