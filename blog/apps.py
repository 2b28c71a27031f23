from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Discussion Blog"

    def ready(self):
        from . import publishing, signals

        signals.connect()
        publishing.connect()
