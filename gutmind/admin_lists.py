"""The admin's change list, calm about query strings no admin link makes.

Django turns most bad filters into a redirect to ?e=1 (IncorrectLookupParameters), but the
date hierarchy builds datetimes from ?<field>__year= itself and catches only ValueError: a
year too large for a C int raises OverflowError, and year 9999 a ValueError one step later,
outside its try. Both become the ?e=1 redirect here."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class CalmChangeList(ChangeList):
    def get_filters(self, request: HttpRequest):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class CalmFiltersAdmin(admin.ModelAdmin):
    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return CalmChangeList
