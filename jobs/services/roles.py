from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

STATION_STAFF = "gig-station-staff"
CITY_STAFF = "city-staff"

_REGISTRIES = [
    "person", "personskill", "personcertificate", "workhistory", "household", "employer",
    "vacancy", "vacancyskill", "migrantrecord", "hardtoemployprofile", "hardshiprecord",
    "assistancerecord", "trainingcourse", "support", "supportplan", "planitem", "zeroemploymentspell", "welfareplacement",
]  # fmt: skip
# Found by the daily check and moved on by its services only: never added or deleted by hand, or
# someone could be told or paid twice.
_CLAIMS = ["entitlement"]
# Made by the service (a call once someone is back, an employer's training order, a course
# chosen, a campaign before a holiday); staff record a call made or a course completed (and
# enrol someone at the desk, through the same service as the phone), city staff set a
# campaign's window and, if permitted, approve it.
_PLANNED = ["returneecall", "trainingorder", "enrolment"]
_CAMPAIGNS = ["returncampaign"]
# The rules' numbers: everyone reads them, city staff set them; the tier log is the service's.
_RULES = ["supportrules", "subsidypolicy", "insurancetransferrule"]
_LOGS = ["tierchange"]
_REFERENCE = ["occupation", "occupationtitle", "skill", "region", "regionalias", "gigstation", "consenttext"]
_MATCHES = ["match", "matchevent"]
_NOTICES = ["notice"]
_SCHEDULES = ["periodictask", "crontabschedule", "intervalschedule"]


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or refresh the staff groups. Station staff work the registries of their area;
    city staff may also edit reference data and the periodic schedules, see the reveal audit
    trail and reveal numbers."""
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label__in=["jobs", "matching", "workers", "django_celery_beat"]
        )
    }

    def pick(models: list[str], actions: list[str]) -> list[Permission]:
        return [perms[f"{a}_{m}"] for m in models for a in actions if f"{a}_{m}" in perms]

    # Matches are the engine's output: staff read them (and why) and record how one went (a hire
    # they arranged: "change", through the same status service as the apps); the engine writes
    # them. Notices are written by the service; staff read them and may send failed ones again.
    station = (
        pick(_REGISTRIES, ["view", "add", "change"])
        + pick(_REFERENCE + _MATCHES + _RULES + _LOGS, ["view"])
        + pick(["match", *_NOTICES], ["change"])
        + pick(_NOTICES, ["view"])
        + pick(_CLAIMS + _PLANNED, ["view", "change"])
        + pick(["enrolment"], ["add"])
        + pick(_CAMPAIGNS, ["view"])
    )
    # City staff also follow full re-scorings and set when periodic work runs.
    city = (
        pick([*_MATCHES, "rescorerun"], ["view"])
        + pick(["match"], ["change"])
        + pick(_SCHEDULES, ["view", "add", "change"])
        + pick(_NOTICES, ["view", "change"])
        + pick(_REGISTRIES, ["view", "add", "change", "delete"])
        + pick(_REFERENCE, ["view", "add", "change"])
        + pick(["occupationtitle"], ["delete"])  # a learned title may be mischief
        + pick(["reveallog", *_LOGS], ["view"])
        + pick(_RULES, ["view", "change"])
        + pick(["subsidypolicy", "insurancetransferrule"], ["add"])
        + pick(_CLAIMS + _PLANNED + _CAMPAIGNS, ["view", "change"])
        + pick(["enrolment"], ["add"])
        + [perms["reveal_personal_data"], perms["decide_entitlement"], perms["approve_campaign"]]
    )
    groups = {}
    for name, granted in ((STATION_STAFF, station), (CITY_STAFF, city)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(granted)
        groups[name] = group
    return groups
