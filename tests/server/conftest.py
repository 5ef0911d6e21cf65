"""A real language server session over stdio: ``isa-lint server`` started as editors start it."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from isa_lint.examples import base_text

SERVER = [sys.executable, "-m", "isa_lint", "server"]


def timeless(text: str) -> str:
    """The base agreement as a draft taking effect in 2098, so today's date never matters."""
    text = text.replace("status: approved", "status: draft").replace("    signed: 2026-03-20\n", "")
    return text.replace("effective_from: 2026-04-01", "effective_from: 2098-04-01").replace(
        "2027-03-31", "2099-03-31"
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A partnership's repository: one clean agreement under agreements/, no configuration."""
    folder = tmp_path / "partnership"
    (folder / "agreements").mkdir(parents=True)
    (folder / "agreements" / "example-referrals.yaml").write_text(timeless(base_text()), encoding="utf-8")
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[LanguageClient]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="partnership")],
        )
    )
    yield lsp_client
    await lsp_client.shutdown_session()
