from django.urls import path, re_path

from jobs.api import public
from jobs.api.conventions import NotFoundApi

app_name = "api"
urlpatterns = [
    path("vacancies/", public.VacancyListApi.as_view(), name="vacancy-list"),
    path("vacancies/<int:pk>/", public.VacancyDetailApi.as_view(), name="vacancy-detail"),
    path("occupations/", public.OccupationListApi.as_view(), name="occupation-list"),
    path("skills/", public.SkillListApi.as_view(), name="skill-list"),
    path("regions/", public.RegionListApi.as_view(), name="region-list"),
    path("courses/", public.CourseListApi.as_view(), name="course-list"),
    re_path(r"^", NotFoundApi.as_view(), name="not-found"),
]
