"""The admin's change list, calm about query strings no admin link makes.

Django turns most bad filters into a redirect to ?e=1 (IncorrectLookupParameters), but the
date hierarchy builds datetimes from ?<field>__year= itself and catches only ValueError: a
year too large for a C int raises OverflowError, and year 9999 a ValueError one step later,
outside its try. Both become the ?e=1 redirect here."""

from typing import TypeVar

from django.contrib import admin
from django.contrib.admin.filters import ListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db.models import Model
from django.http import HttpRequest

_ModelT = TypeVar("_ModelT", bound=Model)
# ChangeList.get_filters' answer: the filters, whether any applies, the lookup parameters,
# whether a lookup may return duplicates, whether a filter came from the query string.
Filters = tuple[list[ListFilter], bool, dict[str, bool | str], bool, bool]


class CalmChangeList(ChangeList):
    def get_filters(self, request: HttpRequest) -> Filters:
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class CalmFiltersAdmin(admin.ModelAdmin[_ModelT]):
    def get_changelist(self, request: HttpRequest, **kwargs: object) -> type[ChangeList]:
        return CalmChangeList
