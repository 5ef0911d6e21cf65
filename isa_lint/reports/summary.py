"""``isa-lint summary``: one agreement in plain English, for partnership leads or for families.

:func:`build` turns an agreement into a summary model (plain data; the JSON format prints it
as it is); :func:`markdown` and :func:`html` render it. ``--audience public`` builds a
family-facing notice instead (:func:`build_public`), written in short sentences.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from isa_lint import __version__
from isa_lint.reports import wording as w
from isa_lint.reports.common import Loaded, finding_dict, to_json
from isa_lint.reports.escape import is_https, md, md_url, mermaid_id, mermaid_label
from isa_lint.reports.view import EACH_PARTY, Agreement, as_text, mapping, mappings, strings

FINDINGS_SHOWN = 10
"""Findings listed in a summary before 'and N more' (the summary is one to two pages)."""

Model = dict[str, Any]


def build(loaded: Loaded, today: dt.date) -> Model:
    """The professional summary of one agreement, as plain data."""
    a = Agreement(loaded.data, loaded.path)
    return {
        "tool": "isa-lint",
        "tool_version": __version__,
        "report": "summary",
        "audience": "professional",
        "file": loaded.path,
        "today": today.isoformat(),
        "agreement": _identity(a),
        "purpose": _purpose_paragraph(a),
        "purpose_list": _descriptions(a) if len(a.purposes) > 1 else [],
        "parties": [_party(party) for party in a.parties.values()],
        "roles": [list(w.ROLES[r]) for r in w.ROLES if any(p.get("role") == r for p in a.parties.values())],
        "purposes": [_purpose(a, purpose) for purpose in a.purposes.values()],
        "data": [_category(a, category) for category in a.categories.values()],
        "flows": _flows(a),
        "sharing": _sharing(a),
        "security": _security(a),
        "retention": [_retention(a, entry) for entry in a.items("retention")],
        "rights": _rights(a),
        "records": [
            {
                "parties": a.party_names(strings(r.get("parties"))),
                "how": as_text(r.get("how")),
                "decisions_not_to_share": r.get("decisions_not_to_share") is True,
            }
            for r in a.items("records")
        ],
        "signatures": _signatures(a),
        "review": _review(a, today),
        "changelog": [
            {
                "version": as_text(c.get("version")),
                "date": as_text(c.get("date")),
                "summary": as_text(c.get("summary")),
            }
            for c in a.items("changelog")
        ],
        "lint": _lint(loaded),
    }


def _identity(a: Agreement) -> Model:
    scope = a.section("scope")
    status = a.text("status")
    return {
        "id": a.id,
        "title": a.title,
        "version": a.text("version"),
        "status": status,
        "status_words": w.enum_words(w.STATUSES, status) or "Not given",
        "effective_from": a.text("effective_from"),
        "effective_from_words": w.long_date(a.text("effective_from")) or "Not given",
        "area": as_text(scope.get("area")),
        "nations": [w.enum_words(w.NATIONS, n) for n in strings(scope.get("nations"))],
        "tier": w.enum_words(w.TIERS, scope.get("tier")),
        "overarching_protocol": as_text(scope.get("overarching_protocol")),
        "safeguarding_arrangements": scope.get("safeguarding_arrangements") is True,
        "partners_not_included": as_text(scope.get("partners_not_included")),
        "joint_controllers": as_text(mapping(scope.get("joint_controllers")).get("arrangement")),
        "dpia": as_text(scope.get("dpia")),
    }


def _purpose_paragraph(a: Agreement) -> str:
    names = w.join_words(a.party_names(list(a.parties)))
    area = as_text(a.section("scope").get("area"))
    count = len(a.purposes)
    opening = f"This agreement lets {len(a.parties)} organisations share information"
    if len(a.parties) == 1:
        opening = "This agreement lets 1 organisation share information"
    if area:
        opening += f" about children in {area}"
    text = f"{opening}: {names}." if names else f"{opening}."
    descriptions = _descriptions(a)
    if len(descriptions) == 1 and descriptions[0].startswith("To "):
        text += f" They share it t{descriptions[0][1:]}"
    elif len(descriptions) == 1:
        text += f" Its purpose: {descriptions[0]}"
    elif count:
        text += f" They share it for {w.plural(count, 'purpose')}:"
    return " ".join(text.split())


def _descriptions(a: Agreement) -> list[str]:
    """Each purpose's description on one line, ending with a full stop."""
    found = [" ".join(as_text(p.get("description")).split()).rstrip(".") for p in a.purposes.values()]
    return [f"{d}." for d in found if d]


def _contact(value: Any) -> Model | None:
    contact = mapping(value)
    if not contact:
        return None
    return {"role": as_text(contact.get("role")), "contact": as_text(contact.get("contact"))}


def _party(party: dict[str, Any]) -> Model:
    kind = w.law("body_kinds", party.get("kind")) if party.get("kind") is not None else None
    role = as_text(party.get("role"))
    role_title, role_words = w.ROLES.get(role, (role, ""))
    notice = as_text(party.get("privacy_notice"))
    return {
        "id": as_text(party.get("id")),
        "name": as_text(party.get("name")) or as_text(party.get("id")),
        "kind": kind.title if kind else "",
        "kind_citation": kind.citation if kind else "",
        "role": role,
        "role_title": role_title,
        "role_words": role_words,
        "nation": w.enum_words(w.NATIONS, party.get("nation")),
        "duties": [
            w.law("safeguarding_duties", d).as_dict() for d in strings(party.get("safeguarding_duties"))
        ],
        "ico_registration": as_text(party.get("ico_registration")),
        "ods_code": as_text(party.get("ods_code")),
        "safeguarding_lead": _contact(party.get("safeguarding_lead")),
        "ig_lead": _contact(party.get("ig_lead")),
        "dpo": _contact(party.get("dpo")),
        "privacy_notice": notice,
        "privacy_notice_link": is_https(notice),
    }


def _bases(
    a: Agreement, purpose: dict[str, Any], data_kind: str | None = None, among: set[str] | None = None
) -> list[Model]:
    """The purpose's lawful bases; with ``among``, only those of these parties, named alone."""
    result = []
    for basis in mappings(purpose.get("lawful_bases")):
        refs = strings(basis.get("parties"))
        if among is not None:
            refs = [p for p in a.expand(refs) if p in among]
            if not refs:
                continue
        laws = w.basis_laws(basis, data_kind)
        result.append(
            {
                "parties": a.party_names(refs),
                "regime": w.enum_words(w.REGIMES, basis.get("regime")),
                "laws": [law.as_dict() for law in laws],
                "text": "; ".join(str(law) for law in laws) or "No lawful basis given",
            }
        )
    return result


def _purpose(a: Agreement, purpose: dict[str, Any]) -> Model:
    consent = mapping(purpose.get("consent"))
    approach = as_text(consent.get("approach"))
    return {
        "id": as_text(purpose.get("id")),
        "description": as_text(purpose.get("description")),
        "kind": w.enum_words(w.PURPOSE_KINDS, purpose.get("kind")),
        "urgent": purpose.get("urgent") is True,
        "gateways": [w.law("statutory_gateways", g).as_dict() for g in strings(purpose.get("gateways"))],
        "lawful_bases": _bases(a, purpose),
        "consent": {
            "approach": approach,
            "words": w.CONSENT.get(approach, approach),
            "explanation": as_text(consent.get("explanation")),
        },
    }


def _category(a: Agreement, category: dict[str, Any]) -> Model:
    kind = as_text(category.get("kind"))
    kind_words, kind_citation = w.DATA_KINDS.get(kind, (kind, ""))
    purposes = strings(category.get("purposes"))
    in_row = set(a.expand(strings(category.get("providers")) + strings(category.get("recipients"))))
    bases = []
    for purpose_id in purposes:
        purpose = a.purposes.get(purpose_id)
        for basis in _bases(a, purpose, kind or None, in_row) if purpose else []:
            bases.append({"purpose": purpose_id, **basis})
    laws: list[Model] = []
    for basis in bases:
        laws += [law for law in basis["laws"] if law not in laws]
    return {
        "id": as_text(category.get("id")),
        "description": as_text(category.get("description")),
        "kind": kind,
        "kind_words": kind_words,
        "kind_citation": kind_citation,
        "categories": [
            w.law("uk_gdpr_art9_categories", c).as_dict() for c in strings(category.get("categories"))
        ],
        "purposes": purposes,
        "providers": a.party_names(strings(category.get("providers"))),
        "recipients": a.party_names(strings(category.get("recipients"))),
        "laws": laws,
        "lawful_bases": bases,
    }


def _flows(a: Agreement) -> Model:
    """Who sends what to whom: every provider to every other recipient, per data category."""
    edges: dict[tuple[str, str], list[str]] = {}
    for data_id, category in a.categories.items():
        for provider in a.expand(strings(category.get("providers"))):
            for recipient in a.expand(strings(category.get("recipients"))):
                if provider != recipient:
                    edges.setdefault((provider, recipient), []).append(data_id)
    involved = a.expand([p for pair in edges for p in pair])
    providers = [p for p in involved if any(pair[0] == p for pair in edges)]
    recipients = [p for p in involved if any(pair[1] == p for pair in edges)]
    return {
        "parties": [{"id": p, "name": a.party_name(p)} for p in involved],
        "providers": [{"id": p, "name": a.party_name(p)} for p in providers],
        "recipients": [{"id": p, "name": a.party_name(p)} for p in recipients],
        "matrix": [[edges.get((p, r), []) for r in recipients] for p in providers],
        "edges": [
            {"from": p, "to": r, "data": data}
            for p in involved
            for r in involved
            if (data := edges.get((p, r)))
        ],
    }


def _sharing(a: Agreement) -> Model:
    sharing = a.section("sharing")
    return {
        "methods": [
            {
                "method": as_text(m.get("method")),
                "words": w.enum_words(w.METHODS, m.get("method")),
                "description": as_text(m.get("description")),
            }
            for m in mappings(sharing.get("methods"))
        ],
        "triggers": [as_text(t) for t in sharing.get("triggers", []) if as_text(t)]
        if isinstance(sharing.get("triggers"), list)
        else [],
        "frequency": as_text(sharing.get("frequency")),
        "response_times": [
            {
                "purpose": as_text(r.get("purpose")),
                "level": as_text(r.get("level")),
                "within": as_text(r.get("within")),
                "description": as_text(r.get("description")),
            }
            for r in mappings(sharing.get("response_times"))
        ],
    }


def _security(a: Agreement) -> Model:
    security = a.section("security")
    breach = mapping(security.get("breach_notification"))
    return {
        "transfer": as_text(security.get("transfer")),
        "storage": as_text(security.get("storage")),
        "access_control": as_text(security.get("access_control")),
        "training": as_text(security.get("training")),
        "standards": [
            {
                "standard": w.enum_words(w.STANDARDS, s.get("standard")),
                "party": a.party_name(as_text(s.get("party"))),
                "status": as_text(s.get("status")),
            }
            for s in mappings(security.get("standards"))
        ],
        "breach_hours": as_text(breach.get("within_hours")),
        "breach_description": as_text(breach.get("description")),
    }


def _retention(a: Agreement, entry: dict[str, Any]) -> Model:
    data_id = as_text(entry.get("data"))
    return {
        "data": data_id,
        "data_description": a.data_label(data_id),
        "period": as_text(entry.get("period")),
        "from": as_text(entry.get("from")),
        "disposal": as_text(entry.get("disposal")),
    }


def _rights(a: Agreement) -> list[Model]:
    rights = a.section("rights")
    result = []
    for key, words in w.RIGHTS.items():
        handler = mapping(rights.get(key))
        if handler:
            by = as_text(handler.get("handled_by"))
            result.append(
                {
                    "right": key,
                    "words": words,
                    "handled_by": a.party_name(by) if by else "",
                    "how": as_text(handler.get("how")),
                }
            )
    return result


def _signatures(a: Agreement) -> Model:
    signatories = a.items("signatories")
    signed = a.signed_parties()
    return {
        "signatories": [
            {
                "party": a.party_name(as_text(s.get("party"))),
                "role": as_text(s.get("role")),
                "name": as_text(s.get("name")),
                "signed": as_text(s.get("signed")),
                "signed_words": w.long_date(s.get("signed")) if s.get("signed") else "Not signed",
            }
            for s in signatories
        ],
        "unsigned": [a.party_name(p) for p in a.parties if p not in signed],
        "all_signed": bool(a.parties) and all(p in signed for p in a.parties),
    }


def _review(a: Agreement, today: dt.date) -> Model:
    review = a.section("review")
    owner = mapping(review.get("owner"))
    due = a.review_due()
    days = (due - today).days if due else None
    return {
        "due": as_text(review.get("due")),
        "due_words": w.long_date(review.get("due")) or "Not given",
        "days_left": days,
        "when": ("overdue by " + w.plural(-days, "day") if days < 0 else w.days_words(days))
        if days is not None
        else "",
        "frequency_months": review.get("frequency_months")
        if isinstance(review.get("frequency_months"), int)
        else None,
        "owner_role": as_text(owner.get("role")),
        "owner_party": a.party_name(as_text(owner.get("party"))) if owner.get("party") else "",
    }


def _lint(loaded: Loaded) -> Model:
    counts = loaded.counts()
    return {
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "findings": [finding_dict(f) for f in loaded.findings],
    }


OVERVIEW_PROBLEMS = 3
"""Open problems named in the one-page overview before 'and N more'."""


def overview(model: Model) -> Model:
    """The one-page board overview of a summary model: purpose, parties, data, law, status, review, problems."""
    laws: list[Model] = []
    for purpose in model["purposes"]:
        laws += [law for law in purpose["gateways"] if law not in laws]
    for category in model["data"]:
        laws += [law for law in category["laws"] if law not in laws]
    lint = model["lint"]
    serious = [f for f in lint["findings"] if f["severity"] in ("error", "warning")]
    descriptions = _descriptions_of(model)
    area = model["agreement"]["area"]
    purpose = descriptions[0] if len(descriptions) == 1 else ""
    if len(descriptions) > 1:
        about = f"about children in {area} " if area else ""
        labels = "; ".join(short_label(d).rstrip(".") for d in descriptions)
        purpose = f"To share information {about}for {w.plural(len(descriptions), 'purpose')}: {labels}"
        purpose += "" if purpose.endswith("\u2026") else "."
    return {
        "purpose": purpose or model["purpose"],
        "parties": [{"name": p["name"], "role": p["role_title"]} for p in model["parties"]],
        "data": [
            {
                "what": short_label(c["description"] or c["id"]),
                "kind": c["kind"],
                "kind_words": c["kind_words"],
            }
            for c in model["data"]
        ],
        "laws": laws,
        "unsigned": model["signatures"]["unsigned"],
        "problems": serious[:OVERVIEW_PROBLEMS],
        "more_problems": max(0, len(serious) - OVERVIEW_PROBLEMS),
        "lint_words": lint_words(lint),
    }


def _descriptions_of(model: Model) -> list[str]:
    found = [" ".join(p["description"].split()) for p in model["purposes"]]
    return [d if d.endswith(".") else f"{d}." for d in found if d]


def lint_words(lint: Model) -> str:
    if not lint["findings"]:
        return "isa-lint found no problems."
    parts = [
        w.plural(lint["errors"], "error"),
        w.plural(lint["warnings"], "warning"),
        w.plural(lint["infos"], "note"),
    ]
    return f"isa-lint found {w.join_words(parts)}."


# Markdown ------------------------------------------------------------------------------------


def _law_md(law: Model) -> str:
    if not law["citation"]:
        return md(law["title"])
    return f"{md(law['title'])} ({md(law['citation'])})"


def _laws_md(laws: list[Model]) -> str:
    return "; ".join(_law_md(law) for law in laws)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def mermaid(model: Model) -> list[str]:
    """A Mermaid flowchart of who sends which data to whom; every label escaped, ids generated."""
    flows = model["flows"]
    if not flows["edges"]:
        return []
    ids = {party["id"]: mermaid_id("p", index) for index, party in enumerate(flows["parties"], start=1)}
    lines = ["```mermaid", "flowchart LR"]
    lines += [f'  {ids[p["id"]]}["{mermaid_label(p["name"])}"]' for p in flows["parties"]]
    for edge in flows["edges"]:
        label = mermaid_label(", ".join(edge["data"]))
        lines.append(f'  {ids[edge["from"]]} -->|"{label}"| {ids[edge["to"]]}')
    lines.append("```")
    return lines


def markdown(model: Model) -> str:
    a = model["agreement"]
    review = model["review"]
    out = [f"# {md(a['title'])}", ""]
    facts = [
        f"**Status:** {md(a['status_words'])}",
        f"**Version:** {md(a['version'] or 'not given')}",
        f"**In effect from:** {md(a['effective_from_words'])}",
        f"**Review due:** {md(review['due_words'])}" + (f" ({md(review['when'])})" if review["when"] else ""),
    ]
    out += [" · ".join(facts), ""]
    if a["id"]:
        out += [f"Agreement id: {md(a['id'])}", ""]
    out += ["## Purpose", "", md(model["purpose"]), ""]
    if model["purpose_list"]:
        out += [*(f"- {md(d)}" for d in model["purpose_list"]), ""]
    scope = []
    if a["area"]:
        scope.append(
            f"- **Area:** {md(a['area'])}" + (f" ({md(', '.join(a['nations']))})" if a["nations"] else "")
        )
    if a["tier"]:
        scope.append(f"- **Kind of agreement:** {md(a['tier'])}")
    if a["safeguarding_arrangements"]:
        scope.append(
            "- Supports the area's multi-agency safeguarding arrangements (Children Act 2004 s.16E)."
        )
    if a["partners_not_included"]:
        scope.append(f"- **Safeguarding partner not a party:** {md(a['partners_not_included'])}")
    if a["joint_controllers"]:
        scope.append(f"- **Joint controller arrangement:** {md(a['joint_controllers'])}")
    if a["dpia"]:
        scope.append(f"- **Data protection impact assessment:** {md(a['dpia'])}")
    out += [*scope, ""] if scope else []

    out += ["## Who shares information", ""]
    rows = []
    for party in model["parties"]:
        duties = "; ".join(f"{md(d['title'])} ({md(d['citation'])})" for d in party["duties"]) or "None"
        role = md(party["role_title"])
        contacts = []
        for key, label in (("safeguarding_lead", "Safeguarding"), ("dpo", "DPO"), ("ig_lead", "IG")):
            contact = party[key]
            if contact:
                contacts.append(f"{label}: {md(contact['role'])}, {md(contact['contact'])}")
        if party["privacy_notice"]:
            contacts.append(f"Privacy notice: {md_url(party['privacy_notice'])}")
        rows.append([md(party["name"]), md(party["kind"]), role, duties, "<br>".join(contacts)])
    out += _table(["Organisation", "Kind of body", "Role", "Safeguarding duty", "Contacts"], rows)
    out += ["", *(f"A {md(title.lower())} {md(words)}." for title, words in model["roles"]), ""]

    out += ["## What is shared, by whom, and why", ""]
    rows = []
    for category in model["data"]:
        kind = md(category["kind_words"])
        if category["categories"]:
            kind += ": " + ", ".join(md(c["title"]) for c in category["categories"])
        rows.append(
            [
                md(category["description"] or category["id"]),
                kind,
                md(", ".join(category["providers"])),
                md(", ".join(category["recipients"])),
                md(", ".join(category["purposes"])),
                _laws_md(category["laws"]),
            ]
        )
    out += _table(["Information", "Kind", "Provided by", "Received by", "Purposes", "Lawful basis"], rows)
    out += ["", "Which party relies on which basis, for each purpose, is under *Purposes and the law*.", ""]
    chart = mermaid(model)
    if chart:
        out += ["### How information flows", "", *chart, ""]

    out += ["## Purposes and the law", ""]
    for purpose in model["purposes"]:
        out += [f"### {md(purpose['id'])}", "", md(purpose["description"]), ""]
        details = [f"- **Kind:** {md(purpose['kind'])}" + (" (urgent)" if purpose["urgent"] else "")]
        if purpose["gateways"]:
            details.append("- **Powers and duties relied on:** " + _laws_md(purpose["gateways"]))
        for basis in purpose["lawful_bases"]:
            details.append(
                f"- **Lawful basis for {md(', '.join(basis['parties']))}:** {_laws_md(basis['laws'])}"
            )
        consent = purpose["consent"]
        if consent["approach"]:
            text = md(consent["words"]) + (f" {md(consent['explanation'])}" if consent["explanation"] else "")
            details.append(f"- **Consent:** {text}")
        out += [*details, ""]

    out += _sharing_md(model["sharing"])
    out += _security_md(model["security"])

    out += ["## Retention", ""]
    out += _table(
        ["Information", "Kept for", "From", "Then"],
        [
            [md(r["data_description"]), md(r["period"]), md(r["from"]), md(r["disposal"])]
            for r in model["retention"]
        ],
    )
    out.append("")

    out += ["## Rights and complaints", ""]
    out += [f"- **{md(r['words'])}** ({md(r['handled_by'])}): {md(r['how'])}" for r in model["rights"]]
    out += ["Not set out.", ""] if not model["rights"] else [""]
    if model["records"]:
        out += ["## Records of decisions", ""]
        for record in model["records"]:
            also = " Decisions not to share are recorded too." if record["decisions_not_to_share"] else ""
            out.append(f"- **{md(', '.join(record['parties']))}:** {md(record['how'])}{also}")
        out.append("")

    out += _status_md(model)
    out += _lint_md(model)
    out += [
        f"*Summary of {md(model['file'])} made by isa-lint {md(model['tool_version'])}, as of {md(model['today'])}.*",
        "",
    ]
    return "\n".join(out)


def _sharing_md(sharing: Model) -> list[str]:
    out = ["## When and how it is shared", ""]
    out += [f"- **{md(m['words'])}:** {md(m['description'])}" for m in sharing["methods"]]
    if sharing["triggers"]:
        out += ["", "Sharing starts when:", ""] + [f"- {md(t)}" for t in sharing["triggers"]]
    if sharing["frequency"]:
        out += ["", f"**How often:** {md(sharing['frequency'])}"]
    if sharing["response_times"]:
        out += ["", "**Response times:**", ""]
        out += _table(
            ["Purpose", "Level", "Within", "When"],
            [
                [md(r["purpose"]), md(r["level"]), md(r["within"]), md(r["description"])]
                for r in sharing["response_times"]
            ],
        )
    return [*out, ""]


def _security_md(security: Model) -> list[str]:
    out = ["## Security", ""]
    for key, label in (
        ("transfer", "In transit"),
        ("storage", "Stored"),
        ("access_control", "Who can see it"),
        ("training", "Training"),
    ):
        if security[key]:
            out.append(f"- **{label}:** {md(security[key])}")
    if security["breach_hours"]:
        out.append(
            f"- **Breaches:** the other parties are told within {md(security['breach_hours'])} hours. "
            f"{md(security['breach_description'])}"
        )
    for standard in security["standards"]:
        out.append(f"- **{md(standard['standard'])}** ({md(standard['party'])}): {md(standard['status'])}")
    return [*out, ""]


def _status_md(model: Model) -> list[str]:
    a = model["agreement"]
    review = model["review"]
    signatures = model["signatures"]
    out = ["## Status, signatures and review", ""]
    out.append(f"- **Status:** {md(a['status_words'])}, version {md(a['version'] or 'not given')}.")
    owner = ", ".join(x for x in (review["owner_role"], review["owner_party"]) if x)
    due = md(review["due_words"]) + (f" ({md(review['when'])})" if review["when"] else "")
    every = f", then every {review['frequency_months']} months" if review["frequency_months"] else ""
    out.append(f"- **Next review:** {due}{every}" + (f", led by {md(owner)}." if owner else "."))
    if model["changelog"]:
        latest = model["changelog"][-1]
        out.append(
            f"- **Latest change** ({md(latest['version'])}, {md(latest['date'])}): {md(latest['summary'])}"
        )
    out.append("")
    out += _table(
        ["Signed for", "Role", "Signed"],
        [[md(s["party"]), md(s["role"]), md(s["signed_words"])] for s in signatures["signatories"]],
    )
    if signatures["unsigned"]:
        out += ["", f"**Not yet signed for:** {md(', '.join(signatures['unsigned']))}."]
    return [*out, ""]


def _lint_md(model: Model) -> list[str]:
    lint = model["lint"]
    out = ["## Lint result", "", lint_words(lint), ""]
    shown = lint["findings"][:FINDINGS_SHOWN]
    out += [f"- {md(f['severity'])} {md(f['code'])} line {f['line']}: {md(f['message'])}" for f in shown]
    if len(lint["findings"]) > FINDINGS_SHOWN:
        out.append(
            f"- and {len(lint['findings']) - FINDINGS_SHOWN} more: isa-lint lint {md(model['file'])} lists them all."
        )
    return [*out, ""] if shown else out


# Family notice -----------------------------------------------------------------------------


def build_public(loaded: Loaded, today: dt.date) -> Model:
    """A notice for children and families: who shares, why, what, how long, your rights."""
    a = Agreement(loaded.data, loaded.path)
    names = [p["name"] for p in (_party(x) for x in a.parties.values())]
    area = as_text(a.section("scope").get("area"))
    status = a.text("status")
    intro = [
        f"This notice is about {w.plural(len(names), 'organisation')}" + (f" in {area}." if area else "."),
        "They share information about children and families with each other.",
        "They do this to keep children safe.",
    ]
    if status in ("draft", "suspended", "retired"):
        intro.append(
            {
                "draft": "This agreement is still a draft. It is not in use yet.",
                "suspended": "Sharing under this agreement has stopped for now.",
                "retired": "This agreement is no longer used.",
            }[status]
        )
    special = sorted({c for cat in a.categories.values() for c in strings(cat.get("categories"))})
    what_more = []
    sensitive = [w.PUBLIC_SENSITIVE.get(c, c.replace("_", " ")) for c in special]
    if sensitive:
        what_more.append(f"Some of it is extra private, such as {w.join_words(sensitive, 'or')}.")
        what_more.append("The law protects this kind of information even more.")
    if "criminal_offence" in a.kinds_shared():
        what_more.append("Some of it may be about crimes, or about people who may have broken the law.")
    approaches: list[str] = []
    for purpose in a.purposes.values():
        approach = as_text(mapping(purpose.get("consent")).get("approach"))
        if approach in w.PUBLIC_CONSENT and approach not in approaches:
            approaches.append(approach)
    if len(approaches) == 1:
        consent_lines = list(w.PUBLIC_CONSENT[approaches[0]])
    elif approaches:
        consent_lines = ["It depends on why we share."]
        consent_lines += [w.PUBLIC_CONSENT_MIXED[approach] for approach in approaches]
        if "sought_where_safe" in approaches:
            consent_lines.append("If asking could put a child in danger, we may share without asking.")
    else:
        consent_lines = []
    reasons: list[str] = []
    laws: list[Model] = []
    for purpose in a.purposes.values():
        for basis in mappings(purpose.get("lawful_bases")):
            keys = (
                ["law_enforcement"]
                if basis.get("regime") == "law_enforcement"
                else strings(basis.get("art6"))
            )
            for key in keys:
                line = w.PUBLIC_BASES.get(key)
                if line and line not in reasons:
                    reasons.append(line)
            for law in w.basis_laws(basis):
                if law.citation and law.as_dict() not in laws:
                    laws.append(law.as_dict())
    security = a.section("security")
    methods = []
    for method in mappings(a.section("sharing").get("methods")):
        words = w.enum_words(w.METHODS, method.get("method"))
        if words and "not secure" not in words and words.lower() not in methods:
            methods.append(words.lower())
    safety = []
    if methods:
        safety.append(f"We pass information on in safe ways: {w.join_words(methods, 'or')}.")
    if as_text(security.get("access_control")):
        safety.append("Only staff who need to see it can see it.")
    if as_text(security.get("training")):
        safety.append("Staff are trained to keep it safe.")
    hours = mapping(security.get("breach_notification")).get("within_hours")
    if isinstance(hours, int) and not isinstance(hours, bool):
        safety.append(f"If something goes wrong, they tell each other within {w.plural(hours, 'hour')}.")
    rights = a.section("rights")
    complaints = mapping(rights.get("complaints"))
    handler = as_text(complaints.get("handled_by"))
    complain_to = a.party_name(handler) if handler and handler != EACH_PARTY else ""
    return {
        "tool": "isa-lint",
        "tool_version": __version__,
        "report": "summary",
        "audience": "public",
        "file": loaded.path,
        "today": today.isoformat(),
        "agreement": {"id": a.id, "title": a.title, "version": a.text("version"), "status": status},
        "heading": "How we share information to keep children safe",
        "intro": intro,
        "who": [
            {"name": p["name"], "privacy_notice": p["privacy_notice"], "link": p["privacy_notice_link"]}
            for p in (_party(x) for x in a.parties.values())
        ],
        "why": [d for d in (as_text(p.get("description")).strip() for p in a.purposes.values()) if d],
        "what": [d for d in (as_text(c.get("description")).strip() for c in a.categories.values()) if d],
        "what_more": what_more,
        "permission": consent_lines,
        "allowed": reasons,
        "laws": laws,
        "safety": safety,
        "how_long": [
            {
                "what": short_label(a.data_label(as_text(r.get("data")))),
                "how_long": _kept(as_text(r.get("period")), as_text(r.get("from"))),
            }
            for r in a.items("retention")
        ],
        "rights": [
            "You can ask for a copy of the information they hold about you or your child.",
            "You can ask them to correct information that is wrong.",
            "You can say you do not want your information shared.",
            "They will listen. But they may still need to share it to keep a child safe.",
        ],
        "ask": "To ask, contact the organisation that holds the information. Their details are below.",
        "complain": [
            (
                f"If you are unhappy, you can complain to {complain_to}."
                if complain_to
                else "If you are unhappy, you can complain to the organisation that shared your information."
            ),
        ]
        + ([as_text(complaints.get("how"))] if as_text(complaints.get("how")) else []),
        "ico": [
            "You can also complain to the Information Commissioner's Office (ICO).",
            "The ICO checks that organisations use information fairly.",
            "Website: ico.org.uk. Phone: 0303 123 1113.",
        ],
        "contacts": [
            {"name": p["name"], "role": p["dpo"]["role"], "contact": p["dpo"]["contact"]}
            for p in (_party(x) for x in a.parties.values())
            if p["dpo"]
        ],
    }


def short_label(text: str, limit: int = 60) -> str:
    """A long description's opening words: up to its first colon, or its first few words."""
    text = " ".join(text.split())
    head = text.split(":", 1)[0]
    if len(head) <= limit and head != text:
        return head
    if len(text) <= limit:
        return text.rstrip(".")
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;") + "\u2026"


def _kept(period: str, start: str) -> str:
    if not period:
        return "Not set out yet."
    return f"Kept for {period}" + (f" after {start}." if start else ".")


def markdown_public(model: Model) -> str:
    out = [f"# {md(model['heading'])}", "", " ".join(md(line) for line in model["intro"]), ""]
    out += ["## Who shares information", "", "These organisations share information with each other:", ""]
    out += [f"- {md(p['name'])}" for p in model["who"]]
    out += ["", "## Why we share it", "", "We share information:", ""]
    out += [f"- {md(reason)}" for reason in model["why"]]
    out += ["", "## What we share", "", "We only share what is needed. This can include:", ""]
    out += [f"- {md(item)}" for item in model["what"]]
    if model["what_more"]:
        out += ["", " ".join(md(line) for line in model["what_more"])]
    if model["permission"]:
        out += ["", "## Do we ask you first?", "", " ".join(md(line) for line in model["permission"])]
    if model["allowed"]:
        out += ["", "## Why the law allows it", ""]
        out += [f"- {md(line)}" for line in model["allowed"]]
        if model["laws"]:
            out += ["", "### The law in detail", "", "For advisers and anyone who wants to look it up:", ""]
            out += [f"- {_law_md(law)}" for law in model["laws"]]
    if model["safety"]:
        out += ["", "## How we keep it safe", "", " ".join(md(line) for line in model["safety"])]
    if model["how_long"]:
        out += ["", "## How long we keep it", ""]
        out += [f"- {md(item['what'])}: {md(item['how_long'])}" for item in model["how_long"]]
    out += ["", "## Your rights", ""]
    out += [f"- {md(line)}" for line in model["rights"]]
    out += ["", md(model["ask"])]
    out += ["", "## How to complain", "", " ".join(md(line) for line in model["complain"])]
    out += ["", " ".join(md(line) for line in model["ico"])]
    if model["contacts"] or any(p["privacy_notice"] for p in model["who"]):
        out += ["", "## Contact us", ""]
        for contact in model["contacts"]:
            out.append(f"- **{md(contact['name'])}**: {md(contact['role'])}, {md(contact['contact'])}")
        notices = [p for p in model["who"] if p["privacy_notice"]]
        if notices:
            out += ["", "Read more in each organisation's privacy notice:", ""]
            out += [f"- {md(p['name'])}: {md_url(p['privacy_notice'])}" for p in notices]
    agreement = model["agreement"]
    out += [
        "",
        f"*From the agreement \u201c{md(agreement['title'])}\u201d, version {md(agreement['version'] or 'not given')}.*",
        "",
    ]
    return "\n".join(out)


# Rendering ---------------------------------------------------------------------------------


def render(loaded: Loaded, today: dt.date, output_format: str, audience: str) -> str:
    """The summary of one loaded agreement in ``md``, ``html`` or ``json``."""
    if audience == "public":
        model = build_public(loaded, today)
        if output_format == "json":
            return to_json(model)
        if output_format == "html":
            from isa_lint.reports.html import render as page

            return page("public.html.j2", model=model)
        return markdown_public(model)
    model = build(loaded, today)
    if output_format == "json":
        return to_json(model)
    if output_format == "html":
        from isa_lint.reports.html import render as page

        return page(
            "summary.html.j2",
            model=model,
            overview=overview(model),
            lint_words=lint_words(model["lint"]),
            shown=FINDINGS_SHOWN,
        )
    return markdown(model)
