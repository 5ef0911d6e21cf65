"""Headless Chromium driven over the Chrome DevTools Protocol, through a pipe (no network port).

Enough of the protocol for the site tests: open a page at a window size, run a script in it
(axe-core, or a measurement), take a screenshot, print to PDF. ``.ci/run`` installs Chromium
(Debian's package) and axe-core (npm, into ``node_modules/`` at the repository root).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = next(
    (
        path
        for path in (
            Path(os.environ.get("AXE_CORE", "/nonexistent")),
            ROOT / "node_modules/axe-core/axe.min.js",
        )
        if path.is_file()
    ),
    None,
)

TIMEOUT = 120
"""Seconds to wait for any answer from Chromium before the test fails (a busy machine is slow)."""


class Browser:
    """One headless Chromium with one page; close it with :meth:`close` (or use ``with``)."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()

        def plumbing() -> None:
            # copy first: a pipe already on fd 3 or 4 would keep its close-on-exec flag through dup2
            reading, writing = os.dup(to_chrome), os.dup(from_chrome)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--no-first-run",
                "--disable-extensions",
                "--disable-background-networking",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            preexec_fn=plumbing,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
        )
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next = 0
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self.send("Browser.close")
        os.close(self._write)
        os.close(self._read)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], TIMEOUT)
            if not ready:
                raise RuntimeError(f"Chromium did not answer within {TIMEOUT} s")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next += 1
        command: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            command["sessionId"] = self.session
        os.write(self._write, json.dumps(command).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self._next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                reply: dict[str, Any] = message.get("result", {})
                return reply

    def wait_for(self, event: str) -> None:
        while self._message().get("method") != event:
            pass

    def open(self, page: Path, width: int, height: int = 900) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.send("Page.setBypassCSP", session=True, enabled=True)  # so the test can inject axe-core
        self.send("Page.navigate", session=True, url=page.as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        reply = self.send(
            "Runtime.evaluate", session=True, expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in reply:
            raise RuntimeError(f"script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def screenshot(self, target: Path, *, full_page: bool = True) -> Path:
        reply = self.send(
            "Page.captureScreenshot", session=True, format="png", captureBeyondViewport=full_page
        )
        target.write_bytes(base64.b64decode(reply["data"]))
        return target

    def pdf(self) -> bytes:
        reply = self.send("Page.printToPDF", session=True, preferCSSPageSize=True, printBackground=True)
        return base64.b64decode(reply["data"])

    def axe(self, rules: tuple[str, ...] = ("wcag2a", "wcag2aa", "best-practice")) -> list[dict[str, Any]]:
        """axe-core's violations on the open page: id, impact, help and the elements involved."""
        assert AXE is not None
        self.evaluate(AXE.read_text(encoding="utf-8"))
        script = (
            f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(list(rules))}}}, resultTypes: ['violations']}})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))"
        )
        violations: list[dict[str, Any]] = self.evaluate(script)
        return violations
