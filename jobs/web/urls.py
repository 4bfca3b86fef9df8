from django.urls import path

from jobs.web import views

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
]
