"""``isa-lint init``: a new agreement from a template, with placeholders where the details go.

Templates are the agreements in the project's agreements folder (named by file name, so
``--template northshire-mash``), plus ``basic``, the complete example shipped inside isa-lint,
so that ``init`` works in an empty repository too. A project file named ``basic.yaml`` takes
the place of the shipped one.

The new file keeps the template's comments, key order, quoting and layout (ruamel.yaml's
round-trip mode, used here only). It gets the new id, version 0.1, status draft, one
changelog entry and no signature dates; every organisation-specific value (names, ICO
numbers, contacts, web addresses, dates, the area) becomes an ``[insert ...]`` placeholder
that ``isa-lint lint`` reports until it is filled in. The area's name and the parties' names
are also replaced where they appear inside other text. ``init`` never overwrites a file.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from isa_lint.check.findings import UsageProblem
from isa_lint.load.document import load_bytes, load_text, read_regular
from isa_lint.load.schema import LOCAL_ID, MAX_ID_LENGTH, SCHEMA_FILE
from isa_lint.reports.common import ReportError
from isa_lint.reports.escape import visible
from isa_lint.reports.view import as_text

BASIC = "basic"
BASIC_PATH = Path(__file__).resolve().parent.parent / "examples" / "base.yaml"
PLACEHOLDER = "[insert"
_LOCAL_ID = re.compile(LOCAL_ID)
_SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S*\s*$")


@dataclass(frozen=True)
class Template:
    """An agreement new ones can be made from."""

    name: str
    path: Path
    title: str


def _title(path: Path) -> str | None:
    """The template's title, or None when the file is not a readable agreement."""
    try:
        document = load_bytes(read_regular(path), str(path))
    except OSError:
        return None
    fatal = any(
        p.code in ("ISA001", "ISA002", "ISA003", "ISA004", "ISA005", "ISA007") for p in document.problems
    )
    if fatal or not isinstance(document.data, dict):
        return None
    return as_text(document.data.get("title")) or path.stem


def templates(directory: Path) -> dict[str, Template]:
    """``basic`` first, then the readable agreements directly in ``directory``, by name."""
    found = {BASIC: Template(BASIC, BASIC_PATH, _title(BASIC_PATH) or "Basic example")}
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix in (".yaml", ".yml") and not path.name.startswith(".") and path.is_file():
                title = _title(path)
                if title is not None:
                    found[path.stem] = Template(path.stem, path, title)
    return found


def create(
    agreement_id: str, template_name: str, directory: Path, choices: dict[str, Template]
) -> tuple[Path, int]:
    """Write ``directory/<agreement_id>.yaml`` from a template; return its path and placeholder count."""
    if not _LOCAL_ID.fullmatch(agreement_id):
        raise UsageProblem(
            f"Invalid value for 'ID': '{visible(agreement_id)}' is not a valid id: use at most "
            f"{MAX_ID_LENGTH} lower-case letters, digits, '-' and '_', starting with a letter or digit "
            "(for example northshire-early-help)"
        )
    template = choices.get(template_name)
    if template is None:
        raise UsageProblem(
            f"Invalid value for '--template': no template {visible(repr(template_name))}; "
            f"choose from: {', '.join(visible(name) for name in choices)}"
        )
    target = directory / f"{agreement_id}.yaml"
    for existing in (target, target.with_suffix(".yml")):
        if existing.exists():
            raise ReportError(f"{existing} already exists; isa-lint init never overwrites a file")
    text = make(template.path.read_text(encoding="utf-8"), agreement_id, template.name, directory)
    check = load_text(text, str(target))
    if any(p.code in ("ISA001", "ISA002", "ISA003") for p in check.problems) or not isinstance(
        check.data, dict
    ):  # pragma: no cover - a bug, not bad input
        raise ReportError(f"the '{template.name}' template could not be turned into a new agreement")
    from isa_lint.run.atomic import write_atomic

    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text, overwrite=False)
    except FileExistsError:
        raise ReportError(f"{target} already exists; isa-lint init never overwrites a file") from None
    except OSError as error:
        raise ReportError(f"cannot write {target}: {error.strerror or error}") from None
    return target, text.count(PLACEHOLDER)


def make(text: str, agreement_id: str, template_name: str, directory: Path) -> str:
    """The new agreement's text from a template's text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(text)
    yaml = YAML()  # round trip: keeps comments, order, quoting and layout
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise ReportError(f"the '{template_name}' template is not an agreement")

    names = _names(data)
    data["id"] = agreement_id
    _set(data, "title", "[insert the agreement's title]")
    if "version" in data:
        data["version"] = DoubleQuotedScalarString("0.1")
    _set(data, "status", "draft")
    _set(data, "effective_from", "[insert the date it takes effect, YYYY-MM-DD]")
    scope = data.get("scope")
    if isinstance(scope, dict):
        _set(scope, "area", "[insert the area covered]")
        _set(scope, "dpia", "[insert the DPIA reference and who holds it]")
        _set(scope, "overarching_protocol", "[insert the id of the overarching protocol]")
        _set(scope, "partners_not_included", "[insert why a safeguarding partner is not a party]")
        joint = scope.get("joint_controllers")
        if isinstance(joint, dict):
            _set(joint, "arrangement", "[insert where the joint controller arrangement is set out]")
    review = data.get("review")
    if isinstance(review, dict):
        _set(review, "due", "[insert the first review date, YYYY-MM-DD]")
        owner = review.get("owner")
        if isinstance(owner, dict):
            _set(owner, "role", "[insert the job role that leads the review]")
    changelog = data.get("changelog")
    if isinstance(changelog, CommentedSeq) and changelog and isinstance(changelog[-1], CommentedMap):
        # keep the last entry object: comments before the next section are attached to it
        entry = changelog[-1]
        del changelog[:-1]
        for key in [k for k in entry if k not in ("version", "date", "summary")]:
            del entry[key]
        entry["version"] = DoubleQuotedScalarString("0.1")
        entry["date"] = "[insert the date this version is agreed, YYYY-MM-DD]"
        entry["summary"] = f"First draft, made from the '{template_name}' template."
    for party in data.get("parties") or []:
        if isinstance(party, dict):
            _party(party)
    rights = data.get("rights")
    complaints = rights.get("complaints") if isinstance(rights, dict) else None
    if isinstance(complaints, dict):
        for route in complaints.get("routes") or []:
            if isinstance(route, dict):
                _set(route, "route", "[insert this party's complaints web form, mailbox or address]")
    security = data.get("security")
    if isinstance(security, dict):
        for standard in security.get("standards") or []:
            if isinstance(standard, dict):
                _set(standard, "status", "[insert the current status]")
    for signatory in data.get("signatories") or []:
        if isinstance(signatory, dict):
            for key in ("signed", "name"):
                if key in signatory:
                    del signatory[key]
    _replace_names(data, names)

    stream = io.StringIO()
    yaml.dump(data, stream)
    return _header(stream.getvalue(), template_name, directory)


def _set(mapping: Any, key: str, value: str) -> None:
    if key in mapping:
        mapping[key] = value


def _party(party: Any) -> None:
    from isa_lint.reports.wording import law

    pid = as_text(party.get("id")) or "party"
    kind = law("body_kinds", party.get("kind")).title if party.get("kind") else "organisation"
    _set(party, "name", f"[insert the legal name of the {kind[:1].lower() + kind[1:]} ({pid})]")
    _set(party, "ico_registration", "[insert the ICO registration number]")
    _set(party, "ods_code", "[insert the NHS ODS code]")
    _set(party, "privacy_notice", "[insert the privacy notice web address]")
    _set(party, "appropriate_policy_document", "[insert where the appropriate policy document is published]")
    for key in ("safeguarding_lead", "ig_lead", "dpo"):
        contact = party.get(key)
        if isinstance(contact, dict):
            _set(contact, "contact", "[insert a team mailbox or phone line]")


def _names(data: Any) -> dict[str, str]:
    """Organisation-specific text to replace wherever it appears: party names and the area."""
    found: dict[str, str] = {}
    for party in data.get("parties") or []:
        if isinstance(party, dict) and isinstance(party.get("name"), str) and len(party["name"]) > 3:
            found[party["name"]] = f"[insert the name of {as_text(party.get('id')) or 'the party'}]"
    scope = data.get("scope")
    area = scope.get("area") if isinstance(scope, dict) else None
    if isinstance(area, str) and area:
        found[area] = "[insert the area]"
        place = area.split()[0].strip(",.")
        if (
            len(place) > 3
            and place[:1].isupper()
            and place.lower() not in {"the", "city", "county", "borough"}
        ):
            found.setdefault(place, "[insert the place name]")
    return found


def _replace_names(node: Any, names: dict[str, str]) -> None:
    """Replace party and place names inside every remaining text value, keeping its scalar style."""
    if not names:
        return
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)))
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        if isinstance(value, str):
            if PLACEHOLDER in value:
                continue
            new = pattern.sub(lambda m: names[m.group()], value)
            if new != value:
                node[key] = type(value)(new) if type(value) is not str else new
        else:
            _replace_names(value, names)


def _header(text: str, template_name: str, directory: Path) -> str:
    """Point the editor's schema line at this project's schema, and say what to do next."""
    lines = text.splitlines(keepends=True)
    schema = Path("schemas") / SCHEMA_FILE
    relative = Path(os.path.relpath(schema, directory if str(directory) else ".")).as_posix()
    note = [
        f"# New agreement made by 'isa-lint init' from the '{template_name}' template.\n",
        "# Replace every [insert ...] placeholder and check every section says what this partnership\n",
        "# agrees; 'isa-lint lint' reports each placeholder until it is filled in.\n",
    ]
    if lines and _SCHEMA_LINE.match(lines[0]):
        return "".join([f"# yaml-language-server: $schema={relative}\n", *note, *lines[1:]])
    return "".join([*note, *lines])
