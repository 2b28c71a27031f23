from django.apps import AppConfig


class WordPressImportConfig(AppConfig):
    name = "wpimport"
    verbose_name = "WordPress import"
    default_auto_field = "django.db.models.BigAutoField"
