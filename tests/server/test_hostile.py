"""The hostile corpus (tests/hostile.py) through a real session: a finding for each, and the server lives on."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .. import hostile
from .test_session import _change, _diagnostics


def _as_editor_holds(content: bytes) -> tuple[str, bool]:
    """The text an editor would show for these bytes, and whether it is the bytes exactly."""
    try:
        return content.decode("utf-8"), True
    except UnicodeDecodeError:
        return content.decode("utf-8", "replace"), False


async def test_hostile_corpus_through_open_and_change(client: LanguageClient, workspace: Path) -> None:
    folder = workspace / "agreements" / "hostile"
    first = (folder / "first.yaml").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(first, "yaml", 1, ""))
    )
    await _diagnostics(client, first, 1)
    for version, case in enumerate(hostile.cases(), start=2):
        text, exact = _as_editor_holds(case.content)
        uri = (folder / case.name).as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
        )
        opened = await _diagnostics(client, uri, 1)
        _change(client, first, version, text)
        changed = await _diagnostics(client, first, version)
        assert opened, case.name
        assert all(d.source == "isa-lint" and d.code for d in opened), case.name
        if exact:
            assert case.code in {d.code for d in opened}, case.name
            # the same text under another file name: the same findings, but for the file-name check
            assert {d.code for d in changed} - {"ISA014"} == {d.code for d in opened} - {"ISA014"}, case.name
        assert not (workspace / hostile.MARKER).exists()
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(first), types.Position(0, 0))
    )
    assert hover is None or isinstance(hover, types.Hover)  # it answers
