"""``isa-lint site`` run as a user would: pages, links, filters, calendar, output folder, hostile text."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest

from bench.corpus import generate
from tests.hostile import write as write_hostile_corpus
from tests.reports.conftest import AGREEMENTS, TODAY_ARG, Run, hostile_text
from tests.site.conftest import build, needs_dot
from tests.site.sitecheck import broken_links

pytestmark = needs_dot


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_shipped_agreements_make_a_site_whose_every_link_resolves(run: Run, tmp_path: Path) -> None:
    site = build(
        run, [str(AGREEMENTS)], tmp_path / "site", "--repo-url", "https://git.example.org/isa/blob/main"
    )
    pages = {str(p.relative_to(site)) for p in site.rglob("*.html")}
    assert {
        "index.html",
        "by-status.html",
        "by-review.html",
        "by-result.html",
        "flows.html",
        "reviews.html",
    } <= pages
    assert len([p for p in pages if p.startswith("agreements/")]) == len(list(AGREEMENTS.glob("*.yaml")))
    assert any(p.startswith("filter/party-") for p in pages)
    assert "filter/status-approved.html" in pages and "filter/nation-wales.html" in pages
    assert broken_links(site) == []
    mash = (site / "agreements/northshire-mash.html").read_text(encoding="utf-8")
    assert '<a href="https://git.example.org/isa/blob/main/' in mash and "northshire-mash.yaml" in mash
    assert mash.index('id="overview"') < mash.index('id="purpose"') < mash.index('id="findings"')
    assert "<svg" in mash and 'aria-labelledby="map-label"' in mash
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "31 March 2027" in index and "2027-03-31</td>" not in index


def test_filter_pages_hold_only_matching_agreements(run: Run, tmp_path: Path) -> None:
    site = build(run, [str(AGREEMENTS)], tmp_path / "site")
    wales = (site / "filter/nation-wales.html").read_text(encoding="utf-8")
    assert "glyncoed-youth-justice" in wales and "northshire-mash" not in wales
    police = next(site.glob("filter/party-chief-constable-of-northshire-police.html")).read_text(
        encoding="utf-8"
    )
    assert "northshire-mash" in police and "northshire-operation-encompass" in police
    assert "glyncoed-youth-justice" not in police
    by_review = (site / "by-review.html").read_text(encoding="utf-8")
    dates = re.findall(r'data-sort="(\d{4}-\d\d-\d\d)"', by_review)
    assert dates == sorted(dates) and len(dates) == 5


def test_build_twice_gives_identical_bytes(run: Run, tmp_path: Path) -> None:
    first = _tree(build(run, [str(AGREEMENTS)], tmp_path / "one"))
    second = _tree(build(run, [str(AGREEMENTS)], tmp_path / "two"))
    assert first == second
    again = _tree(build(run, [str(AGREEMENTS)], tmp_path / "one"))  # rebuilding in place
    assert again == first


def test_workers_build_the_same_bytes_as_one_process(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linting and the agreement pages go to worker processes at 16 agreements a worker or more."""
    import isa_lint.run.pool
    import isa_lint.site.build

    generate(tmp_path / "agreements", 40)
    trees = []
    for jobs in (1, 2):
        monkeypatch.setattr(isa_lint.run.pool, "default_jobs", lambda jobs=jobs: jobs)
        monkeypatch.setattr(isa_lint.site.build, "default_jobs", lambda jobs=jobs: jobs)
        trees.append(_tree(build(run, [str(tmp_path / "agreements")], tmp_path / f"site-{jobs}")))
    assert len([name for name in trees[0] if name.startswith("agreements/")]) == 40
    assert trees[0] == trees[1]


def _data_shards(project: Path) -> list[Path]:
    from isa_lint.run import cache

    return sorted((project / cache.CACHE_DIR).rglob(f"*{cache.DATA}.json"))


def _rewrite(shard: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a shard's entries and seal it again, as this user's isa-lint would."""
    from isa_lint.run import cache

    data = json.loads(shard.read_text(encoding="utf-8").partition("\n")[2])
    change(data["entries"])
    text = json.dumps(data)
    shard.write_text(f"{cache.seal(text)}\n{text}", encoding="utf-8")


def test_a_rebuild_reads_each_agreement_from_the_cache_and_writes_the_same_bytes(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results cache keeps each file's data beside its findings, so a rebuild over unchanged
    agreements loads and checks none of them: the same bytes cold and cached, in one process or two."""
    import isa_lint.run.pool
    import isa_lint.site.build
    from isa_lint.run import cache

    monkeypatch.chdir(tmp_path)  # the project root, where the cache is kept
    generate(tmp_path / "agreements", 40)
    cold = _tree(build(run, ["agreements"], tmp_path / "cold", "--no-cache"))
    assert not (tmp_path / cache.CACHE_DIR).exists()
    for jobs in (1, 2):
        monkeypatch.setattr(isa_lint.run.pool, "default_jobs", lambda jobs=jobs: jobs)
        monkeypatch.setattr(isa_lint.site.build, "default_jobs", lambda jobs=jobs: jobs)
        for name in ("first", "again"):
            assert _tree(build(run, ["agreements"], tmp_path / f"{name}-{jobs}")) == cold, (name, jobs)
        assert len(_data_shards(tmp_path)) == 16

    # The rebuild read the data from the cache: a title changed there (sealed by this user) shows.
    path = sorted((tmp_path / "agreements").glob("*.yaml"))[0]
    key = cache.file_key(f"agreements/{path.name}", path.read_bytes())
    shard = next(s for s in _data_shards(tmp_path) if s.name.startswith(key[0]))
    _rewrite(shard, lambda entries: entries[key]["d"].update(title="Title from the cache"))
    site = build(run, ["agreements"], tmp_path / "planted")
    assert "Title from the cache" in (site / "index.html").read_text(encoding="utf-8")

    # An edited file is loaded again; so is every file whose data entry has the wrong shape.
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert "Title from the cache" not in (build(run, ["agreements"], site) / "index.html").read_text(
        encoding="utf-8"
    )
    wrong: list[Any] = [1, {}, {"x": 1}, []]
    for number, shard in enumerate(_data_shards(tmp_path)):
        _rewrite(shard, lambda entries, n=number: entries.update(dict.fromkeys(entries, wrong[n % 4])))
    path.write_text(path.read_text(encoding="utf-8").removesuffix("# edited\n"), encoding="utf-8")
    assert _tree(build(run, ["agreements"], tmp_path / "wrong")) == cold


def test_the_hostile_corpus_is_the_same_from_the_cache(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files that cannot be read, or hold a list or text instead of an agreement, come back
    from the cache as they were loaded."""
    monkeypatch.chdir(tmp_path)
    write_hostile_corpus(tmp_path / "corpus")
    cold = _tree(build(run, ["corpus"], tmp_path / "cold", "--no-cache"))
    for name in ("first", "again"):
        assert _tree(build(run, ["corpus"], tmp_path / name)) == cold, name
    assert _data_shards(tmp_path)


def test_lint_reads_the_same_cache_the_site_wrote(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    generate(tmp_path / "agreements", 12, seed=5)
    expected = run(["lint", *TODAY_ARG, "--no-cache", "agreements"]).output
    build(run, ["agreements"], tmp_path / "site")
    assert run(["lint", *TODAY_ARG, "agreements"]).output == expected
    assert run(["lint", *TODAY_ARG, "agreements"]).output == expected


def test_calendar_has_an_alarm_before_each_review_and_links_with_base_url(run: Run, tmp_path: Path) -> None:
    site = build(run, [str(AGREEMENTS)], tmp_path / "site", "--base-url", "https://example.github.io/isa")
    calendar = icalendar.Calendar.from_ical((site / "reviews.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 5
    for event in events:
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1
        assert alarms[0]["action"] == "DISPLAY"
        assert alarms[0].decoded("trigger").days < 0  # before the due date
        assert str(event["url"]).startswith("https://example.github.io/isa/agreements/")
    reviews = (site / "reviews.html").read_text(encoding="utf-8")
    assert "https://example.github.io/isa/reviews.ics" in reviews and 'href="reviews.ics"' in reviews


@pytest.mark.parametrize("option", ["--base-url", "--repo-url"])
@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "ftp://x.example/", 'https://x.example/"><script>', "/relative"]
)
def test_urls_must_be_plain_http_addresses(run: Run, tmp_path: Path, option: str, value: str) -> None:
    result = run(["site", str(AGREEMENTS), "-o", str(tmp_path / "site"), option, value])
    assert result.exit_code == 2
    assert "must be an http:// or https:// address" in result.output
    assert not (tmp_path / "site").exists()


def test_output_that_is_a_file_is_refused(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    result = run(["site", str(AGREEMENTS), "-o", str(target)])
    assert result.exit_code == 2 and "is a file, not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path: os.mkfifo(path), "is a special file (a device, pipe or socket), not a folder"),
        (
            lambda path: path.symlink_to("/dev/null"),
            "is a link to a special file (a device, pipe or socket), not a folder",
        ),
        (lambda path: path.symlink_to(path.with_name("real.txt")), "is a link to a file, not a folder"),
    ],
    ids=["fifo", "link-to-dev-null", "link-to-file"],
)
def test_output_that_is_not_a_folder_is_named_for_what_it_is(
    run: Run, tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    (tmp_path / "real.txt").write_text("keep me", encoding="utf-8")
    target = tmp_path / "out"
    make(target)
    result = run(["site", str(AGREEMENTS), "-o", str(target)])
    assert result.exit_code == 2 and said in result.output, result.output
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == "keep me"
    assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_refused_output_costs_no_linting(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The output is checked before the agreements are linted (1,000 take seconds)."""
    import isa_lint.site.build

    target = tmp_path / "out"
    if kind == "file":
        target.write_text("keep me", encoding="utf-8")
    else:
        target.mkdir()
        (target / "precious.md").write_text("mine", encoding="utf-8")

    def no_lint(*args: object, **kwargs: object) -> None:
        raise AssertionError("linted before the output was checked")

    monkeypatch.setattr(isa_lint.site.build, "lint", no_lint)
    result = run(["site", str(AGREEMENTS), "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert "is a file, not a folder" in result.output or "was not made by 'isa-lint site'" in result.output


def test_a_folder_isa_lint_did_not_make_is_never_emptied(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "docs"
    target.mkdir()
    (target / "precious.md").write_text("mine", encoding="utf-8")
    result = run(["site", str(AGREEMENTS), "-o", str(target)])
    assert result.exit_code == 2 and "was not made by 'isa-lint site'" in result.output
    assert [p.name for p in target.iterdir()] == ["precious.md"]


def test_a_site_built_before_is_replaced_without_stale_pages(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS, folder)
    site = build(run, [str(folder)], tmp_path / "site")
    assert (site / "agreements/westbury-cp-is.html").exists()
    (folder / "westbury-cp-is.yaml").unlink()
    build(run, [str(folder)], site)
    assert not (site / "agreements/westbury-cp-is.html").exists()
    assert broken_links(site) == []


def test_hostile_text_is_inert_on_every_page(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(hostile_text(), encoding="utf-8")
    # an id that tries to leave the folder, and a party name that is Graphviz HTML-label markup
    text = hostile_text("../../escape").replace(
        "    name: Chief Constable of Exampleshire Police", '    name: "<<b>dot</b>> \\\\N \\\\G --> evil"'
    )
    (folder / "escape.yaml").write_text(text, encoding="utf-8")
    site = build(run, [str(folder)], tmp_path / "site", "--base-url", "https://example.org/")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "site"]
    pages = sorted(site.rglob("*.html"))
    assert all(p.resolve().is_relative_to(site.resolve()) for p in site.rglob("*"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<script>document" not in html, page
        assert "<img" not in html and "onerror=" not in html.replace("onerror=alert(3)&gt;", ""), page
        assert 'href="javascript:' not in html and "href='javascript:" not in html, page
        assert html.count("<script") <= 1, page  # only isa-lint's own sorting script
        assert "<b>dot</b>" not in html, page
    agreement = next(p for p in pages if "hostile" in p.name).read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in agreement
    assert "[click](javascript:alert(4))" in agreement  # Markdown is shown as written, not turned into a link
    assert broken_links(site) == []


def test_the_hostile_corpus_builds_a_site_with_every_file_listed(run: Run, tmp_path: Path) -> None:
    cases = write_hostile_corpus(tmp_path / "corpus")
    result = run(["site", str(tmp_path / "corpus"), "-o", str(tmp_path / "site"), *TODAY_ARG])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert index.count('<tr>\n<th scope="row"') == len(
        [c for c in cases if c.name.endswith((".yaml", ".yml"))]
    )
    assert broken_links(tmp_path / "site") == []


def test_no_agreements_still_makes_a_site(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    site = build(run, [str(tmp_path / "empty")], tmp_path / "site")
    assert "No agreements found." in (site / "index.html").read_text(encoding="utf-8")
    (event,) = icalendar.Calendar.from_ical((site / "reviews.ics").read_bytes()).walk("VEVENT")
    assert "no agreement in use has a review date" in str(event["description"])
    assert broken_links(site) == []
    assert filecmp.cmp(site / ".isa-lint-site", site / ".isa-lint-site")


@pytest.mark.parametrize("relative", ["../outside.html", "/etc/passwd", "agreements/../../x.html", ""])
def test_writing_is_refused_outside_the_folder(tmp_path: Path, relative: str) -> None:
    from isa_lint.site.output import SiteError, write

    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(SiteError):
        write(root, relative, "x")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["site"]


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    command = [
        sys.executable,
        "-m",
        "isa_lint",
        "site",
        str(AGREEMENTS),
        "-o",
        str(tmp_path / "a"),
        *TODAY_ARG,
    ]
    leader, follower = os.openpty()
    try:
        result = subprocess.run(command, stderr=follower, stdout=subprocess.DEVNULL, timeout=300, check=False)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"Writing agreement pages" in shown
    piped = subprocess.run(
        [*command[:-4], "-o", str(tmp_path / "b"), *TODAY_ARG], capture_output=True, timeout=300, check=False
    )
    assert piped.returncode == 0 and b"Writing agreement pages" not in piped.stderr
    assert b"Built the site of 5 agreements" in piped.stderr


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (
            "echo 'Error: syntax error in line 1' >&2; exit 3",
            "Graphviz failed: Error: syntax error in line 1",
        ),
        ("{cat} >/dev/null; echo '<svg></svg>'", "Graphviz drew 1 maps for"),
        (
            "{cat} >/dev/null; echo 'Error: out of memory' >&2; exit 1",
            "Graphviz failed: Error: out of memory",
        ),
    ],
)
def test_a_failing_dot_is_reported_not_waited_for(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, message: str
) -> None:
    """dot is handed the maps as they are made; one that stops reading, fails or draws too few
    maps ends the build with exit 2 and what went wrong."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dot").write_text(f"#!/bin/sh\n{script.format(cat=shutil.which('cat'))}\n", encoding="utf-8")
    (fake / "dot").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    result = run(["site", str(AGREEMENTS), "-o", str(tmp_path / "site"), "--no-cache", *TODAY_ARG])
    assert result.exit_code == 2 and message in result.output, result.output


def test_without_dot_the_build_says_what_to_install(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run(["site", str(AGREEMENTS), "-o", str(tmp_path / "site"), "--no-cache", *TODAY_ARG])
    assert result.exit_code == 2 and "install Graphviz" in result.output, result.output
