"""The admin's upload form: an export file and the import's options, each refused with a clear message."""

import zoneinfo

from django import forms
from django.conf import settings


def max_upload():
    # Large archives are fine: the file is streamed to disk, never read into memory.
    return getattr(settings, "WPIMPORT_MAX_UPLOAD_BYTES", 1024 * 1024 * 1024)


class ImportForm(forms.Form):
    export = forms.FileField(
        label="WordPress export file",
        help_text="In WordPress: Tools \u2192 Export \u2192 All content. An .xml file.",
        error_messages={"required": "Choose the export file (.xml) to import.", "empty": "The file is empty."},
    )
    dry_run = forms.BooleanField(
        label="Dry run: import, report, then undo everything",
        required=False,
        help_text="See what an import would do before doing it.",
    )
    blog_category = forms.CharField(
        label="Blog category",
        required=False,
        max_length=200,
        help_text="When the site has other posts too: only posts in this category (name or slug) are imported.",
    )
    time_zone = forms.CharField(
        label="Time zone of the WordPress site",
        required=False,
        max_length=64,
        help_text=f"For dates WordPress kept without GMT (drafts). Empty: {settings.TIME_ZONE}.",
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if not upload.name.lower().endswith(".xml"):
            raise forms.ValidationError("Choose the .xml file WordPress exported (Tools \u2192 Export).")
        if upload.size > max_upload():
            raise forms.ValidationError(f"The file is larger than the limit of {max_upload() // 2**20} MB.")
        start = upload.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not start.startswith((b"<?xml", b"<rss", b"<!--")):
            raise forms.ValidationError("This file is not XML: choose the .xml file WordPress exported.")
        return upload

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"].strip()
        if value:
            try:
                zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
                raise forms.ValidationError(
                    "Unknown time zone: use a name such as Europe/London or America/New_York."
                ) from error
        return value
