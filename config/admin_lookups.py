"""Admin list filtering limited to the filters the page offers.

Django's admin accepts any lookup on a model's own fields in the query string, including ones the database
cannot run (``?answers__contains={}`` on SQLite's JSON), which end in a 500. A ModelAdmin with this mixin
accepts only its primary key and the fields of its ``list_filter`` and ``date_hierarchy``, with the plain
comparisons those filters use; anything else is refused the way Django refuses a lookup it does not allow:
400.
"""

from typing import Any

from django.contrib import admin
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

ALLOWED_LOOKUPS = frozenset(
    {"exact", "iexact", "in", "isnull", "gt", "gte", "lt", "lte", "year", "month", "day"}
)


class ListFilterLookupsOnly:
    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        field, *lookups = lookup.split(LOOKUP_SEP)
        if field not in self.filterable_fields():
            return False
        if any(part not in ALLOWED_LOOKUPS and part != "id" for part in lookups):
            return False
        return super().lookup_allowed(lookup, value, request)  # type: ignore[misc]

    def filterable_fields(self) -> set[str]:
        hierarchy: str | None = getattr(self, "date_hierarchy", None)
        # The primary key too: other admin pages link to a chosen set of rows (?id__in=…).
        names = {"id", "pk", *([hierarchy] if hierarchy else [])}
        list_filter: Any = getattr(self, "list_filter", ())
        for item in list_filter:
            if isinstance(item, str):
                names.add(item.split(LOOKUP_SEP)[0])
            elif isinstance(item, tuple | list):
                names.add(item[0].split(LOOKUP_SEP)[0])
            elif isinstance(item, type) and issubclass(item, admin.SimpleListFilter) and item.parameter_name:
                # A filter may keep the plain field's parameter ("verdict__exact") while showing words.
                names.add(item.parameter_name.split(LOOKUP_SEP)[0])
        return names
