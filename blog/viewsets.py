from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StaffWriter


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
