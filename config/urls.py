from django.contrib import admin
from django.urls import include, path

from advisor import api
from config import health
from questionnaire import views as questionnaire_views

urlpatterns = [
    path("", questionnaire_views.home, name="home"),
    path("glossary/", questionnaire_views.glossary, name="glossary"),
    path("q/", include("questionnaire.urls")),
    path("r/<slug:token>/", questionnaire_views.result, name="result"),
    path("r/<slug:token>/what-if/", questionnaire_views.what_if, name="what-if"),
    path("r/<slug:token>/pdf", questionnaire_views.result_pdf, name="result-pdf"),
    path("r/<slug:token>/email/", questionnaire_views.email_result, name="result-email"),
    path("r/<slug:token>/delete/", questionnaire_views.delete_result, name="result-delete"),
    path("deleted/", questionnaire_views.result_deleted, name="result-deleted"),
    path("consultants/", include("consultants.urls")),
    path("i/", include("consultants.invite_urls")),
    path("accounts/", include("allauth.urls")),
    path("api/recommend", api.recommend_create, name="api-recommend"),
    path("api/openapi.json", api.openapi_json, name="api-openapi"),
    path("api/docs", api.api_docs, name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler500 = "config.errors.server_error"

# The product's name on every admin page instead of "Django administration".
admin.site.site_header = "SMO or SMM? — admin"
admin.site.site_title = "SMO or SMM? admin"
admin.site.index_title = "Tune the advice and follow the responses"
