"""The list of requests the published documents make."""

from django.db.models import F
from django_filters.views import FilterView

from ..filters import RequestFilter
from ..models import Request
from .common import ForgivingPaginationMixin, filter_errors, use_checkboxes

# What the list shows of an answering document: title, date and status, not its text.
ANSWER_DEFER = ("text", "search_text", "imported_values", "summary", "parser_warnings")


class RequestListView(ForgivingPaginationMixin, FilterView):
    filterset_class = RequestFilter
    paginate_by = 50
    strict = False
    template_name = "catalogue/request_list.html"

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        use_checkboxes(filterset.form.fields, "category", "status")
        return filterset

    def get_queryset(self):
        return (
            Request.objects.published()
            .for_list()
            .select_related("answered_by")
            .defer(*(f"answered_by__{name}" for name in ANSWER_DEFER))
            .order_by(F("document__date").asc(nulls_last=True), "document__title", "position")
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        kept = self.filterset.kept_total()
        if kept is not None:
            paginator.count = kept
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = context["paginator"].count
        context["filter_errors"] = filter_errors(self.filterset)
        return context
