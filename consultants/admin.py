"""Staff tools for consultant accounts: deactivate or reactivate, export their data, delete their data."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import slugify

from consultants import services
from consultants.models import Consultant


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "organisation", "is_active", "created_at"]
    list_filter = ["user__is_active"]
    search_fields = ["user__email", "display_name", "organisation"]
    list_select_related = ["user"]
    fields = ["email", "display_name", "organisation", "contact", "brand_colour", "logo", "created_at"]
    readonly_fields = ["email", "logo", "created_at"]
    actions = ["deactivate", "reactivate", "export_data", "delete_data"]

    @admin.display(ordering="user__email")
    def email(self, consultant: Consultant) -> str:
        return consultant.user.email

    @admin.display(boolean=True, ordering="user__is_active", description="Active")
    def is_active(self, consultant: Consultant) -> bool:
        return consultant.user.is_active

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # consultants sign up themselves

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # "Delete the consultant's data" removes the account and everything with it

    @admin.action(description="Deactivate: the consultant can no longer sign in, their links close")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Consultant]) -> None:
        users = [consultant.user for consultant in queryset]
        for user in users:
            user.is_active = False
            user.save(update_fields=["is_active"])
        self.message_user(request, f"{len(users)} consultant(s) deactivated.", messages.SUCCESS)

    @admin.action(description="Reactivate")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Consultant]) -> None:
        users = [consultant.user for consultant in queryset]
        for user in users:
            user.is_active = True
            user.save(update_fields=["is_active"])
        self.message_user(request, f"{len(users)} consultant(s) reactivated.", messages.SUCCESS)

    @admin.action(description="Export the consultant's data (JSON)")
    def export_data(self, request: HttpRequest, queryset: QuerySet[Consultant]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Export one consultant at a time.", messages.WARNING)
            return None
        consultant = queryset.select_related("user").get()
        response = HttpResponse(
            services.export_consultant_data(consultant=consultant), content_type="application/json"
        )
        name = slugify(consultant.user.email) or "consultant"
        response["Content-Disposition"] = f'attachment; filename="consultant-{name}.json"'
        return response

    @admin.action(
        description="Delete the consultant's data (account, branding, links, notes; results stay anonymous)"
    )
    def delete_data(self, request: HttpRequest, queryset: QuerySet[Consultant]) -> TemplateResponse | None:
        if request.POST.get("confirmed") != "yes":
            # Ask first, like Django's own "delete selected".
            return TemplateResponse(
                request,
                "admin/consultants/consultant/delete_data_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Delete these consultants' data?",
                    "consultants": list(queryset.select_related("user")),
                    "opts": self.model._meta,
                    "action_checkbox_name": ACTION_CHECKBOX_NAME,
                },
            )
        count = 0
        for consultant in queryset.select_related("user"):
            services.delete_consultant_data(consultant=consultant)
            count += 1
        self.message_user(request, f"Deleted the data of {count} consultant(s).", messages.SUCCESS)
        return None
