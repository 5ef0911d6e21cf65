"""``isa-lint server``: the language server, on pygls, speaking LSP over stdio.

What it offers (README: Editors): diagnostics for each open agreement as the editor holds it
(an agreement: a file that begins like one, or any YAML file in a folder named
``agreements``; other YAML files the editor attaches it to get none),
on open and on every change; hover on rule codes, flagged values and catalogue values;
completion of catalogue values; quick fixes (:mod:`isa_lint.server.fixes`).

Stale diagnostics are never shown: each change cancels the lint waiting for the one before,
and a lint whose document has changed since it started publishes nothing. Each publication
carries the version it was made from. A lint that fails for any reason publishes one
diagnostic saying so, and the server goes on.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from isa_lint import __version__
from isa_lint.check.findings import Finding, Severity, UsageProblem
from isa_lint.load.agreement_files import HEAD_BYTES, looks_like_agreement
from isa_lint.server import fixes, meaning
from isa_lint.server.lint import Workspace, lint_open_document
from isa_lint.server.positions import Span, cursor_at, finding_span, split_lines

SOURCE = "isa-lint"
DEBOUNCE_SECONDS = 0.005
"""How long a change waits for a newer one before it is linted: a burst of keystrokes is linted once."""
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)


class Published(NamedTuple):
    """The findings last published for a document, with the span each covers."""

    version: int | None
    findings: list[tuple[Span, Finding]]


class IsaLintServer(LanguageServer):
    """The language server: pygls's, with the workspaces, pending lints and last results it keeps."""

    def __init__(self) -> None:
        super().__init__("isa-lint", __version__)
        self.workspaces: dict[Path, Workspace] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.published: dict[str, Published] = {}

    def workspace_for(self, path: Path) -> Workspace:
        """The workspace folder holding ``path`` (the innermost), else the file's own folder."""
        roots = [Path(to_fs_path(f.uri) or "") for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        holding = [root for root in roots if root != Path() and path.is_relative_to(root)]
        root = max(holding, key=lambda r: len(r.parts)) if holding else path.parent
        if root not in self.workspaces:
            self.workspaces[root] = Workspace(root)
        return self.workspaces[root]

    def schedule(self, uri: str) -> None:
        """Lint ``uri`` soon, in place of any lint still waiting for it."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        document = self.workspace.get_text_document(uri)
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, document.version))

    async def _lint_later(self, uri: str, version: int | None) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        document = self.workspace.get_text_document(uri)
        if document.version != version:
            return
        self.pending.pop(uri, None)
        self.publish(document)

    def publish(self, document: TextDocument) -> None:
        """Lint ``document`` now and publish its diagnostics, tagged with its version."""
        lines = split_lines(document.source)
        try:
            findings = self.lint(document)
        except Exception as error:  # the server outlives any failure of one lint
            if not isinstance(error, UsageProblem):  # a bad configuration is the user's to fix, said below
                log.exception("isa-lint failed on %s", document.uri)
            diagnostic = types.Diagnostic(
                range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                message=f"isa-lint could not check this file: {error}",
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(document.uri, [diagnostic], document.version)
            )
            return
        spans = [(finding_span(lines, f.line, f.column), f) for f in findings]
        self.published[document.uri] = Published(document.version, spans)
        diagnostics = [_diagnostic(document, lines, span, finding) for span, finding in spans]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(document.uri, diagnostics, document.version)
        )

    def lint(self, document: TextDocument) -> list[Finding]:
        """The findings for an agreement; none for any other YAML file the editor has open."""
        if not document.path:  # not a file (an untitled buffer): no folder, configuration or workspace
            return []
        path = Path(document.path).resolve()
        if not is_agreement(document.source, path):
            return []
        open_texts = {
            Path(other.path).resolve(): other.source
            for other in self.workspace.text_documents.values()
            if other.uri != document.uri and other.path
        }
        return lint_open_document(document.source, path, self.workspace_for(path), open_texts)


def is_agreement(text: str, path: Path) -> bool:
    """An agreement begins like one, or sits in a folder named ``agreements`` (a new file, half-written)."""
    head = text[:HEAD_BYTES].encode("utf-8", "replace")
    return "agreements" in path.parts[:-1] or looks_like_agreement(head)


def _diagnostic(document: TextDocument, lines: list[str], span: Span, finding: Finding) -> types.Diagnostic:
    from isa_lint.rules import BY_CODE, RUN_LEVEL_FAMILIES

    rule = BY_CODE.get(finding.code)
    target = fixes.Target(
        finding.code,
        finding.line,
        finding.column,
        finding.pointer,
        finding.fix,
        fixes.suppressible(finding.code, rule is not None and rule.family in RUN_LEVEL_FAMILIES),
    )
    return types.Diagnostic(
        range=_client_range(document, lines, span),
        message=f"{finding.message}\nFix: {finding.fix}",
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=meaning.rule_url(finding.code)),
        source=SOURCE,
        data=target._asdict(),
    )


def _client_range(document: TextDocument, lines: list[str], span: Span) -> types.Range:
    server = ServerTextRange(
        ServerTextPosition(span.line, span.start), ServerTextPosition(span.line, span.end)
    )
    return document.position_codec.range_to_client_units(lines, server)


def _server_position(document: TextDocument, lines: list[str], position: types.Position) -> tuple[int, int]:
    at = document.position_codec.position_from_client_units(lines, position)
    return at.line, at.character


server = IsaLintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: IsaLintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: IsaLintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: IsaLintServer, params: types.DidSaveTextDocumentParams) -> None:
    """Other open agreements may be checked against this one: lint them all again."""
    for uri in list(ls.workspace.text_documents):
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: IsaLintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.published.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: IsaLintServer, params: types.HoverParams) -> types.Hover | None:
    from isa_lint.rules import lookup

    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = split_lines(document.source)
    line, column = _server_position(document, lines, params.position)
    cursor = cursor_at(lines, line, column)
    parts: list[str] = []
    named = lookup(cursor.word) if cursor.word else None
    if named is not None:  # a rule code or name, as in a suppression comment
        parts.append(meaning.rule_markdown(named))
    published = ls.published.get(document.uri)
    if published is not None and published.version == document.version:
        for span, finding in published.findings:
            rule = lookup(finding.code)
            if rule is not None and span.line == line and span.start <= column <= span.end:
                parts.append(meaning.rule_markdown(rule, finding.message))
    if cursor.path and cursor.word:
        parts += [
            meaning.choice_markdown(c) for c in meaning.choices_at(cursor.path) if c.value == cursor.word
        ]
    if not parts:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=_client_range(document, lines, Span(line, cursor.start, cursor.end)),
    )


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", "[", ","]))
def completion(ls: IsaLintServer, params: types.CompletionParams) -> types.CompletionList | None:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = split_lines(document.source)
    line, column = _server_position(document, lines, params.position)
    cursor = cursor_at(lines, line, column)
    choices = meaning.choices_at(cursor.path) if cursor.path else []
    if not choices:
        return None
    replace = _client_range(document, lines, Span(line, cursor.start, min(cursor.end, column)))
    items = [
        types.CompletionItem(
            label=choice.value,
            kind=types.CompletionItemKind.EnumMember,
            detail=f"{choice.title} ({choice.citation})" if choice.title else None,
            documentation=types.MarkupContent(types.MarkupKind.Markdown, meaning.choice_markdown(choice))
            if choice.title
            else None,
            text_edit=types.TextEdit(replace, choice.value),
            sort_text=f"{index:04d}",
        )
        for index, choice in enumerate(choices)
    ]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: IsaLintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = split_lines(document.source)
    actions = []
    for diagnostic in params.context.diagnostics:
        target = _target(diagnostic)
        if diagnostic.source != SOURCE or target is None:
            continue
        for fix in fixes.fixes_for(document.source, target):
            edits = [types.TextEdit(_client_range(document, lines, e.span), e.text) for e in fix.edits]
            actions.append(
                types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={document.uri: edits}),
                    is_preferred=fix.preferred or None,
                )
            )
    return actions


def _target(diagnostic: types.Diagnostic) -> fixes.Target | None:
    data: Any = diagnostic.data
    if not isinstance(data, dict):
        return None
    try:
        return fixes.Target(**data)
    except TypeError:
        return None


def serve() -> None:
    """Serve over stdin and stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING)
    server.start_io()
