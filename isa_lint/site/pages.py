"""Rendering site pages: the reports' Jinja2 environment (autoescape, visible controls) plus the site's templates.

Each page carries the reports' stylesheet and the site's own inline, and at most one script,
the register's sorting script; the Content-Security-Policy allows exactly those by hash and
nothing else, so the pages make no network requests and run no other script, from a server
or from ``file://``.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from isa_lint.reports.html import TEMPLATES as REPORT_TEMPLATES
from isa_lint.reports.html import asset, csp_source, environment
from isa_lint.reports.register import SORT_SCRIPT

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _environment() -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(TEMPLATES), jinja2.FileSystemLoader(REPORT_TEMPLATES)]
    )
    return environment().overlay(loader=loader)


@functools.cache
def _assets() -> tuple[str, str, str]:
    style = asset("style.css") + (TEMPLATES / "site.css").read_text(encoding="utf-8")
    script = asset(SORT_SCRIPT)
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_source(script)}",
            f"style-src {csp_source(style)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return style, script, policy


def render(template: str, page: str, **context: Any) -> str:
    """The page at ``page`` (a path inside the site), with links relative to it."""
    style, script, policy = _assets()
    root = "../" * page.count("/")
    text = (
        _environment()
        .get_template(template)
        .render(style=Markup(style), script=Markup(script), csp=policy, root=root, here=page, **context)
    )
    return text if text.endswith("\n") else text + "\n"


def fragment(template: str, **context: Any) -> Markup:
    """Part of a page, rendered once and placed on many pages (already escaped)."""
    return Markup(_environment().get_template(template).render(**context))
