"""The language server in a real LSP session: diagnostics, hover, completion and quick fixes."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from isa_lint import catalogues
from isa_lint.examples import base_text

from .conftest import timeless

URI_NAME = "agreements/example-referrals.yaml"


async def _open(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text))
    )
    return await _diagnostics(client, uri, 1)


async def _diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        published = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if published.uri == uri and published.version == version:
            return list(published.diagnostics)


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def test_clean_then_changed_unsaved(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8")
    assert await _open(client, path, text) == []
    broken = text.replace("kind: local_authority", "kind: local_authorty")
    _change(client, path.as_uri(), 2, broken)
    [diagnostic] = await _diagnostics(client, path.as_uri(), 2)
    assert diagnostic.code == "ISA013"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.source == "isa-lint"
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("docs/rules.md#isa013")
    line = broken.splitlines().index("    kind: local_authorty")
    assert diagnostic.range == types.Range(types.Position(line, 10), types.Position(line, 24))
    assert "did you mean 'local_authority'" in diagnostic.message
    assert path.read_text(encoding="utf-8") == text  # linted as held, never saved


async def test_half_typed_yaml_gives_the_load_finding(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8")
    await _open(client, path, text)
    half = text.replace("    kind: local_authority\n", "    kind: [local_auth\n")
    _change(client, path.as_uri(), 2, half)
    diagnostics = await _diagnostics(client, path.as_uri(), 2)
    assert [d.code for d in diagnostics] == ["ISA001"]
    _change(client, path.as_uri(), 3, text)
    assert await _diagnostics(client, path.as_uri(), 3) == []


async def test_checks_across_the_workspace(client: LanguageClient, workspace: Path) -> None:
    """A second agreement with the same id is reported against the open copy (ISA251)."""
    path = workspace / "agreements" / "zz-copy.yaml"
    text = timeless(base_text())
    diagnostics = await _open(client, path, text)
    assert "ISA251" in {d.code for d in diagnostics}


async def test_configuration_from_the_workspace(client: LanguageClient, workspace: Path) -> None:
    (workspace / ".isa-lint.yaml").write_text("ignore: [ISA013]\n", encoding="utf-8")
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace("kind: local_authority", "kind: local_authorty")
    assert await _open(client, path, text) == []


async def test_rapid_changes_end_on_the_last_version(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    await _open(client, path, text)
    published: list[types.PublishDiagnosticsParams] = []
    features = client.protocol.fm.features
    recorded = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def record(params: types.PublishDiagnosticsParams) -> None:
        published.append(params)
        recorded(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record
    last = 40
    for version in range(2, last + 1):
        # even versions are broken, odd ones clean; the last (even) one is broken
        _change(
            client,
            uri,
            version,
            text.replace("kind: local_authority", "kind: nope") if version % 2 == 0 else text,
        )
    final = await _diagnostics(client, uri, last)
    assert [d.code for d in final] == ["ISA013"]
    versions = [p.version for p in published if p.uri == uri]
    assert versions == sorted(versions)
    assert len(versions) < last - 1  # a burst is linted far fewer times than it has changes
    for params in published:
        codes = [d.code for d in params.diagnostics]
        assert codes == (["ISA013"] if params.version % 2 == 0 else []), params.version


async def test_hover_on_a_rule_code_in_a_suppression(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace(
        "    kind: local_authority",
        "    kind: local_authority  # isa-lint: ignore[ISA402] checked by the DPO",
    )
    await _open(client, path, text)
    line = text.splitlines().index("    kind: local_authority  # isa-lint: ignore[ISA402] checked by the DPO")
    column = text.splitlines()[line].index("ISA402") + 2
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, column))
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert "ISA402 art9-condition-missing" in hover.contents.value
    assert "UK GDPR Art 9(1)-(2)" in hover.contents.value  # the law
    assert "How to fix" in hover.contents.value


async def test_hover_on_a_catalogue_value(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8")
    await _open(client, path, text)
    line = text.splitlines().index("        sch1: [p18_safeguarding]")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, 20))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    entry = catalogues.entry("dpa2018_sch1", "p18_safeguarding")
    assert entry is not None
    assert entry["title"] in hover.contents.value
    assert entry["citation"] in hover.contents.value
    assert "Sch 1 para 18" in entry["citation"]


async def test_hover_on_a_flagged_value_explains_its_rule(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace("kind: local_authority", "kind: local_authorty")
    await _open(client, path, text)
    line = text.splitlines().index("    kind: local_authorty")
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, 14))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "ISA013 invalid-value" in hover.contents.value
    assert "did you mean 'local_authority'" in hover.contents.value


async def test_completion_of_a_kind_of_body(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace("    kind: local_authority\n", "    kind: loc\n")
    await _open(client, path, text)
    line = text.splitlines().index("    kind: loc")
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, 13))
    )
    assert isinstance(result, types.CompletionList)
    items = {item.label: item for item in result.items}
    assert "local_authority" in items and "nhs_foundation_trust" in items
    assert items["local_authority"].detail is not None
    assert "Children Act 2004 s.11(1)(a)" in items["local_authority"].detail
    edit = items["local_authority"].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.range == types.Range(types.Position(line, 10), types.Position(line, 13))


async def test_completion_in_a_list_of_art9_conditions(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace("        art6: [public_task]\n", "        art9: [\n", 1)
    await _open(client, path, text)
    line = text.splitlines().index("        art9: [")
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(line, 15))
    )
    assert isinstance(result, types.CompletionList)
    labels = [item.label for item in result.items]
    assert "substantial_public_interest" in labels and "health_social_care" in labels
    assert "public_task" not in labels  # an Art 6 basis is not an Art 9 condition


async def _actions(client: LanguageClient, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext([diagnostic])
        )
    )
    assert actions is not None
    return [a for a in actions if isinstance(a, types.CodeAction)]


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = edit.range.start, edit.range.end
        head = "\n".join([*lines[: start.line], lines[start.line][: start.character]])
        tail = "\n".join([lines[end.line][end.character :], *lines[end.line + 1 :]])
        lines = (head + edit.new_text + tail).split("\n")
    return "\n".join(lines)


async def test_quick_fix_adds_the_missing_art9_condition(client: LanguageClient, workspace: Path) -> None:
    path = workspace / URI_NAME
    clean = path.read_text(encoding="utf-8")
    text = clean.replace("        art9: [substantial_public_interest]\n", "", 1)
    assert text != clean
    diagnostics = await _open(client, path, text)
    [missing] = [d for d in diagnostics if d.code == "ISA402"]
    actions = await _actions(client, path.as_uri(), missing)
    add = next(a for a in actions if a.title.startswith("Add 'art9: [substantial_public_interest]'"))
    assert add.is_preferred  # the entry already gives p18_safeguarding, which goes with it
    assert add.edit is not None and add.edit.changes is not None
    fixed = _apply(text, add.edit.changes[path.as_uri()])
    _change(client, path.as_uri(), 2, fixed)
    assert await _diagnostics(client, path.as_uri(), 2) == []


async def test_quick_fix_inserts_a_suppression_with_a_reason_to_give(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8").replace("kind: local_authority", "kind: local_authorty")
    [diagnostic] = await _open(client, path, text)
    actions = await _actions(client, path.as_uri(), diagnostic)
    silence = next(a for a in actions if a.title.startswith("Silence ISA013"))
    assert silence.edit is not None and silence.edit.changes is not None
    fixed = _apply(text, silence.edit.changes[path.as_uri()])
    assert "    kind: local_authorty  # isa-lint: ignore[ISA013] REASON: say why" in fixed
    _change(client, path.as_uri(), 2, fixed)
    assert await _diagnostics(client, path.as_uri(), 2) == []


async def test_other_yaml_files_are_left_alone(client: LanguageClient, workspace: Path) -> None:
    workflow = workspace / ".github" / "workflows" / "ci.yml"
    assert await _open(client, workflow, "on: push\njobs: {}\n") == []
    elsewhere = workspace / "governance" / "example-referrals.yaml"
    broken = timeless(base_text()).replace("kind: local_authority", "kind: local_authorty")
    assert "ISA013" in {d.code for d in await _open(client, elsewhere, broken)}  # it begins like one


async def test_a_broken_configuration_is_reported_not_fatal(client: LanguageClient, workspace: Path) -> None:
    (workspace / ".isa-lint.yaml").write_text("select: [NOT-A-RULE]\nfail-on: [\n", encoding="utf-8")
    path = workspace / URI_NAME
    text = path.read_text(encoding="utf-8")
    [diagnostic] = await _open(client, path, text)
    assert diagnostic.message.startswith("isa-lint could not check this file:")
    assert ".isa-lint.yaml" in diagnostic.message
    (workspace / ".isa-lint.yaml").unlink()
    _change(client, path.as_uri(), 2, text)
    assert await _diagnostics(client, path.as_uri(), 2) == []


async def test_ranges_count_utf16_units_as_lsp_does(client: LanguageClient, workspace: Path) -> None:
    """A character outside the BMP before a flagged value is two units in the editor's columns."""
    path = workspace / URI_NAME
    clean = path.read_text(encoding="utf-8")
    line = "    gateways: [ca1989_s47, ca2004_s11]"
    assert line in clean
    text = clean.replace(line, "    gateways: [ca1989_s47, ca2004_s11, '\U0001f642', ca1989_s4x]")
    diagnostics = await _open(client, path, text)
    row = text.splitlines().index("    gateways: [ca1989_s47, ca2004_s11, '\U0001f642', ca1989_s4x]")
    flagged = [d for d in diagnostics if d.range.start.line == row]
    start = text.splitlines()[row].index("ca1989_s4x") + 1  # the emoji counts twice in UTF-16
    assert any(d.range.start.character == start and d.range.end.character == start + 10 for d in flagged), [
        (d.code, d.range) for d in flagged
    ]
