from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = "Letters and comments"

    def ready(self):
        from . import pipeline, signals

        pipeline.connect()
        signals.connect()
