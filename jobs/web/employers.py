"""The employer's pages under /employer/: sign-up with the credit code and approval, sign-in with
a phone code, posting and closing vacancies, and each vacancy's candidates, best first, with
reasons; names masked and no phone until a candidate applies. Every read and write goes through
the selectors and services the employer API uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.api.conventions import etag
from jobs.models import CodePurpose, Employer, EmployerAccount, TrainingOrder, Vacancy
from jobs.notices.subsidies import amount_text
from jobs.selectors.employers import (
    account_of_employer,
    accounts_of_employer,
    orderable_vacancies_of_employer,
    training_orders_of_employer,
    vacancies_of_employer,
    vacancy_of_employer,
)
from jobs.selectors.notices import inbox_of_employer
from jobs.selectors.subsidies import entitlements_of_employer
from jobs.services.accounts import (
    employer_account_add,
    employer_account_remove,
    employer_register,
    employer_sign_in,
)
from jobs.services.notices import notice_read
from jobs.services.people import phone_hash
from jobs.services.subsidies import entitlement_apply
from jobs.services.training import places_left, training_order_place
from jobs.services.vacancies import vacancy_close, vacancy_create, vacancy_update
from jobs.validators import mask_mobile
from jobs.web.common import (
    SESSION_BACKEND,
    acted_once,
    code_send,
    expired_message,
    form_sent_once,
    page,
    picker_initial,
    place_lists,
    safe_next,
    sent_again,
    stale_message,
    typed,
)
from jobs.web.display import wage_text
from jobs.web.forms import (
    AccountForm,
    EmployerSignUpForm,
    OutcomeForm,
    PhoneForm,
    SignInForm,
    TrainingOrderForm,
    VacancyForm,
    form_add_service_errors,
    vacancy_initial,
)
from jobs.web.once import Send, form_claim, form_done, form_release
from matching.models import Match, MatchStatus
from matching.selectors import (
    APPLIED_OR_LATER,
    EMPLOYER_OUTCOMES,
    INVITED,
    candidate_of_employer,
    candidate_person,
    candidate_stage,
    candidates_and_applicants,
    match_reasons,
)
from matching.services.lifecycle import match_invite, match_outcome_record

P = ParamSpec("P")
CANDIDATES_SHOWN = 50
NOTICES_SHOWN = 50


def _account(request: HttpRequest) -> EmployerAccount | None:
    user = request.user
    if not user.is_authenticated:
        return None
    account: EmployerAccount | None = getattr(user, "employer_account", None)
    return account


def employer_page(
    view: Callable[Concatenate[HttpRequest, Employer, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A page of a signed-in employer's clerk, given their employer; anyone else signs in."""

    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        account = _account(request)
        if account is None:
            return redirect_to_login(request.get_full_path(), reverse("web:employer-signin"))
        return view(request, account.employer, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], *, once: bool = False
) -> HttpResponse:
    account = _account(request)
    context = {"employer": account.employer if account else None, **context}
    return page(request, f"employer/{template}", context, once=once)


# --- sign-up and sign-in ------------------------------------------------------------------------


def _signup_page(request: HttpRequest, form: EmployerSignUpForm, **extra: Any) -> HttpResponse:
    data = form.data if form.is_bound else form.initial
    return _page(request, "signup.html", {"form": form, **place_lists(data), **extra}, once=True)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Sign up an employer by its credit code; it waits for staff approval."""
    if request.method == "GET" or request.POST.get("pick"):
        if _account(request) is not None:
            return redirect("web:employer-home")
        initial = typed(request) if request.method == "POST" else {}
        return _signup_page(request, EmployerSignUpForm(initial=initial))
    form = EmployerSignUpForm(request.POST)

    def register() -> str:
        _sign_in(request, employer_register(**form.registration()).employer, form.cleaned_data["phone"])
        return reverse("web:employer-home")

    return form_sent_once(request, "employer-signup", form, register) or _signup_page(request, form)


def _sign_in(request: HttpRequest, employer: Employer, phone: str) -> None:
    account = employer.accounts.select_related("user").get(phone_hash=phone_hash(phone))
    login(request, account.user, backend=SESSION_BACKEND)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Sign in for an employer with a code sent to my own phone."""
    next_url = safe_next(request, reverse("web:employer-home"))
    if request.method == "GET":
        if _account(request) is not None:
            return redirect(next_url)
        return _page(request, "signin.html", {"form": SignInForm(), "next": next_url}, once=True)
    form = SignInForm(request.POST)

    def sign_in() -> str:
        signed = employer_sign_in(phone=form.cleaned_data["phone"], code=form.cleaned_data["code"])
        _sign_in(request, signed.employer, form.cleaned_data["phone"])
        return next_url

    return form_sent_once(request, "employer-signin", form, sign_in) or _page(
        request, "signin.html", {"form": form, "next": next_url}, once=True
    )


@require_POST
def send_code(request: HttpRequest) -> HttpResponse:
    """A code for an employer's sign-up or sign-in, as the seeker's page sends one."""
    form = PhoneForm(request.POST)
    if form.is_valid():
        error, note = code_send(request, form.cleaned_data["phone"], CodePurpose.EMPLOYER)
    else:
        error, note = str(form.errors["phone"][0]), ""
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"ok": not error, "message": error or note}, status=400 if error else 200)
    extra = {"code_error": error, "code_note": note}
    if request.GET.get("for") == "signin":
        next_url = safe_next(request, reverse("web:employer-home"))
        context = {"form": SignInForm(initial=typed(request)), "next": next_url, **extra}
        return _page(request, "signin.html", context, once=True)
    return _signup_page(request, EmployerSignUpForm(initial=typed(request)), **extra)


# --- my vacancies ---------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My employer, whether it is approved yet, and its vacancies; for anyone else, how to start."""
    account = _account(request)
    if account is None:
        return _page(request, "home.html", {})
    vacancies = [{"vacancy": v, "wage": wage_text(v.wage_min, v.wage_max, v.wage_unit)}
                 for v in vacancies_of_employer(employer=account.employer)]  # fmt: skip
    return _page(request, "home.html", {"vacancies": vacancies})


@require_http_methods(["GET", "POST"])
@employer_page
def vacancy_new(request: HttpRequest, employer: Employer) -> HttpResponse:
    """Post a vacancy with a guided form, checked as in the registry."""
    if request.method == "GET" or request.POST.get("pick"):
        today = timezone.localdate().isoformat()
        initial = typed(request) if request.method == "POST" else {"valid_from": today}
        form = VacancyForm(initial=initial)
    else:
        form = VacancyForm(request.POST)

        def post() -> str:
            vacancy = vacancy_create(employer=employer, data=form.vacancy())
            messages.success(request, _("Posted. Suitable people are found within minutes.")
                             if employer.status == Employer.Status.APPROVED
                             else _("Saved. It is shown and matched once the station approves your employer."))  # fmt: skip
            return reverse("web:employer-vacancy", args=[vacancy.pk])

        sent = form_sent_once(request, "vacancy-new", form, post)
        if sent is not None:
            return sent
    data = form.data if form.is_bound else form.initial
    return _page(request, "vacancy_new.html", {"form": form, **place_lists(data)}, once=True)


@require_http_methods(["GET", "POST"])
@employer_page
def vacancy_edit(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """Change one of my vacancies, from the version shown (a change elsewhere since is refused)."""
    vacancy = _my_vacancy(employer, pk)
    version = etag(vacancy)
    initial = {**vacancy_initial(vacancy), **picker_initial(vacancy.region), "version": version}
    if request.method == "GET" or request.POST.get("pick"):
        form = VacancyForm(initial=typed(request) if request.method == "POST" else initial)
    else:
        form = VacancyForm(request.POST)
        claim = form_claim(request, f"vacancy-edit:{pk}")
        if claim.send is Send.AGAIN:
            return sent_again(request, claim)
        if claim.send is Send.UNKNOWN or form.data.get("version") != version:
            form_release(claim)
            messages.error(request, expired_message() if claim.send is Send.UNKNOWN else stale_message())
            return redirect("web:employer-vacancy-edit", pk=pk)
        if form.is_valid():
            try:
                vacancy_update(vacancy=vacancy, data=form.vacancy())
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                done = reverse("web:employer-vacancy", args=[pk])
                form_done(claim, done)
                messages.success(request, _("Saved. Suitable people are found again within minutes."))
                return redirect(done)
        form_release(claim)
    data = form.data if form.is_bound else form.initial
    context = {"form": form, "vacancy": vacancy, **place_lists(data)}
    return _page(request, "vacancy_new.html", context, once=True)


def _my_vacancy(employer: Employer, pk: int) -> Vacancy:
    vacancy = vacancy_of_employer(employer=employer, pk=pk)
    if vacancy is None:  # another employer's, or none: the same answer
        raise Http404
    return vacancy


def _candidate_card(match: Match) -> dict[str, Any]:
    stage = candidate_stage(match=match)
    return {"match": match, "person": candidate_person(match=match), "reasons": match_reasons(match.explanation, for_person=False),
            "stage": stage, "stage_label": _("Invited") if stage == INVITED else MatchStatus(stage).label,
            "may_invite": stage not in (INVITED, *APPLIED_OR_LATER, MatchStatus.DECLINED),
            "may_record": match.status in APPLIED_OR_LATER and match.status != MatchStatus.HIRED}  # fmt: skip


@require_GET
@employer_page
def vacancy_detail(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    """One of my vacancies with its candidates, best first, then those who applied."""
    vacancy = _my_vacancy(employer, pk)
    cards = [_candidate_card(m) for m in candidates_and_applicants(vacancy=vacancy)[:CANDIDATES_SHOWN]]
    context = {"vacancy": vacancy, "cards": cards, "outcomes": [(s, MatchStatus(s).label) for s in EMPLOYER_OUTCOMES],
               "wage": wage_text(vacancy.wage_min, vacancy.wage_max, vacancy.wage_unit)}  # fmt: skip
    return _page(request, "vacancy.html", context, once=True)


@require_POST
@employer_page
def vacancy_close_view(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    vacancy = _my_vacancy(employer, pk)
    back = reverse("web:employer-vacancy", args=[pk])
    return acted_once(request, f"close:{pk}", back, lambda: vacancy_close(vacancy=vacancy),
                  _("Closed: the vacancy has left every list; applications stay on record."))  # fmt: skip


def _my_candidate(employer: Employer, pk: int) -> Match:
    match = candidate_of_employer(employer=employer, pk=pk)
    if match is None:
        raise Http404
    return match


@require_POST
@employer_page
def candidate_invite(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    match = _my_candidate(employer, pk)
    back = f"{reverse('web:employer-vacancy', args=[match.vacancy_id])}#candidate-{pk}"
    return acted_once(request, f"invite:{pk}", back, lambda: match_invite(match=match),
                  _("Invited: they are told, and you see their phone once they apply."))  # fmt: skip


@require_POST
@employer_page
def candidate_outcome(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    match = _my_candidate(employer, pk)
    back = f"{reverse('web:employer-vacancy', args=[match.vacancy_id])}#candidate-{pk}"
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        raise Http404
    outcome = form.cleaned_data["status"]
    return acted_once(request, f"outcome:{pk}:{outcome}", back,
                  lambda: match_outcome_record(match=match, status=outcome),
                  _("Recorded; the candidate is told."))  # fmt: skip


# --- colleagues' accounts -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@employer_page
def accounts(request: HttpRequest, employer: Employer) -> HttpResponse:
    """Who may sign in for my employer (phones masked); adding a colleague, pending until they
    sign in with a code sent to their own phone."""
    form = AccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        claim = form_claim(request, "account-add")
        if claim.send is Send.AGAIN:
            return sent_again(request, claim)
        if claim.send is Send.UNKNOWN:
            form.is_valid()
            form.add_error(None, expired_message())
        elif form.is_valid():
            try:
                employer_account_add(employer=employer, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                done = reverse("web:employer-accounts")
                form_done(claim, done)
                messages.success(request, _("Added: they sign in with a code sent to their own phone."))
                return redirect(done)
        form_release(claim)
    me = request.user.pk
    rows = [{"account": a, "phone": mask_mobile(a.phone or ""), "is_me": a.user_id == me}
            for a in accounts_of_employer(employer=employer)]  # fmt: skip
    return _page(request, "accounts.html", {"form": form, "accounts": rows}, once=True)


@require_POST
@employer_page
def account_remove(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    account = account_of_employer(employer=employer, pk=pk)
    if account is None:
        raise Http404
    return acted_once(request, f"account-remove:{pk}", reverse("web:employer-accounts"),
                  lambda: employer_account_remove(account=account),
                  _("Removed: that colleague can no longer sign in."))  # fmt: skip


# --- training and subsidies -------------------------------------------------------------------


def _order_card(order: TrainingOrder) -> dict[str, Any]:
    course = getattr(order, "course", None)
    return {"order": order, "course": course, "left": None if course is None else places_left(course)}


@require_http_methods(["GET", "POST"])
@employer_page
def training(request: HttpRequest, employer: Employer) -> HttpResponse:
    """The courses my employer ordered for its vacancies (企业下订单), each with the course the
    station listed for it and its places left, and a form to order another."""
    vacancies = list(orderable_vacancies_of_employer(employer=employer))
    if request.method == "GET":
        form = TrainingOrderForm(vacancies=vacancies)
    else:
        form = TrainingOrderForm(request.POST, vacancies=vacancies)

        def order() -> str:
            training_order_place(employer=employer, today=timezone.localdate(), **form.order())
            messages.success(request, _("Ordered. The gig station finds a provider for it; the course is shown here once listed."))  # fmt: skip
            return reverse("web:employer-training")

        sent = form_sent_once(request, "training-order", form, order)
        if sent is not None:
            return sent
    orders = [_order_card(o) for o in training_orders_of_employer(employer=employer)]
    return _page(request, "training.html", {"form": form, "orders": orders}, once=True)


@require_GET
@employer_page
def subsidies(request: HttpRequest, employer: Employer) -> HttpResponse:
    """The subsidies my employer may claim for the people it hired or trained, and its claims."""
    entitlements = [(e, amount_text(e.policy)) for e in entitlements_of_employer(employer=employer)]
    return _page(request, "subsidies.html", {"entitlements": entitlements}, once=True)


@require_POST
@employer_page
def subsidy_apply(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    entitlement = entitlements_of_employer(employer=employer).filter(pk=pk).first()
    if entitlement is None:  # another employer's, or none: the same answer
        raise Http404
    return acted_once(request, f"apply-subsidy:{pk}", f"{reverse('web:employer-subsidies')}#subsidy-{pk}",
                      lambda: entitlement_apply(entitlement=entitlement, employer=employer),
                      _("Your application is recorded. Bring what is listed to the office named."))  # fmt: skip


# --- notices --------------------------------------------------------------------------------------


@require_GET
@employer_page
def notices(request: HttpRequest, employer: Employer) -> HttpResponse:
    """My employer's notices (candidates found, applications, subsidies), unread first."""
    inbox = sorted(inbox_of_employer(employer=employer)[:NOTICES_SHOWN], key=lambda n: n.read_at is not None)
    return _page(request, "notices.html", {"notices": inbox})


@require_POST
@employer_page
def notice_read_view(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    notice = inbox_of_employer(employer=employer).filter(pk=pk).first()
    if notice is None:
        raise Http404
    notice_read(notice=notice)
    return redirect(f"{reverse('web:employer-notices')}#notice-{pk}")
