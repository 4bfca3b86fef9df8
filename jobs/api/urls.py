from django.urls import path, re_path

from jobs.api import employers, migrants, public, seekers, staff
from jobs.api.conventions import NotFoundApi

app_name = "api"
urlpatterns = [
    path("vacancies/", public.VacancyListApi.as_view(), name="vacancy-list"),
    path("vacancies/<int:pk>/", public.VacancyDetailApi.as_view(), name="vacancy-detail"),
    path("occupations/", public.OccupationListApi.as_view(), name="occupation-list"),
    path("skills/", public.SkillListApi.as_view(), name="skill-list"),
    path("regions/", public.RegionListApi.as_view(), name="region-list"),
    path("courses/", public.CourseListApi.as_view(), name="course-list"),
    path("consent/", public.ConsentApi.as_view(), name="consent"),
    path("auth/codes/", seekers.PhoneCodeApi.as_view(), name="phone-codes"),
    path("auth/sign-in/", seekers.SignInApi.as_view(), name="sign-in"),
    path("auth/sign-out/", seekers.SignOutApi.as_view(), name="sign-out"),
    path("seekers/", seekers.SeekerRegisterApi.as_view(), name="seeker-register"),
    path("me/", seekers.MeApi.as_view(), name="me"),
    path("me/data/", seekers.MyDataApi.as_view(), name="my-data"),
    path("me/phone/", seekers.MyPhoneApi.as_view(), name="my-phone"),
    path("me/matches/", seekers.MyMatchesApi.as_view(), name="my-matches"),
    path("me/matches/<int:pk>/apply/", seekers.ApplyApi.as_view(), name="match-apply"),
    path("me/matches/<int:pk>/decline/", seekers.DeclineApi.as_view(), name="match-decline"),
    path("me/matches/<int:pk>/interest/", seekers.InterestApi.as_view(), name="match-interest"),
    path("me/courses/", seekers.MyCoursesApi.as_view(), name="my-courses"),
    path("me/migrant/", migrants.MyMigrantApi.as_view(), name="my-migrant"),
    path("me/migrant/back/", migrants.BackHomeApi.as_view(), name="my-migrant-back"),
    path("me/notices/", seekers.MyNoticesApi.as_view(), name="my-notices"),
    path("me/notices/<int:pk>/read/", seekers.MyNoticeReadApi.as_view(), name="notice-read"),
    path("employers/", employers.EmployerRegisterApi.as_view(), name="employer-register"),
    path("employers/sign-in/", employers.EmployerSignInApi.as_view(), name="employer-sign-in"),
    path("employer/", employers.MyEmployerApi.as_view(), name="my-employer"),
    path("employer/vacancies/", employers.MyVacanciesApi.as_view(), name="my-vacancies"),
    path("employer/vacancies/<int:pk>/", employers.MyVacancyApi.as_view(), name="my-vacancy"),
    path("employer/vacancies/<int:pk>/close/", employers.CloseVacancyApi.as_view(), name="vacancy-close"),
    path("employer/notices/", employers.EmployerNoticesApi.as_view(), name="employer-notices"),
    path(
        "employer/notices/<int:pk>/read/",
        employers.EmployerNoticeReadApi.as_view(),
        name="employer-notice-read",
    ),
    path("employer/accounts/", employers.MyAccountsApi.as_view(), name="my-accounts"),
    path("employer/accounts/<int:pk>/", employers.MyAccountApi.as_view(), name="my-account"),
    path("employer/vacancies/<int:pk>/candidates/", employers.CandidatesApi.as_view(), name="candidates"),
    path("employer/candidates/<int:pk>/invite/", employers.InviteApi.as_view(), name="candidate-invite"),
    path("employer/candidates/<int:pk>/outcome/", employers.OutcomeApi.as_view(), name="candidate-outcome"),
    path("staff/sign-in/", staff.StaffSignInApi.as_view(), name="staff-sign-in"),
    path("staff/people/", staff.PeopleApi.as_view(), name="staff-people"),
    path("staff/people/<int:pk>/", staff.PersonApi.as_view(), name="staff-person"),
    path("staff/people/<int:pk>/reveal/", staff.PersonRevealApi.as_view(), name="staff-person-reveal"),
    path("staff/people/<int:pk>/assistance/", staff.AssistanceApi.as_view(), name="staff-person-assistance"),
    path("staff/warnings/", staff.WarningsApi.as_view(), name="staff-warnings"),
    path("staff/employers/", staff.EmployersApi.as_view(), name="staff-employers"),
    path(
        "staff/employers/<int:pk>/approve/", staff.EmployerApproveApi.as_view(), name="staff-employer-approve"
    ),
    re_path(r"^", NotFoundApi.as_view(), name="not-found"),
]
