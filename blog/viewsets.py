from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StaffWriter


class StaffWriterChooserViewSet(SnippetChooserViewSet):
    # An editor choosing a byline can add a new writer from the chooser; without a form here,
    # Wagtail's chooser "create" endpoint still exists and answers a POST with a 500.
    form_fields = ["name", "slug", "role_title", "bio"]


class StaffWriterViewSet(SnippetViewSet):
    model = StaffWriter
    icon = "user"
    menu_label = "Staff writers"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role_title"]
    search_fields = ["name"]
    # The ORM, not the search backend: on SQLite its autocomplete fails on a field list ("no such column").
    search_backend_name = None
    chooser_viewset_class = StaffWriterChooserViewSet
