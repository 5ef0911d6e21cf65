"""The document model as a PDF, through WeasyPrint (HTML and CSS to PDF).

WeasyPrint is maintained, pure Python above the Pango text libraries, and renders paged
CSS: running headers, page counters and repeated table headers come from a style sheet
rather than from drawing code. It is the optional ``[pdf]`` extra because Pango is a system
library. The HTML is built here from the same blocks as the Word file, every text escaped.
"""

from __future__ import annotations

from html import escape

from isa_lint.word.model import Document, Fields, Grid, Heading, Paragraph

MISSING = (
    "PDF export needs WeasyPrint and the Pango libraries: pip install 'isa-lint[pdf]' "
    "(on Debian or Ubuntu also: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)

CSS = """
@page { size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-center { content: element(head); }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 9pt Arial, sans-serif; } }
body { font: 10.5pt/1.4 Arial, "Liberation Sans", sans-serif; color: #111; }
header { position: running(head); font: 9pt Arial, sans-serif; color: #444; }
h1.title { font-size: 20pt; margin: 0 0 8mm; }
h1 { font-size: 15pt; margin: 9mm 0 3mm; break-after: avoid; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 0.5pt solid #777; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; }
td.label { width: 32%; font-weight: bold; }
table.signature { break-inside: avoid; margin-bottom: 8mm; }
table.signature td { height: 9mm; }
td p { margin: 0 0 1mm; }
tr { break-inside: avoid; }
"""


def html(document: Document) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{escape(document.title)}</title><style>{CSS}</style></head><body>",
        f"<header>{escape(document.running_head)}</header>",
        f'<h1 class="title">{escape(document.title)}</h1>',
    ]
    bullets: list[str] = []
    for block in document.blocks:
        if not (isinstance(block, Paragraph) and block.bullet) and bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if isinstance(block, Heading):
            level = min(block.level, 6)
            out.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            if block.bullet:
                bullets.append(f"<li>{escape(block.text)}</li>")
            else:
                out.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Fields):
            kind = ' class="signature"' if block.signature else ""
            rows = "".join(
                f'<tr><td class="label">{escape(label)}</td><td>{_lines(lines)}</td></tr>'
                for label, lines in block.rows
            )
            out.append(f"<table{kind}>{rows}</table>")
        elif isinstance(block, Grid):
            head = "".join(f'<th scope="col">{escape(label)}</th>' for label in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{_lines(c)}</td>" for c in row) + "</tr>" for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    if bullets:
        out.append("<ul>" + "".join(bullets) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out)


def _lines(lines: list[str]) -> str:
    if len(lines) == 1:
        return escape(lines[0])
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def render(document: Document) -> bytes:
    """The PDF; :class:`RuntimeError` with :data:`MISSING` when WeasyPrint cannot be used."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: WeasyPrint installed but Pango missing
        raise RuntimeError(MISSING) from None
    pdf = HTML(string=html(document)).write_pdf()
    return bytes(pdf) if pdf is not None else b""
