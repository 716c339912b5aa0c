from django.urls import path

from consultants import views

app_name = "consultants"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("invites/", views.invite_create, name="invite-create"),
    path("profile/", views.profile, name="profile"),
    path("clients/<uuid:public_id>/", views.client, name="client"),
    path("clients/<uuid:public_id>/revoke/", views.invite_revoke, name="invite-revoke"),
    path("clients/<uuid:public_id>/send/", views.invite_resend, name="invite-resend"),
    path("results/<uuid:public_id>/notes/", views.note_add, name="note-add"),
    path("brand/<uuid:public_id>/<int:version>.css", views.brand_css, name="brand-css"),
    path("logo/<str:name>", views.logo, name="logo"),
]
