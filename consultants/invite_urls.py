"""The client's side of an invite: /i/<token>/ opens the questionnaire under the consultant's branding."""

from django.urls import path

from consultants import views

urlpatterns = [
    path("leave/", views.invite_leave, name="invite-leave"),
    path("<slug:token>/", views.invite_open, name="invite"),
]
