"""Replies imported before imports recorded it count as privacy-checked once, in the version imported."""

from django.db import migrations
from django.utils import timezone

from blog.publishing import LOG_ARCHIVE, fingerprint


def clear_imported_replies(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ImportedObject = apps.get_model("wpimport", "ImportedObject")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    PrivacyClearance = apps.get_model("blog", "PrivacyClearance")
    reply_type = ContentType.objects.filter(app_label="blog", model="letterreplypage").first()
    if reply_type is None:
        return
    imported = ImportedObject.objects.filter(kind="post", content_type=reply_type, revision_id__isnull=False)
    revision_ids = set(imported.values_list("revision_id", flat=True))
    # As the import does now: what was published or scheduled in the archive, not its drafts.
    live = set(Page.objects.filter(live_revision_id__in=revision_ids).values_list("live_revision_id", flat=True))
    scheduled = set(
        Revision.objects.filter(pk__in=revision_ids, approved_go_live_at__isnull=False).values_list("pk", flat=True)
    )
    revision_ids = live | scheduled
    already = set(PrivacyClearance.objects.filter(revision_id__in=revision_ids).values_list("revision_id", flat=True))
    now = timezone.now()
    for revision in Revision.objects.filter(pk__in=revision_ids - already).iterator():
        PrivacyClearance.objects.create(revision=revision, fingerprint=fingerprint(revision), source="archive")
        PageLogEntry.objects.create(
            content_type=reply_type,
            page_id=int(revision.object_id),
            revision=revision,
            label=revision.object_str,
            action=LOG_ARCHIVE,
            timestamp=now,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wpimport", "0001_initial"),
        ("blog", "0009_privacy_clearance_and_finding_marks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(clear_imported_replies, migrations.RunPython.noop)]
