"""Reading a built site as a browser would: every page's links and assets, and where they lead."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src", "xlink:href"):
            value = values.get(name)
            if value is not None:
                self.links.append(value)


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(root: Path) -> list[str]:
    """Every relative link or asset in the site that does not resolve to a file (and anchor) in it.

    Absolute http(s) links (privacy notices, the YAML source) are outside the site and only
    counted; any other scheme (javascript:, data:, file:) is reported as broken.
    """
    pages = sorted(root.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            if parts.scheme or parts.netloc:
                broken.append(f"{page.relative_to(root)}: {link} (not a link inside the site)")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if not target.is_relative_to(root.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(root)}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(root)}: {link} (no such anchor)")
    return broken


if __name__ == "__main__":
    import sys

    problems = broken_links(Path(sys.argv[1]))
    print("\n".join(problems) or f"Every link and asset in {sys.argv[1]} resolves.")
    sys.exit(1 if problems else 0)
