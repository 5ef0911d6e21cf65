"""The JSON Schema of agreement format v1, built from the catalogues so enums never drift.

The schema is structure only (which keys, which types, which catalogue ids); the law-aware
checks are rules. Every property has a ``title`` and ``description`` so that editors show
help on hover. ``isa-lint schema`` prints it and ``schemas/`` holds the published copy,
which a test keeps identical to what this module builds.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from isa_lint import catalogues

SCHEMA_VERSION = 1
SCHEMA_FILE = "agreement-v1.schema.json"
SCHEMA_ID = f"https://raw.githubusercontent.com/isa-lint/isa-lint/main/schemas/{SCHEMA_FILE}"
"""Where the repository serves this file, so editors can fetch it by its id (docs/schemastore.md).
A copy pinned to a release is at the same address with the tag in place of ``main``."""

Schema = dict[str, Any]

MAX_ID_LENGTH = 100
"""Longest id: an agreement's file is named after its id, and a file name may be 255 bytes at most."""
LOCAL_ID = rf"^[a-z0-9][a-z0-9_-]{{0,{MAX_ID_LENGTH - 1}}}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
VERSION = r"^\d+\.\d+(\.\d+)?$"
PERIOD = r"^\d+ (day|week|month|year)s?$"
HTTPS = r"^https://\S+$"

HINTS = {
    LOCAL_ID: f"a short id (at most {MAX_ID_LENGTH} characters) of lower-case letters, digits, '-' or '_', "
    "such as 'ncc' or 'mash-triage'",
    DATE: "a date written YYYY-MM-DD, such as 2026-04-01",
    VERSION: "a version such as 1.0, 2.3 or 2.3.1",
    PERIOD: "a period such as '6 years', '18 months' or '30 days'",
    HTTPS: "a web address starting with https://",
}
"""What each pattern means, for findings that report a value that does not fit it."""

NATIONS = ["england", "wales"]
PARTY_ROLES = ["controller", "joint_controller", "processor"]
STATUSES = ["draft", "approved", "suspended", "retired"]
PURPOSE_KINDS = ["safeguarding", "early_help", "law_enforcement", "other"]
DATA_KINDS = ["ordinary", "special_category", "criminal_offence"]
REGIMES = ["uk_gdpr", "law_enforcement"]
CONSENT_APPROACHES = ["not_required", "sought_where_safe", "obtained"]
SECURE_METHODS = [
    "secure_email",
    "secure_portal",
    "shared_case_system",
    "system_interface",
    "telephone",
    "meeting",
    "secure_post",
    "encrypted_media",
]
INSECURE_METHODS = ["unencrypted_email", "fax", "unencrypted_media", "post"]
STANDARDS = [
    "dspt",
    "cyber_essentials",
    "cyber_essentials_plus",
    "iso27001",
    "psn",
    "police_vetting",
    "other",
]
ART10_ROUTES = ["official_authority", "sch1_condition"]
ALL_PARTIES = "all"
EACH_PARTY = "each_party"


def _text(title: str, description: str, **extra: Any) -> Schema:
    return {"type": "string", "title": title, "description": description, **extra}


def _pattern(title: str, description: str, pattern: str) -> Schema:
    return _text(title, f"{description} Format: {HINTS[pattern]}.", pattern=pattern)


def _date(title: str, description: str) -> Schema:
    return {**_pattern(title, description, DATE), "format": "date"}


def _flag(title: str, description: str) -> Schema:
    return {"type": "boolean", "title": title, "description": description}


def _choice(title: str, description: str, values: list[str]) -> Schema:
    return {"type": "string", "title": title, "description": description, "enum": values}


def _catalogue_choice(title: str, description: str, name: str) -> Schema:
    entries = catalogues.catalogue(name)
    return {
        **_choice(title, f"{description} Ids come from the {name} catalogue.", list(entries)),
        "markdownEnumDescriptions": [f"{e['title']} ({e['citation']})" for e in entries.values()],
    }


def _list(title: str, description: str, items: Schema, min_items: int = 1) -> Schema:
    schema: Schema = {"type": "array", "title": title, "description": description, "items": items}
    if min_items:
        schema["minItems"] = min_items
    return schema


def _object(title: str, description: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "title": title,
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _ref(title: str, description: str) -> Schema:
    return _pattern(title, description, LOCAL_ID)


def _party_refs(title: str, description: str) -> Schema:
    return _list(
        title, f"{description} Use party ids, or 'all' for every party.", _ref("Party", "A party id.")
    )


def _contact(title: str, description: str) -> Schema:
    return _object(
        title,
        description,
        {
            "role": _text(
                "Role", "The job role, not a person's name (for example 'Head of Information Governance')."
            ),
            "contact": _text(
                "Contact", "A team mailbox, phone line or web page that outlives any one person."
            ),
        },
        ["role", "contact"],
    )


def _handler(title: str, description: str, extra: dict[str, Schema] | None = None) -> Schema:
    return _object(
        title,
        description,
        {
            "handled_by": _text(
                "Handled by",
                "The party id that handles these requests, or 'each_party' when each handles its own.",
                pattern=LOCAL_ID,
            ),
            "how": _text("How", "How a person makes the request and how it is coordinated between parties."),
            **(extra or {}),
        },
        ["handled_by", "how"],
    )


def _complaints_route() -> Schema:
    return _object(
        "Complaints route",
        "Where one controller takes complaints about its use of people's information.",
        {
            "party": _ref("Party", "The id of the controller this route belongs to."),
            "route": _text(
                "Route",
                "How to complain to that controller: its complaints web form, mailbox, phone line or "
                "postal address (Data Protection Act 2018 s.164A).",
            ),
        },
        ["party", "route"],
    )


def _scope() -> Schema:
    return _object(
        "Scope",
        "Where and for what arrangements the agreement applies.",
        {
            "area": _text("Area", "The local authority area or areas covered."),
            "nations": _list(
                "Nations", "The nation(s) the agreement operates in.", _choice("Nation", "A nation.", NATIONS)
            ),
            "tier": _choice(
                "Tier",
                "'overarching' for a tier 1 protocol all partners sign; 'operational' for a tier 2 agreement for one service.",
                ["overarching", "operational"],
            ),
            "overarching_protocol": _ref(
                "Overarching protocol", "The id of the tier 1 protocol this agreement sits under, if any."
            ),
            "safeguarding_arrangements": _flag(
                "Multi-agency safeguarding arrangements",
                "True when the agreement supports the area's multi-agency safeguarding arrangements "
                "(Children Act 2004 s.16E), which the three safeguarding partners must be part of.",
            ),
            "partners_not_included": _text(
                "Why a safeguarding partner is not a party",
                "Needed only when a safeguarding partner of the area is not a party: say why.",
            ),
            "joint_controllers": _object(
                "Joint controller arrangement",
                "Where parties are joint controllers: the UK GDPR Art 26 arrangement and the contact point.",
                {
                    "arrangement": _text(
                        "Arrangement", "Where the Art 26 arrangement is set out and its essence."
                    ),
                    "contact_point": _ref("Contact point", "The party id people contact."),
                },
                ["arrangement", "contact_point"],
            ),
            "dpia": _text("DPIA", "The data protection impact assessment: its reference and who holds it."),
        },
        ["area", "nations"],
    )


def _review() -> Schema:
    return _object(
        "Review",
        "When the agreement is next reviewed, how often, and who leads the review.",
        {
            "due": _date("Review due", "The date the next review must be done by."),
            "frequency_months": {
                "type": "integer",
                "minimum": 1,
                "title": "Review frequency (months)",
                "description": "How often the agreement is reviewed, in months.",
            },
            "owner": _object(
                "Review owner",
                "The party and role that leads the review.",
                {
                    "party": _ref("Party", "A party id."),
                    "role": _text("Role", "The job role that leads the review."),
                },
                ["party", "role"],
            ),
        },
        ["due", "frequency_months", "owner"],
    )


def _changelog_entry() -> Schema:
    return _object(
        "Change",
        "One version of the agreement.",
        {
            "version": _pattern("Version", "The version this entry describes.", VERSION),
            "date": _date("Date", "When this version was agreed."),
            "summary": _text("Summary", "What changed, in plain words."),
        },
        ["version", "date", "summary"],
    )


def _party() -> Schema:
    return _object(
        "Party",
        "An organisation that shares or receives information under the agreement.",
        {
            "id": _ref("Id", "The short id used to refer to this party elsewhere in the file."),
            "name": _text("Name", "The organisation's legal name."),
            "kind": _catalogue_choice(
                "Kind of body",
                "What kind of body this is in law; decides its safeguarding duty.",
                "body_kinds",
            ),
            "nation": _choice("Nation", "The nation whose law governs this body's duties.", NATIONS),
            "role": _choice(
                "Controller role",
                "controller or joint_controller for a party that decides why and how it uses the "
                "information; processor for one that only acts for a controller under a UK GDPR Art 28 "
                "contract (then give processor_contract and processes_for).",
                PARTY_ROLES,
            ),
            "processor_contract": _text(
                "Processor contract",
                "For a processor: the UK GDPR Art 28 contract it works under, by its title or reference, "
                "its date and where it is held.",
            ),
            "processes_for": _list(
                "Processes for",
                "For a processor: the ids of the controllers it processes for under that contract.",
                _ref("Controller", "The id of a party that is a controller or joint controller."),
            ),
            "ico_registration": _text(
                "ICO registration number", "The number on the ICO data protection register, such as Z1234567."
            ),
            "ods_code": _text(
                "ODS code", "The NHS Organisation Data Service code, for NHS bodies and GP practices."
            ),
            "safeguarding_duties": _list(
                "Safeguarding duties",
                "The statutory safeguarding duties this body holds; [] when it holds none.",
                _catalogue_choice("Duty", "A safeguarding duty.", "safeguarding_duties"),
                min_items=0,
            ),
            "safeguarding_lead": _contact(
                "Safeguarding lead", "The role that leads on safeguarding for this party."
            ),
            "ig_lead": _contact(
                "Information governance lead", "The role that answers for information governance."
            ),
            "dpo": _contact("Data protection officer", "The data protection officer's role and contact."),
            "privacy_notice": _pattern(
                "Privacy notice", "Where people can read how this party uses their information.", HTTPS
            ),
            "appropriate_policy_document": _text(
                "Appropriate policy document",
                "Where this party's appropriate policy document (DPA 2018 Sch 1 Part 4) is published or held.",
            ),
        },
        ["id", "name", "kind", "nation", "role", "ig_lead", "dpo"],
    )


def _lawful_basis() -> Schema:
    return _object(
        "Lawful basis",
        "The legal bases one or more parties rely on for a purpose.",
        {
            "parties": _party_refs("Parties", "Who relies on this basis."),
            "regime": _choice(
                "Regime",
                "uk_gdpr for general processing; law_enforcement for a competent authority under DPA 2018 Part 3.",
                REGIMES,
            ),
            "art6": _list(
                "UK GDPR Art 6 bases",
                "The Art 6(1) lawful bases (regime uk_gdpr).",
                _catalogue_choice("Art 6 basis", "A lawful basis.", "uk_gdpr_art6"),
            ),
            "annex1": _list(
                "Recognised legitimate interests",
                "The UK GDPR Annex 1 conditions relied on with Art 6(1)(ea).",
                _catalogue_choice("Annex 1 condition", "A recognised legitimate interest.", "uk_gdpr_annex1"),
            ),
            "art9": _list(
                "UK GDPR Art 9(2) conditions",
                "Conditions for special category data.",
                _catalogue_choice("Art 9 condition", "An Art 9(2) condition.", "uk_gdpr_art9_conditions"),
            ),
            "sch1": _list(
                "DPA 2018 Schedule 1 conditions",
                "Schedule 1 conditions for special category or criminal offence data.",
                _catalogue_choice("Sch 1 condition", "A Schedule 1 condition.", "dpa2018_sch1"),
            ),
            "art10": _choice(
                "UK GDPR Art 10 route",
                "How criminal offence data is processed lawfully: under official authority, or a Sch 1 condition.",
                ART10_ROUTES,
            ),
            "sch8": _list(
                "DPA 2018 Schedule 8 conditions",
                "Conditions for sensitive processing under DPA 2018 Part 3 (regime law_enforcement).",
                _catalogue_choice("Sch 8 condition", "A Schedule 8 condition.", "dpa2018_sch8"),
            ),
        },
        ["parties", "regime"],
    )


def _purpose() -> Schema:
    return _object(
        "Purpose",
        "Why information is shared: one specific purpose.",
        {
            "id": _ref("Id", "The short id used to refer to this purpose."),
            "description": _text("Description", "The purpose in plain words a family could follow."),
            "kind": _choice("Kind of purpose", "What sort of purpose this is.", PURPOSE_KINDS),
            "urgent": _flag(
                "Urgent", "True when sharing may be needed within hours; then response times are required."
            ),
            "gateways": _list(
                "Statutory gateways",
                "The powers or duties in law that allow or require the sharing.",
                _catalogue_choice("Gateway", "A statutory gateway.", "statutory_gateways"),
            ),
            "lawful_bases": _list(
                "Lawful bases", "The data protection bases for this purpose.", _lawful_basis()
            ),
            "consent": _object(
                "Consent approach",
                "Whether consent is sought, and why; consent is usually not the lawful basis for safeguarding.",
                {
                    "approach": _choice(
                        "Approach",
                        "not_required, sought_where_safe (asked when safe, not relied on), or obtained.",
                        CONSENT_APPROACHES,
                    ),
                    "explanation": _text("Explanation", "Why, and when people are told about the sharing."),
                },
                ["approach", "explanation"],
            ),
        },
        ["id", "description", "kind", "lawful_bases", "consent"],
    )


def _data_category() -> Schema:
    return _object(
        "Data category",
        "A category of information shared, who provides it and who receives it.",
        {
            "id": _ref("Id", "The short id used to refer to this category."),
            "description": _text("Description", "What the information is."),
            "kind": _choice(
                "Kind of data",
                "ordinary, special_category (UK GDPR Art 9) or criminal_offence (UK GDPR Art 10).",
                DATA_KINDS,
            ),
            "categories": _list(
                "Special categories",
                "For special category data: which Art 9(1) categories.",
                _catalogue_choice("Special category", "An Art 9(1) category.", "uk_gdpr_art9_categories"),
            ),
            "purposes": _list(
                "Purposes", "The purpose ids this category is needed for.", _ref("Purpose", "A purpose id.")
            ),
            "providers": _party_refs("Providers", "Who provides this information."),
            "recipients": _party_refs("Recipients", "Who receives this information."),
        },
        ["id", "description", "kind", "purposes", "providers", "recipients"],
    )


def _sharing() -> Schema:
    method = _object(
        "Method",
        "One way information is passed between parties.",
        {
            "method": _choice("Method", "How it is transferred.", SECURE_METHODS + INSECURE_METHODS),
            "description": _text("Description", "The system or route, and when it is used."),
        },
        ["method", "description"],
    )
    response = _object(
        "Response time",
        "How quickly a request or referral is answered at one level of urgency.",
        {
            "purpose": _ref("Purpose", "The purpose id this response time applies to."),
            "level": _text("Level", "The urgency level, such as red, amber or green."),
            "within": _text("Within", "The time allowed, such as '4 hours' or '3 working days'."),
            "description": _text("Description", "When this level applies."),
        },
        ["purpose", "level", "within", "description"],
    )
    return _object(
        "Sharing",
        "How and when information is shared.",
        {
            "methods": _list("Methods", "The ways information is transferred.", method),
            "triggers": _list("Triggers", "The events that start sharing.", _text("Trigger", "An event.")),
            "frequency": _text("Frequency", "How often routine sharing happens, if it is regular."),
            "response_times": _list("Response times", "Response times by urgency.", response),
        },
        ["methods"],
    )


def _security() -> Schema:
    standard = _object(
        "Standard",
        "A security standard or assurance a party holds.",
        {
            "standard": _choice("Standard", "The standard.", STANDARDS),
            "party": _ref("Party", "The party id that holds it, or 'all'."),
            "status": _text("Status", "Its current status, such as 'Standards Met 2025-26'."),
        },
        ["standard", "party", "status"],
    )
    return _object(
        "Security",
        "How information is kept secure in transit and at rest.",
        {
            "transfer": _text("In transit", "How information is protected while it is moved."),
            "storage": _text("At rest", "How information is stored by each receiving party."),
            "access_control": _text(
                "Access control", "Who can see shared information, and how that is controlled."
            ),
            "standards": _list("Standards", "Security standards the parties hold.", standard),
            "breach_notification": _object(
                "Breach notification",
                "How fast a party tells the others about a breach involving shared information.",
                {
                    "within_hours": {
                        "type": "integer",
                        "minimum": 0,
                        "title": "Within (hours)",
                        "description": "Hours from discovery to telling the other parties.",
                    },
                    "description": _text("Description", "Who is told and how."),
                },
                ["within_hours", "description"],
            ),
            "training": _text("Training", "Training staff must have before they use shared information."),
        },
        ["transfer", "storage", "access_control", "breach_notification"],
    )


def _retention_entry() -> Schema:
    return _object(
        "Retention",
        "How long one data category is kept and how it is disposed of.",
        {
            "data": _ref("Data category", "The data category id."),
            "period": _pattern("Period", "How long it is kept.", PERIOD),
            "from": _text("From", "The event the period runs from, such as 'case closure'."),
            "disposal": _text("Disposal", "How it is disposed of at the end."),
        },
        ["data", "period", "from", "disposal"],
    )


def _rights() -> Schema:
    return _object(
        "Rights",
        "How people's data protection rights are handled.",
        {
            "subject_access": _handler("Subject access", "Requests for a copy of information."),
            "rectification": _handler("Rectification", "Requests to correct information."),
            "objection": _handler("Objection", "Objections to the processing."),
            "complaints": _handler(
                "Complaints",
                "Complaints about the sharing.",
                {
                    "routes": _list(
                        "Complaints routes",
                        "Each controller's own route for complaints about its processing, which it must "
                        "provide from 19 June 2026 (Data Protection Act 2018 s.164A).",
                        _complaints_route(),
                    )
                },
            ),
        },
        ["subject_access", "rectification", "objection", "complaints"],
    )


def _record() -> Schema:
    return _object(
        "Record of decisions",
        "How parties record sharing decisions and the reasons for them.",
        {
            "parties": _party_refs("Parties", "Who keeps records this way."),
            "how": _text("How", "Where and how the decision and its reasons are recorded."),
            "decisions_not_to_share": _flag(
                "Decisions not to share", "True when decisions not to share, and why, are recorded too."
            ),
        },
        ["parties", "how", "decisions_not_to_share"],
    )


def _signatory() -> Schema:
    return _object(
        "Signatory",
        "Who signed for a party, and when.",
        {
            "party": _ref("Party", "The party id signed for."),
            "role": _text("Role", "The signatory's job role."),
            "name": _text("Name", "The signatory's name, if it is recorded here."),
            "signed": _date("Signed", "The date signed; leave out until signed."),
        },
        ["party", "role"],
    )


@functools.cache
def agreement_schema() -> Schema:
    """Build the schema (once per process)."""
    properties: dict[str, Schema] = {
        "schema_version": {
            "type": "integer",
            "const": SCHEMA_VERSION,
            "title": "Schema version",
            "description": "The version of the agreement file format; 1 today.",
        },
        "id": _ref("Id", "The agreement's id; the file is named after it."),
        "title": _text("Title", "The agreement's title."),
        "version": _pattern(
            "Version", "The agreement's own version; matches the latest changelog entry.", VERSION
        ),
        "status": _choice("Status", "draft, approved, suspended or retired.", STATUSES),
        "scope": _scope(),
        "effective_from": _date("Effective from", "The date the agreement takes effect."),
        "review": _review(),
        "changelog": _list("Changelog", "One entry per version.", _changelog_entry()),
        "parties": _list("Parties", "The organisations sharing information.", _party()),
        "purposes": _list("Purposes", "Why information is shared.", _purpose()),
        "data": _list("Data", "The categories of information shared.", _data_category()),
        "sharing": _sharing(),
        "security": _security(),
        "retention": _list("Retention", "How long each data category is kept.", _retention_entry()),
        "rights": _rights(),
        "records": _list("Records", "How sharing decisions are recorded.", _record()),
        "signatories": _list("Signatories", "Who signs for each party.", _signatory()),
    }
    schema = _object(
        "Information sharing agreement",
        "An information sharing agreement between safeguarding partners and relevant agencies, "
        "checked by isa-lint.",
        properties,
        [name for name in properties if name != "scope"],
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as published: stable key order, two-space indent, final newline."""
    return json.dumps(agreement_schema(), indent=2, ensure_ascii=False) + "\n"
