"""How a diff is shown: Markdown for people (the default), JSON for tools."""

from __future__ import annotations

from isa_lint import __version__
from isa_lint.reports import wording as w
from isa_lint.reports.common import to_json
from isa_lint.reports.diff.model import SECTIONS, FileDiff
from isa_lint.reports.escape import md


def render(results: list[FileDiff], output_format: str) -> str:
    if output_format == "json":
        return to_json(
            {
                "tool": "isa-lint",
                "tool_version": __version__,
                "report": "diff",
                "changed": sum(1 for r in results if r.changes),
                "files": [
                    {
                        "old": r.old,
                        "new": r.new,
                        "id": r.id,
                        "title": r.title,
                        "changes": [c.as_dict() for c in r.changes],
                    }
                    for r in results
                ],
            }
        )
    return markdown(results)


def markdown(results: list[FileDiff]) -> str:
    changed = [r for r in results if r.changes]
    out = ["## Changes in meaning", ""]
    if not changed:
        compared = w.plural(len(results), "agreement")
        return "\n".join([*out, f"No changes in meaning ({compared} compared).", ""])
    unchanged = len(results) - len(changed)
    for result in changed:
        heading = md(result.title or result.id or result.new)
        out += [
            f"### {heading}",
            "",
            f"{md(result.old)} \u2192 {md(result.new)}: {w.plural(len(result.changes), 'change')}.",
            "",
        ]
        section = None
        for change in result.changes:
            if change.section != section:
                section = change.section
                if out[-1]:
                    out.append("")
                out += [f"**{SECTIONS[section]}**", ""]
            out.append(f"- {md(change.message)}")
        out.append("")
    if unchanged:
        out += [f"{w.plural(unchanged, 'other agreement')} compared, with no change in meaning.", ""]
    out += [f"*Made by isa-lint {__version__}: reordering and reformatting are not changes.*", ""]
    return "\n".join(out)
