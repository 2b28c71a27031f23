from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def wordpress_import_urls():
    return [
        path("wordpress-import/", views.ImportIndexView.as_view(), name="wpimport_index"),
        path("wordpress-import/<int:pk>/", views.ImportRunView.as_view(), name="wpimport_run"),
        path("wordpress-import/<int:pk>/progress/", views.progress_view, name="wpimport_progress"),
        path("wordpress-import/<int:pk>/report.json", views.report_view, name="wpimport_report"),
    ]


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def wordpress_import_menu_item():
    return AdministratorMenuItem("WordPress import", reverse("wpimport_index"), icon_name="upload", order=900)
