"""The site in a real browser, at a desktop and a phone width: it draws, reads, sorts, prints and passes axe-core.

Screenshots are written to the test's temporary folder, or to ``$ISA_LINT_SCREENSHOTS`` when
set, so a person can look at them (the README's picture is one of these).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.reports.conftest import AGREEMENTS, TODAY_ARG, Run
from tests.reports.test_browser import png_pixels
from tests.site.browser import AXE, CHROMIUM, Browser
from tests.site.conftest import needs_dot

pytestmark = [
    needs_dot,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (.ci/run installs it)"),
]

PAGES = [
    "index.html",
    "agreements/northshire-mash.html",
    "flows.html",
    "reviews.html",
    "filter/nation-wales.html",
]
WIDTHS = [1200, 390]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from isa_lint.cli.app import main

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", str(AGREEMENTS), "-o", str(out), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Browser:
    with Browser(tmp_path_factory.mktemp("profile")) as opened:
        yield opened  # type: ignore[misc]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ISA_LINT_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_draws_and_fits_the_width(
    site: Path, browser: Browser, tmp_path: Path, page: str, width: int
) -> None:
    browser.open(site / page, width)
    assert browser.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    name = re.sub(r"[^a-z0-9]+", "-", page.removesuffix(".html"))
    shot = browser.screenshot(_shots(tmp_path) / f"site-{name}-{width}.png")
    shown_width, channels, rows = png_pixels(shot.read_bytes())
    assert shown_width == width
    colours = {row[x : x + 3] for row in rows[::8] for x in range(0, len(row), channels * 8)}
    assert len(colours) > 20, "the screenshot looks blank"


@pytest.mark.skipif(AXE is None, reason="axe-core is not installed (npm install axe-core; .ci/run does this)")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_no_serious_accessibility_violations(site: Path, browser: Browser, page: str, width: int) -> None:
    browser.open(site / page, width)
    serious = [v for v in browser.axe() if v["impact"] in SERIOUS]
    assert serious == [], serious


def test_sorting_works_with_the_keyboard_and_without_script(site: Path, browser: Browser) -> None:
    browser.open(site / "index.html", 1200)
    titles = "Array.from(document.querySelectorAll('#register tbody th a')).map(a => a.textContent)"
    before = browser.evaluate(titles)
    assert before == sorted(before, key=str.casefold)
    # our script turned each heading into a button; pressing Enter on it sorts
    browser.evaluate("document.querySelectorAll('#register thead button')[4].focus()")
    browser.send(
        "Input.dispatchKeyEvent",
        session=True,
        type="keyDown",
        key="Enter",
        code="Enter",
        windowsVirtualKeyCode=13,
        text="\r",
    )
    browser.send(
        "Input.dispatchKeyEvent",
        session=True,
        type="keyUp",
        key="Enter",
        code="Enter",
        windowsVirtualKeyCode=13,
    )
    dates = browser.evaluate(
        "Array.from(document.querySelectorAll('#register tbody td.date')).map(c => c.dataset.sort)"
    )
    assert dates == sorted(dates)
    assert (
        browser.evaluate("document.querySelectorAll('#register thead th')[4].getAttribute('aria-sort')")
        == "ascending"
    )
    # without JavaScript the same order is a page of its own, linked from the index
    assert 'href="by-review.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_register_page_fits_1200_pixels_and_prints_on_landscape_a4(
    run: Run, tmp_path: Path, browser: Browser
) -> None:
    target = tmp_path / "register.html"
    result = run(["register", str(AGREEMENTS), "--format", "html", "-o", str(target), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    browser.open(target, 1200)
    assert browser.evaluate("document.documentElement.scrollWidth") <= 1200
    # no cell's content spills out of it, and the narrowest column still holds a three-digit number
    cells = "Array.from(document.querySelectorAll('#register th, #register td'))"
    assert browser.evaluate(f"{cells}.filter(c => c.scrollWidth > c.clientWidth + 1).length") == 0
    assert browser.evaluate(f"Math.min(...{cells}.map(c => c.getBoundingClientRect().width))") >= 36
    browser.screenshot(_shots(tmp_path) / "register-1200.png", full_page=False)
    pdf = browser.pdf()
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert box is not None
    assert float(box.group(1)) > float(box.group(2)), "the register does not print on a landscape page"


def test_summary_puts_the_overview_first_on_its_own_printed_page(
    run: Run, tmp_path: Path, browser: Browser
) -> None:
    target = tmp_path / "summary.html"
    result = run(
        [
            "summary",
            str(AGREEMENTS / "northshire-mash.yaml"),
            "--format",
            "html",
            "-o",
            str(target),
            *TODAY_ARG,
        ]
    )
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert html.index('id="overview"') < html.index('id="purpose"')
    browser.open(target, 1200)
    # the overview ends a printed page: the first section after it starts a new one
    browser.send("Emulation.setEmulatedMedia", session=True, media="print")
    assert browser.evaluate("getComputedStyle(document.querySelector('.overview')).breakAfter") == "page"
    browser.send("Emulation.setEmulatedMedia", session=True, media="")
