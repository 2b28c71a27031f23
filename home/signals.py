"""Saving the site settings (menu, calls to action, crisis resources) makes every cached page stale."""

from django.db.models.signals import post_delete, post_save

from cms.caching import content_changed


def _settings_saved(created, **_kwargs):
    if not created:  # the first read of the settings creates their row, with what readers already see
        content_changed()


def connect():
    from .models import SiteSettings

    post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="cache-site-settings-saved")
    post_delete.connect(content_changed, sender=SiteSettings, dispatch_uid="cache-site-settings-deleted")
