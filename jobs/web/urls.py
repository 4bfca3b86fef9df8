from django.urls import path

from jobs.web import employers, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("jobs/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("signup/", views.signup, name="signup"),
    path("signin/", views.signin, name="signin"),
    path("signout/", views.signout, name="signout"),
    path("code/", views.send_code, name="send-code"),
    path("me/jobs/", views.my_jobs, name="my-jobs"),
    path("me/jobs/<int:pk>/", views.my_job, name="my-job"),
    path("me/jobs/<int:pk>/<slug:action>/", views.my_job_action, name="my-job-action"),
    path("me/profile/", views.my_profile, name="my-profile"),
    path("me/away/", views.my_away, name="my-away"),
    path("me/back/", views.my_back, name="my-back"),
    path("me/training/", views.my_training, name="my-training"),
    path("me/notices/", views.my_notices, name="my-notices"),
    path("me/notices/<int:pk>/read/", views.my_notice_read, name="my-notice-read"),
    path("me/data/", views.my_data, name="my-data"),
    path("me/data/download/", views.my_data_download, name="my-data-download"),
    path("me/close/", views.my_account_close, name="my-account-close"),
    path("employer/", employers.home, name="employer-home"),
    path("employer/signup/", employers.signup, name="employer-signup"),
    path("employer/signin/", employers.signin, name="employer-signin"),
    path("employer/code/", employers.send_code, name="employer-send-code"),
    path("employer/vacancies/new/", employers.vacancy_new, name="employer-vacancy-new"),
    path("employer/vacancies/<int:pk>/", employers.vacancy_detail, name="employer-vacancy"),
    path("employer/vacancies/<int:pk>/edit/", employers.vacancy_edit, name="employer-vacancy-edit"),
    path("employer/vacancies/<int:pk>/close/", employers.vacancy_close_view, name="employer-vacancy-close"),
    path("employer/notices/", employers.notices, name="employer-notices"),
    path("employer/notices/<int:pk>/read/", employers.notice_read_view, name="employer-notice-read"),
    path("employer/accounts/", employers.accounts, name="employer-accounts"),
    path("employer/accounts/<int:pk>/remove/", employers.account_remove, name="employer-account-remove"),
    path("employer/candidates/<int:pk>/invite/", employers.candidate_invite, name="employer-invite"),
    path("employer/candidates/<int:pk>/outcome/", employers.candidate_outcome, name="employer-outcome"),
]
