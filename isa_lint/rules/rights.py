"""ISA62x: people's data protection rights, as the law stands on the date checked.

The schema makes the rights section say who handles access requests, corrections,
objections and complaints. From 19 June 2026 the Data Protection Act 2018 s.164A (inserted
by the Data (Use and Access) Act 2025) also requires every controller to make it easy to
complain to it, so an agreement should name each controller's own complaints route, not
only the party that coordinates replies. The commencement date is read from the
data_protection_provisions catalogue against the date taken as today.
"""

from __future__ import annotations

from collections.abc import Iterator

from isa_lint import catalogues
from isa_lint.check.severity import guidance
from isa_lint.rules._rule import Context, Hit, cite, rule, text
from isa_lint.rules.references import intended

COMPLAINTS_DUTY = "dpa2018_s164a_complaints"
"""The data_protection_provisions id of the duty to handle complaints."""

CONTROLLER_ROLES = ("controller", "joint_controller")


@rule(
    "ISA620",
    "complaints-route-missing",
    guidance(
        "DPA 2018 s.164A binds each controller, not the agreement; the ICO code asks the agreement to say who handles complaints."
    ),
    summary="The rights section does not name a complaints route for every controller (from 19 June 2026).",
    rationale=(
        "Since 19 June 2026 each controller must make it easy for people to complain to it about "
        "how it uses their information, for example with an online form, acknowledge a complaint "
        "within 30 days and answer it without undue delay (Data Protection Act 2018 s.164A, "
        "inserted by the Data (Use and Access) Act 2025 s.103). The duty is the controller's own: a "
        "lead party that coordinates replies does not discharge it for the others. The statute "
        "binds the controller, not the agreement, and the ICO data sharing code asks agreements "
        "to say how complaints are handled; an agreement that leaves a controller's route out is "
        "a gap in what it tells people, not itself a breach, so this is a warning. Before the "
        "commencement date in the catalogue (checked against --today) nothing is reported."
    ),
    citation=cite(f"data_protection_provisions:{COMPLAINTS_DUTY}", "practice_sources:ico_code_rights"),
    fix=(
        "Under rights.complaints add 'routes', one entry per controller: 'party' (its id) and "
        "'route' (its complaints web form, mailbox, phone line or postal address)."
    ),
)
def complaints_route_missing(ctx: Context) -> Iterator[Hit]:
    duty = catalogues.entry("data_protection_provisions", COMPLAINTS_DUTY)
    if duty is None or not catalogues.in_force(duty, ctx.settings.today):
        return
    complaints = ctx.section("rights").get("complaints")
    if not isinstance(complaints, dict):
        return  # a missing section is ISA010's
    covered = {
        party
        for _, route in ctx.items("/rights/complaints/routes", complaints.get("routes"))
        if (party := text(route, "party")) is not None and (text(route, "route") or "").strip()
    }
    covered |= intended(ctx, "party", "/rights/complaints/routes")  # misspelt: ISA201's
    missing = [
        party_id
        for party_id, (_, party) in ctx.parties.items()
        if party.get("role") in CONTROLLER_ROLES and party_id not in covered
    ]
    if not missing:
        return
    where = "/rights/complaints/routes" if "routes" in complaints else "/rights/complaints"
    named = ", ".join(f"'{p}'" for p in missing)
    yield ctx.hit(
        where,
        f"no complaints route is named for controller{'s' if len(missing) > 1 else ''} {named}: since "
        f"{catalogues.commencement(duty['commencement']).start} each controller must provide its own way "
        "to complain (DPA 2018 s.164A)",
        fix="Add under rights.complaints.routes an entry for "
        + ", ".join(f"'party: {p}'" for p in missing)
        + ", each with its 'route' (web form, mailbox, phone line or postal address).",
    )
