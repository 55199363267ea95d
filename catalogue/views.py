"""Public pages of the catalogue. Visitors see published documents only."""

from django.views.generic import DetailView, ListView, TemplateView

from .models import Document, Person


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["document_count"] = Document.objects.published().count()
        return context


class DocumentListView(ListView):
    paginate_by = 25
    template_name = "catalogue/document_list.html"

    def get_queryset(self):
        return Document.objects.published().for_list()


class DocumentDetailView(DetailView):
    template_name = "catalogue/document_detail.html"

    def get_queryset(self):
        return Document.objects.published().for_detail()


class PersonListView(ListView):
    paginate_by = 50
    template_name = "catalogue/person_list.html"
    queryset = Person.objects.all()


class PersonDetailView(DetailView):
    template_name = "catalogue/person_detail.html"
    queryset = Person.objects.all()
