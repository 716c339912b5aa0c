from django.urls import path

from questionnaire import views

app_name = "questionnaire"

urlpatterns = [
    path("", views.start, name="start"),
    path("restart/", views.restart, name="restart"),
    path("new/", views.new_assessment, name="new"),
    path("leaning/", views.live_leaning, name="leaning"),
    path("review/", views.review, name="review"),
    path("submit/", views.submit, name="submit"),
    path("prefill/", views.prefill, name="prefill"),
    path("<slug:slug>/", views.step, name="step"),
]
