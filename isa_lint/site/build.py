"""Build the site: lint once, then write the index, filter pages, agreement pages, maps and reviews.

Pages link to each other by relative addresses, so the site works from ``file://``, from a
web server's root or under a sub-path. ``--base-url`` is only needed where an absolute
address is unavoidable: the calendar's links to agreement pages and its subscription address.
The same agreements and ``--today`` give the same bytes: nothing depends on the clock or the
order files are found in beyond the register's own (sorted) order.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
from markupsafe import Markup

from isa_lint.check.findings import Finding
from isa_lint.reports import due as dues
from isa_lint.reports import register as registers
from isa_lint.reports import summary as summaries
from isa_lint.reports import wording as w
from isa_lint.reports.common import Loaded, lint
from isa_lint.reports.view import Agreement, as_text, strings
from isa_lint.run.pool import default_jobs, in_workers, quiet_collector
from isa_lint.site import flows as maps
from isa_lint.site.output import SiteError, prepare, refuse_unless_replaceable, write
from isa_lint.site.pages import fragment, render

SORTS = {
    "title": ("index.html", "Agreement"),
    "status": ("by-status.html", "Status"),
    "review": ("by-review.html", "Review due"),
    "result": ("by-result.html", "Lint result"),
}
"""Each column the index can be sorted by without JavaScript: its page and heading."""

_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#@!$&+,;=%]+")


def checked_url(value: str | None, option: str) -> str | None:
    """An http(s) address for links, ending in '/'; anything else is a usage error."""
    if value is None:
        return None
    if not _URL.fullmatch(value):
        raise SiteError(
            f"{option} must be an http:// or https:// address without spaces, quotes or brackets, such as "
            "https://example.github.io/agreements/"
        )
    return value if value.endswith("/") else value + "/"


def slug(text: str, fallback: str) -> str:
    """A file name part of lower-case ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return cleaned or fallback


def _unique(name: str, used: set[str]) -> str:
    candidate, number = name, 1
    while candidate in used:
        number += 1
        candidate = f"{name}-{number}"
    used.add(candidate)
    return candidate


def organisation(name: str) -> str:
    """The key that makes one organisation of the same name written in different agreements."""
    return " ".join(name.split()).casefold()


@dataclass
class Entry:
    """One agreement, as every page needs it."""

    loaded: Loaded
    agreement: Agreement
    row: dict[str, Any]
    page: str
    nations: list[str]
    nation_words: str
    organisations: list[str]
    result: str
    result_rank: int
    due_mark: str
    map: maps.FlowMap | None = None
    svg: Markup | str = ""


@dataclass
class Site:
    entries: list[Entry]
    today: dt.date
    window: int
    base_url: str | None
    repo_url: str | None
    organisations: dict[str, str] = field(default_factory=dict)
    """Organisation key -> the name shown (its first spelling, in register order)."""


def _result(row: dict[str, Any], readable: bool) -> tuple[str, int]:
    if not readable:
        return "Cannot be read", 0
    parts = [
        w.plural(row["errors"], "error") if row["errors"] else "",
        w.plural(row["warnings"], "warning") if row["warnings"] else "",
        w.plural(row["infos"], "note") if row["infos"] else "",
    ]
    words = w.join_words(parts)
    rank = 1 if row["errors"] else 2 if row["warnings"] else 3
    return (words[0].upper() + words[1:]) if words else "No problems", rank


def _due_mark(days_left: int | None, window: int) -> str:
    if days_left is None:
        return "none"
    return "overdue" if days_left < 0 else "soon" if days_left <= window else "later"


def entries(loaded: list[Loaded], today: dt.date, window: int) -> list[Entry]:
    used: set[str] = set()
    result = []
    for item, row in zip(loaded, registers.rows(loaded, today), strict=True):
        a = Agreement(item.data, item.path)
        scope_nations = strings(a.section("scope").get("nations"))
        party_nations = [as_text(p.get("nation")) for p in a.parties.values()]
        nations = sorted({n for n in [*scope_nations, *party_nations] if n in w.NATIONS})
        words, rank = _result(row, item.readable)
        page = _unique(slug(a.id, "agreement"), used)
        result.append(
            Entry(
                loaded=item,
                agreement=a,
                row=row,
                page=f"agreements/{page}.html",
                nations=nations,
                nation_words=", ".join(w.NATIONS[n] for n in nations),
                organisations=[organisation(name) for name in row["parties"] if name.strip()],
                result=words,
                result_rank=rank,
                due_mark=_due_mark(row["days_left"], window),
            )
        )
    return result


def _sorted(items: list[Entry], by: str) -> list[Entry]:
    def key(entry: Entry) -> tuple[Any, ...]:
        title = entry.row["title"].casefold()
        if by == "status":
            return (entry.row["status"] or "~", title, entry.page)
        if by == "review":
            due = entry.agreement.review_due()
            return (due is None, due or dt.date.max, title, entry.page)
        if by == "result":
            return (entry.result_rank, -entry.row["errors"], -entry.row["warnings"], title, entry.page)
        return (title, entry.page)

    return sorted(items, key=key)


def _agreement_map(a: Agreement) -> maps.FlowMap:
    flow_map = maps.FlowMap()
    for data_id, category in a.categories.items():
        kind = as_text(category.get("kind"))
        for provider in a.expand(strings(category.get("providers"))):
            for recipient in a.expand(strings(category.get("recipients"))):
                if provider != recipient:
                    flow_map.add(a.party_name(provider), a.party_name(recipient), a.data_label(data_id), kind)
    return flow_map


def _register_map(site: Site) -> maps.FlowMap:
    flow_map = maps.FlowMap()
    for entry in site.entries:
        if entry.map is None:
            continue
        for flow in entry.map.ordered():
            # a flow may name a party the agreement does not list (a lint error): shown as written
            source = site.organisations.get(organisation(flow.source), flow.source)
            target = site.organisations.get(organisation(flow.target), flow.target)
            for kind in sorted(flow.kinds):
                flow_map.add(source, target, "", kind, entry.page)
    return flow_map


def _filters(site: Site) -> dict[str, list[tuple[str, str, list[Entry]]]]:
    """Filter name -> [(value shown, page, entries)], each list sorted by the value shown."""
    used: set[str] = set()
    groups: dict[str, list[tuple[str, str, list[Entry]]]] = {"party": [], "status": [], "nation": []}
    by_party: dict[str, list[Entry]] = {}
    for entry in site.entries:
        for key in dict.fromkeys(entry.organisations):
            by_party.setdefault(key, []).append(entry)
    for key, name in sorted(site.organisations.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
        chosen = by_party[key]
        groups["party"].append((name, f"filter/party-{_unique(slug(name, 'party'), used)}.html", chosen))
    statuses = sorted({e.row["status"] for e in site.entries if e.row["status"]})
    for status in statuses:
        chosen = [e for e in site.entries if e.row["status"] == status]
        shown = w.enum_words(w.STATUSES, status) or status
        groups["status"].append(
            (shown, f"filter/status-{_unique(slug(status, 'status'), used)}.html", chosen)
        )
    for nation in sorted({n for e in site.entries for n in e.nations}):
        chosen = [e for e in site.entries if nation in e.nations]
        groups["nation"].append((w.NATIONS[nation], f"filter/nation-{nation}.html", chosen))
    return groups


def _source_link(site: Site, path: str) -> str | None:
    """The file's address under ``--repo-url``: its path from the folder isa-lint runs in (the repository root)."""
    if site.repo_url is None:
        return None
    file = Path(path)
    if file.is_absolute():
        try:
            file = file.relative_to(Path.cwd())
        except ValueError:
            return None
    if ".." in file.parts:
        return None
    return site.repo_url + quote(file.as_posix(), safe="/")


def _explanations(findings: Iterable[Finding]) -> dict[str, dict[str, str]]:
    from isa_lint.rules import lookup
    from isa_lint.rules.docs import rule_dict

    found: dict[str, dict[str, str]] = {}
    for finding in findings:
        code = finding.code
        rule = lookup(code) if code not in found else None
        if rule is not None:
            found[code] = rule_dict(rule)
    return found


def _progress(counts: Iterator[int], total: int) -> None:
    """Wait for ``counts`` (agreement pages written), with a progress bar on a terminal."""
    if not sys.stderr.isatty():
        for _ in counts:
            pass
        return
    with click.progressbar(
        length=total, label="Writing agreement pages", file=sys.stderr, show_pos=True
    ) as bar:
        for count in counts:
            bar.update(count)


class _Maps:
    """Each agreement's map, made as its data arrives from linting and handed to dot at once,
    so dot draws while the workers lint the rest."""

    def __init__(self) -> None:
        self.made: dict[str, maps.FlowMap] = {}
        self.drawn: list[str] = []
        self.drawing = maps.Drawing()

    def add(self, path: str, data: Any) -> None:
        if not isinstance(data, dict):
            return
        flow_map = self.made[path] = _agreement_map(Agreement(data, path))
        if flow_map.flows:
            self.drawn.append(path)
            self.drawing.add(maps.dot_source(flow_map, edge_labels=True))

    def finish(self, site: Site) -> None:
        """Wait for dot and give each agreement its map and the map's SVG."""
        svgs = dict(zip(self.drawn, self.drawing.finish(), strict=True))
        for entry in site.entries:
            entry.map = self.made.get(entry.loaded.path)
            svg = svgs.get(entry.loaded.path)
            entry.svg = Markup(maps.labelled(svg, "map-label")) if svg else ""


_pages: tuple[Site, Path] | None = None
"""The site and its folder while its pages are written (set before workers fork)."""


def _write_pages(items: list[int | Callable[[Site, Path], None]]) -> int:
    """Write the pages of ``items`` (in a worker, or here): an agreement's number, or a function
    that writes some of the site's other pages; how many agreement pages were written.

    Each agreement page's summary model is built here too, so that work is shared between the workers.
    """
    assert _pages is not None
    site, root = _pages
    for item in items:
        if isinstance(item, int):
            _agreement_page(site, root, site.entries[item])
        else:
            item(site, root)
    return sum(1 for item in items if isinstance(item, int))


def _agreement_page(site: Site, root: Path, entry: Entry) -> None:
    context: dict[str, Any] = {
        "site": site,
        "entry": entry,
        "source": _source_link(site, entry.loaded.path),
        "explanations": _explanations(entry.loaded.findings),
        "model": None,
    }
    if entry.loaded.readable:
        model = summaries.build(entry.loaded, site.today)
        context.update(
            model=model,
            overview=summaries.overview(model),
            lint_words=summaries.lint_words(model["lint"]),
            shown=summaries.FINDINGS_SHOWN,
        )
    write(root, entry.page, render("agreement.html.j2", entry.page, **context))


def _index_pages(site: Site, root: Path) -> None:
    """The index, sorted each way, and the filter pages: each row rendered once for each depth."""
    filters = _filters(site)
    nav = {"filters": filters, "sorts": SORTS}
    row_html: dict[str, dict[str, Markup]] = {}
    """Root ("" or "../") -> agreement page -> its index row."""

    def index(page: str, rows: list[Entry], sort: str, heading: str | None) -> None:
        totals = registers.totals([e.row for e in rows], site.window)
        up = "../" * page.count("/")
        done = row_html.setdefault(up, {})
        for e in rows:
            if e.page not in done:
                done[e.page] = fragment("index_row.html.j2", root=up, e=e)
        context = {
            "site": site,
            "rows": rows,
            "sort": sort,
            "nav": nav,
            "heading": heading,
            "totals": totals,
            "row_html": done,
        }
        write(root, page, render("index.html.j2", page, **context))

    for by, (page, _) in SORTS.items():
        index(page, _sorted(site.entries, by), by, None)
    headings = {"party": "Agreements with {}", "status": "{} agreements", "nation": "Agreements in {}"}
    for kind, groups in filters.items():
        for shown, page, chosen in groups:
            index(page, chosen, "title", headings[kind].format(shown))


def _review_pages(site: Site, root: Path) -> None:
    """The reviews page and the calendar to subscribe to."""
    reviews = dues.find([e.loaded for e in site.entries], site.today, dt.date.max, "any time")
    pages = {e.loaded.path: e.page for e in site.entries}
    links = {path: site.base_url + page for path, page in pages.items()} if site.base_url else None
    write(root, "reviews.ics", dues.calendar(reviews, links))
    context = {"site": site, "reviews": reviews, "pages": pages, "alarm_days": dues.ALARM_DAYS}
    write(root, "reviews.html", render("reviews.html.j2", "reviews.html", **context))


def _flows_page(site: Site, root: Path) -> None:
    """The map of every agreement's flows between organisations, drawn by a dot run of its own.

    dot names the outer group of each graph after a run's first ``page0,1_graph0``; the
    register's map was always such a graph, so an empty graph goes first to keep its bytes.
    """
    whole = _register_map(site)
    drawing = maps.Drawing()
    if whole.flows:
        drawing.add("digraph {}")
        drawing.add(maps.dot_source(whole, edge_labels=False))
    svgs = drawing.finish()
    svg = Markup(maps.labelled(svgs[1], "map-label")) if svgs else ""
    titles = {e.page: e.agreement.title for e in site.entries}
    context = {"site": site, "map": whole, "svg": svg, "kind_words": maps.KIND_WORDS, "titles": titles}
    write(root, "flows.html", render("flows.html.j2", "flows.html", **context))


def build(
    paths: tuple[str, ...],
    directory: Path,
    *,
    config: Any,
    today: dt.date,
    base_url: str | None,
    repo_url: str | None,
    cache: bool = False,
) -> int:
    """Build the site into ``directory``; returns the number of agreements (``cache``: use the results cache).

    A folder the build may not replace is refused before anything is linted; the folder is
    emptied once the first file is linted, and each agreement's map is made and
    handed to dot as soon as its file is linted, while the workers lint the rest. Once every
    file is linted (the checks across files need them all), worker processes write every page:
    the agreements' and, shared out among them, the others.
    """
    base_url = checked_url(base_url, "--base-url")
    repo_url = checked_url(repo_url, "--repo-url")
    window = config.settings.review_window_days
    refuse_unless_replaceable(directory)
    drawn = _Maps()
    root: Path | None = None

    def arrived(path: str, data: Any) -> None:
        nonlocal root
        if root is None:  # the paths were found and read: the old site can go
            root = prepare(directory)
        drawn.add(path, data)

    loaded = lint(paths, config, cache=cache, each=arrived)
    root = root or prepare(directory)
    site = Site(entries(loaded, today, window), today, window, base_url, repo_url)
    for entry in site.entries:
        for name in entry.row["parties"]:
            if name.strip():
                site.organisations.setdefault(organisation(name), " ".join(name.split()))
    drawn.finish(site)

    global _pages
    _pages = (site, root)  # the workers, forked, find it here
    pages: list[int | Callable[[Site, Path], None]] = [_flows_page, _review_pages, _index_pages]
    try:
        with quiet_collector():
            _progress(
                in_workers(_write_pages, [*pages, *range(len(site.entries))], default_jobs()),
                len(site.entries),
            )
    finally:
        _pages = None
    return len(site.entries)
