"""The job seeker's pages: search without signing in, sign-up and sign-in with a phone code,
jobs for me, my profile and working away, notices, training and my data. Every read and write
goes through the selectors and services the API uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.api.conventions import etag
from jobs.api.public import VacancyFilter
from jobs.models import CodePurpose, Person, Region, TrainingCourse, WorkType
from jobs.notices.subsidies import amount_text
from jobs.selectors.consent import consent_current
from jobs.selectors.exports import person_export
from jobs.selectors.migrants import migrant_record_current
from jobs.selectors.notices import inbox_of_person
from jobs.selectors.public import vacancies_public
from jobs.selectors.seekers import courses_for_person, enrolments_of_person, seeker_of_user
from jobs.selectors.subsidies import entitlements_of_person
from jobs.selectors.support import support_of
from jobs.services.accounts import (
    seeker_delete,
    seeker_register,
    seeker_sign_in,
)
from jobs.services.migrants import migrant_back_home, migrant_working_away
from jobs.services.notices import notice_read
from jobs.services.people import seeker_profile_update
from jobs.services.subsidies import entitlement_apply
from jobs.services.training import course_choose, places_left
from jobs.validators import mask_id_number, mask_mobile
from jobs.web.common import (
    SESSION_BACKEND,
    acted_once,
    code_send,
    expired_message,
    form_sent_once,
    page,
    place_lists,
    safe_next,
    sent_again,
    stale_message,
    typed,
)
from jobs.web.display import distance_text, match_actions, match_stage_text, wage_text
from jobs.web.forms import (
    PROFILE_FIELDS,
    AwayForm,
    BackForm,
    Held,
    PhoneForm,
    PlaceForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    form_add_service_errors,
)
from jobs.web.once import Send, form_claim, form_done, form_release
from matching.models import Match, MatchStatus
from matching.selectors import (
    applications_off_list,
    invited_match_ids,
    match_of_person,
    match_reasons,
    matches_for_person,
)
from matching.services.lifecycle import match_apply, match_set_status

P = ParamSpec("P")
PAGE_SIZE = 20
MATCHES_SHOWN = 50
SEARCH_PARAMS = ("q", "occupation", "work_type", "min_monthly_wage", "latitude", "longitude", "radius_km",
                 "ordering")  # fmt: skip
RADII = (5, 10, 20, 30, 50, 100)
WIDEST_KM = 500  # the filter's widest radius: a county's reach from its own centre


# --- who is signed in ------------------------------------------------------------------------


def _seeker(request: HttpRequest) -> Person | None:
    if not request.user.is_authenticated:
        return None
    return seeker_of_user(user=request.user)


def seeker_page(
    view: Callable[Concatenate[HttpRequest, Person, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A page of a signed-in job seeker, given their own person; anyone else goes to sign in."""

    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        person = _seeker(request)
        if person is None:
            return redirect_to_login(request.get_full_path(), reverse("web:signin"))
        return view(request, person, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# The pages whose forms are sent once, with a token (the others read, or do what may be repeated).
ONCE_PAGES = {"signup.html", "signin.html", "my_jobs.html", "my_job.html", "my_profile.html", "my_away.html",
              "my_training.html", "my_subsidies.html"}  # fmt: skip


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    if "person" not in context:
        context = {**context, "person": _seeker(request)}
    return page(request, template, context, once=template in ONCE_PAGES, status=status)


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request, reverse("web:my-jobs"))


# --- finding work without signing in ----------------------------------------------------------


def _search_params(request: HttpRequest, place: Region | None) -> dict[str, str]:
    """The public API's filter parameters for what the search form asks."""
    params = {k: request.GET[k] for k in SEARCH_PARAMS if request.GET.get(k, "").strip()}
    near_me = "latitude" in params or "longitude" in params
    if not near_me:
        params.pop("radius_km", None)  # the radius is that of "near me" only
    if place is not None:
        params["region"] = place.code
        if not near_me and place.level == Region.Level.COUNTY and place.latitude is not None:
            # Distances from the county's centre, as the matching reasons give them.
            params.update(latitude=str(place.latitude), longitude=str(place.longitude),
                          radius_km=str(WIDEST_KM))  # fmt: skip
    point = "radius_km" in params
    if params.get("ordering", "").lstrip("-") == "distance" and not point:
        params.pop("ordering")  # nothing to measure from: the newest first
    params.setdefault("ordering", "distance" if point else "-updated_at")
    return params


def _vacancy_card(vacancy: Any) -> dict[str, Any]:
    return {"vacancy": vacancy, "wage": wage_text(vacancy.wage_min, vacancy.wage_max, vacancy.wage_unit),
            "distance": distance_text(getattr(vacancy, "distance_sq", None)),
            "work_type": WorkType(vacancy.work_type).label,
            "left": max(vacancy.headcount - vacancy.filled_count, 0)}  # fmt: skip


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Open vacancies near a place, by words, work type and wage, found by the public API's own
    filter: monthly wage, distance and employer, never a contact."""
    picker = PlaceForm(request.GET)
    errors: dict[str, list[str]] = {}
    if picker.is_valid():
        params = _search_params(request, picker.place())
    else:
        errors["region"] = [str(m) for messages in picker.errors.values() for m in messages]
        params = {}
    search = VacancyFilter(params, queryset=vacancies_public().order_by("-updated_at", "-pk"))
    page = occupation = None
    if not errors and search.is_valid():
        page = Paginator(search.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        occupation = search.form.cleaned_data.get("occupation")
    elif not errors:
        errors = {k: [str(m) for m in v] for k, v in search.form.errors.items()}
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cards": [_vacancy_card(v) for v in (page.object_list if page else [])], "page": page,
        "errors": errors, "query": query.urlencode(), "occupation": occupation,
        "values": {k: request.GET.get(k, "") for k in SEARCH_PARAMS},
        "near_me": bool(request.GET.get("latitude")), "work_types": WorkType.choices, "radii": RADII,
        "orderings": _orderings(), **place_lists(request.GET),
    }  # fmt: skip
    return _page(request, "home.html", context)


def _orderings() -> list[tuple[str, str]]:
    return [
        ("-updated_at", _("Newest first")),
        ("-wage", _("Best paid first")),
        ("distance", _("Nearest first")),
    ]


@require_GET
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = vacancies_public().filter(pk=pk).first()
    if vacancy is None:
        raise Http404
    return _page(request, "vacancy.html", _vacancy_card(vacancy))


# --- sign-up and sign-in ------------------------------------------------------------------------


def _sign_in(request: HttpRequest, person: Person) -> None:
    login(request, person.account.user, backend=SESSION_BACKEND)


def _signup_page(request: HttpRequest, form: SignUpForm, **extra: Any) -> HttpResponse:
    consent = consent_current()
    data = form.data if form.is_bound else form.initial
    return _page(request, "signup.html", {"form": form, "consent": consent, **place_lists(data), **extra})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Register with a phone code: who I am, where I live, what work I want in my own words,
    and consent to the text shown in full."""
    consent = consent_current()
    if request.method == "GET" or request.POST.get("pick"):
        if _seeker(request) is not None:
            return redirect("web:my-jobs")
        if consent is None:  # nothing to agree to yet: nobody can register
            return _page(request, "signup_closed.html", {}, status=503)
        # Without a script the picker's button asks for the next list of places: nothing is sent.
        initial = typed(request) if request.method == "POST" else {"consent_text_version": consent.version}
        return _signup_page(request, SignUpForm(initial=initial))
    form = SignUpForm(request.POST)

    def register() -> str:
        _sign_in(request, seeker_register(**form.registration()).person)
        messages.success(request, _("You are registered. Your matches appear here within minutes."))
        return reverse("web:my-jobs")

    return form_sent_once(request, "signup", form, register) or _signup_page(request, form)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Sign in with a code sent to my sign-in phone."""
    next_url = _safe_next(request)
    if request.method == "GET":
        if _seeker(request) is not None:
            return redirect(next_url)
        return _page(request, "signin.html", {"form": SignInForm(), "next": next_url})
    form = SignInForm(request.POST)

    def sign_in() -> str:
        signed = seeker_sign_in(phone=form.cleaned_data["phone"], code=form.cleaned_data["code"])
        _sign_in(request, signed.person)
        return next_url

    return form_sent_once(request, "signin", form, sign_in) or _page(
        request, "signin.html", {"form": form, "next": next_url}
    )


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """Send a sign-in code to the phone typed in. A page's script asks for it and shows the
    answer beside the phone; without a script the button sends the whole form here, and the
    page comes back as it was typed, with the answer."""
    form = PhoneForm(request.POST)
    if form.is_valid():
        error, note = code_send(request, form.cleaned_data["phone"], CodePurpose.SEEKER)
    else:
        error, note = str(form.errors["phone"][0]), ""
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"ok": not error, "message": error or note}, status=400 if error else 200)
    extra: dict[str, Any] = {"code_error": error, "code_note": note}
    if request.GET.get("for") == "signin":
        return _page(request, "signin.html", {"form": SignInForm(initial=typed(request)),
                                               "next": _safe_next(request), **extra})  # fmt: skip
    return _signup_page(request, SignUpForm(initial=typed(request)), **extra)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    employer = hasattr(request.user, "employer_account")
    logout(request)
    return redirect("web:employer-home" if employer else "web:home")


# --- jobs for me ---------------------------------------------------------------------------------


def _match_card(match: Match, invited: set[int]) -> dict[str, Any]:
    vacancy = match.vacancy
    return {
        "match": match, "reasons": match_reasons(match.explanation),
        "wage": wage_text(vacancy.wage_min, vacancy.wage_max, vacancy.wage_unit),
        "stage": match_stage_text(match, invited=match.pk in invited), "actions": match_actions(match),
        "status": MatchStatus(match.status).label,
    }  # fmt: skip


@require_GET
@seeker_page
def my_jobs(request: HttpRequest, person: Person) -> HttpResponse:
    """My matches, best first, each with its reasons; then my applications no longer listed."""
    invited = invited_match_ids(person=person)
    cards = [_match_card(m, invited) for m in matches_for_person(person=person, limit=MATCHES_SHOWN)]
    earlier = [_match_card(m, invited) for m in applications_off_list(person=person)]
    context = {"cards": cards, "earlier": earlier, "person": person, "support": support_of(person=person)}
    return _page(request, "my_jobs.html", context)


@require_GET
@seeker_page
def my_help(request: HttpRequest, person: Person) -> HttpResponse:
    """The extra help I can have, why, and who looks after me."""
    return _page(request, "my_help.html", {"support": support_of(person=person), "person": person})


def _my_match(person: Person, pk: int) -> Match:
    match = match_of_person(person=person, pk=pk)
    if match is None:  # someone else's, or none: the same answer
        raise Http404
    return match


@require_GET
@seeker_page
def my_job(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    match = _my_match(person, pk)
    vacancy = match.vacancy
    context = {"card": _match_card(match, {match.pk} if match.invited_at else set()), "vacancy": vacancy,
               "work_type": WorkType(vacancy.work_type).label, "person": person}  # fmt: skip
    return _page(request, "my_job.html", context)


ACTIONS: dict[str, Callable[[Match], Match]] = {
    "apply": lambda match: match_apply(match=match),
    "interest": lambda match: match_set_status(match=match, status=MatchStatus.INTERESTED, by="person"),
    "decline": lambda match: match_set_status(match=match, status=MatchStatus.DECLINED, by="person"),
}


def _action_done(action: str) -> str:
    return {
        "apply": _("Applied. The employer sees your name and phone and is told."),
        "interest": _("Noted: the employer sees that you are interested."),
        "decline": _("Noted: this job will not be suggested again."),
    }[action]


@require_POST
@seeker_page
def my_job_action(request: HttpRequest, person: Person, pk: int, action: str) -> HttpResponse:
    """Apply for a match, say I am interested, or not interested, through the same services as
    the API; a second send of the same button changes nothing."""
    if action not in ACTIONS:
        raise Http404
    match = _my_match(person, pk)
    back = (reverse("web:my-job", args=[pk]) if request.POST.get("back") == "job"
            else f"{reverse('web:my-jobs')}#match-{pk}")  # fmt: skip
    claim = form_claim(request, f"{action}:{pk}")
    if claim.send is Send.AGAIN:
        return sent_again(request, claim)
    if claim.send is Send.UNKNOWN:
        messages.error(request, expired_message())
        return redirect(back)
    try:
        ACTIONS[action](match)
    except ValidationError as error:
        form_release(claim)
        messages.error(request, error.messages[0])
        return redirect(back)
    form_done(claim, back)
    messages.success(request, _action_done(action))
    return redirect(back)


# --- my profile, working away ---------------------------------------------------------------------


KEPT_LISTS = ("skill", "occupation", "region", "certificate")


def _profile_initial(person: Person) -> dict[str, Any]:
    return {**{f: getattr(person, f) for f in PROFILE_FIELDS}, "version": etag(person)}


@require_http_methods(["GET", "POST"])
@seeker_page
def my_profile(request: HttpRequest, person: Person) -> HttpResponse:
    """The work I want, in my own words and in a few choices; my skills, found by everyday words."""
    held = Held(
        skills=list(person.skills.select_related("skill").order_by("skill__name")),
        occupations=list(person.desired_occupations.order_by("name")),
        regions=list(person.desired_regions.order_by("code")),
        certificates=list(person.certificates.select_related("occupation").order_by("pk")),
    )
    form = ProfileForm(request.POST if request.method == "POST" else None, initial=_profile_initial(person))
    if request.method == "POST":
        claim = form_claim(request, "profile")
        if claim.send is Send.AGAIN:
            return sent_again(request, claim)
        if claim.send is Send.UNKNOWN or form.data.get("version") != etag(person):
            form_release(claim)
            messages.error(request, expired_message() if claim.send is Send.UNKNOWN else stale_message())
            return redirect("web:my-profile")
        if form.is_valid():
            keep = {kind: set(request.POST.getlist(f"keep_{kind}")) for kind in KEPT_LISTS}
            try:
                seeker_profile_update(person=person, data=form.profile(held, keep), named=form.named)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                done = reverse("web:my-profile")
                form_done(claim, done)
                messages.success(request, _("Saved. Your matches are found again within minutes."))
                return redirect(done)
        form_release(claim)
    data = form.data if form.is_bound else {}
    context = {"form": form, "held": held, "person": person, **place_lists(data)}
    return _page(request, "my_profile.html", context)


@require_http_methods(["GET", "POST"])
@seeker_page
def my_away(request: HttpRequest, person: Person) -> HttpResponse:
    """I work away from home now (where, since when, when I expect to be back), or I am back."""
    current = migrant_record_current(person=person)
    away = current if current is not None and current.returned_on is None else None
    version = etag(current, "recorded_at") if current is not None else ""
    form = AwayForm(request.POST if request.method == "POST" else None, initial={"version": version})
    if request.method == "POST":
        claim = form_claim(request, "away")
        if claim.send is Send.AGAIN:
            return sent_again(request, claim)
        if claim.send is Send.UNKNOWN or form.data.get("version", "") != version:
            form_release(claim)
            messages.error(request, expired_message() if claim.send is Send.UNKNOWN else stale_message())
            return redirect("web:my-away")
        if form.is_valid():
            try:
                migrant_working_away(person=person, data=form.record())
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                done = reverse("web:my-away")
                form_done(claim, done)
                messages.success(request, _("Saved: you work away from home now."))
                return redirect(done)
        form_release(claim)
    data = form.data if form.is_bound else {}
    context = {"form": form, "away": away, "back": BackForm(), "person": person, **place_lists(data)}
    return _page(request, "my_away.html", context)


@require_POST
@seeker_page
def my_back(request: HttpRequest, person: Person) -> HttpResponse:
    """I am back home: matching here starts at once if I want work here."""
    claim = form_claim(request, "back")
    if claim.send is Send.AGAIN:
        return sent_again(request, claim)
    if claim.send is Send.UNKNOWN:
        messages.error(request, expired_message())
        return redirect("web:my-away")
    form = BackForm(request.POST)
    form.is_valid()
    try:
        migrant_back_home(person=person, returned_on=timezone.localdate(),
                          intends_local_work=form.cleaned_data.get("intends_local_work", False))  # fmt: skip
    except ValidationError as error:
        form_release(claim)
        messages.error(request, error.messages[0])
        return redirect("web:my-away")
    done = reverse("web:my-jobs")
    form_done(claim, done)
    messages.success(request, _("Welcome home. Jobs here are found for you within minutes."))
    return redirect(done)


# --- my notices, my data ---------------------------------------------------------------------------


@require_GET
@seeker_page
def my_notices(request: HttpRequest, person: Person) -> HttpResponse:
    """My notices, unread first, then the newest."""
    notices = sorted(inbox_of_person(person=person)[:MATCHES_SHOWN], key=lambda n: n.read_at is not None)
    return _page(request, "my_notices.html", {"notices": notices, "person": person})


@require_GET
@seeker_page
def my_training(request: HttpRequest, person: Person) -> HttpResponse:
    """The courses I chose, then those in my city with a place left, those teaching the skills
    my best matches ask for and I lack first."""
    chosen = enrolments_of_person(person=person)
    taken = {e.course_id for e in chosen}
    courses = [{"course": c, "lacking": lacking, "left": places_left(c)}
               for c, lacking in courses_for_person(person=person) if c.pk not in taken]  # fmt: skip
    return _page(request, "my_training.html", {"courses": courses, "chosen": chosen, "person": person})


@require_POST
@seeker_page
def my_course_choose(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    course = TrainingCourse.objects.filter(pk=pk).first()
    if course is None:
        raise Http404
    return acted_once(request, f"choose:{pk}", reverse("web:my-training"),
                 lambda: course_choose(person=person, course=course, today=timezone.localdate()),
                 _("You chose the course. The provider or your gig station will tell you when and where to come."))  # fmt: skip


@require_GET
@seeker_page
def my_subsidies(request: HttpRequest, person: Person) -> HttpResponse:
    """The subsidies I may claim, what to bring, and how my claims stand."""
    entitlements = [(e, amount_text(e.policy)) for e in entitlements_of_person(person=person)]
    return _page(request, "my_subsidies.html", {"entitlements": entitlements})


@require_POST
@seeker_page
def my_subsidy_apply(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    entitlement = entitlements_of_person(person=person).filter(pk=pk).first()
    if entitlement is None:  # someone else's, or none: the same answer
        raise Http404
    return acted_once(request, f"apply-subsidy:{pk}", f"{reverse('web:my-subsidies')}#subsidy-{pk}",
                 lambda: entitlement_apply(entitlement=entitlement, person=person),
                 _("Your application is recorded. Bring what is listed to the office named."))  # fmt: skip


@require_POST
@seeker_page
def my_notice_read(request: HttpRequest, person: Person, pk: int) -> HttpResponse:
    notice = inbox_of_person(person=person).filter(pk=pk).first()
    if notice is None:
        raise Http404
    notice_read(notice=notice)
    return redirect(f"{reverse('web:my-notices')}#notice-{pk}")


@require_GET
@seeker_page
def my_data(request: HttpRequest, person: Person) -> HttpResponse:
    """What is held about me, to download, and closing my account."""
    context = {"person": person, "id_masked": mask_id_number(person.id_number),
               "phone_masked": mask_mobile(person.phone or "")}  # fmt: skip
    return _page(request, "my_data.html", context)


@require_GET
@seeker_page
def my_data_download(request: HttpRequest, person: Person) -> HttpResponse:
    response = JsonResponse(person_export(person=person), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@require_POST
@seeker_page
def my_account_close(request: HttpRequest, person: Person) -> HttpResponse:
    """Close my account, once I confirmed that I understand what is erased and what stays."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to close your account."))
        return redirect("web:my-data")
    # A second send finds nobody signed in (the sign-in went with the account) and changes nothing.
    seeker_delete(person=person)
    logout(request)
    messages.success(request, _("Your account is closed and what identifies you is erased."))
    return redirect("web:home")
