"""What the WordPress import keeps: which object each WordPress item became, and each import run."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class ImportedObject(models.Model):
    """One WordPress post, page, file or comment and the object it became here.

    Keyed on the WordPress site and the item's id there, so importing the same export again
    finds what it made the first time instead of making it twice.
    """

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "File"
        # A file the content uses that has no attachment of its own: keyed on a digest of its path.
        FILE = "file", "File without an attachment"
        COMMENT = "comment", "Comment"

    site_url = models.CharField(max_length=255, help_text="The WordPress site the export came from.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.BigIntegerField("WordPress id")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # A digest of the item as last imported: an export whose item differs updates the object.
    fingerprint = models.CharField(max_length=64, blank=True)
    # The page revision the import made: a later revision means someone edited the page here since.
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported WordPress item"
        constraints = [
            models.UniqueConstraint(fields=["site_url", "kind", "wp_id"], name="one_object_per_wordpress_item"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wpimport_target_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} from {self.site_url}"


class ImportRun(models.Model):
    """One import of an export file: from the admin (run by the worker) or from the command line."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped with an error"

    ACTIVE = (State.QUEUED, State.RUNNING)

    file_name = models.CharField(max_length=255)
    # Where the uploaded export waits for the worker, outside the public media folder; blank once deleted.
    stored_path = models.CharField(max_length=500, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0)
    dry_run = models.BooleanField(default=False)
    blog_category = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    from_command_line = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # True while queued or running: the constraint below lets only one import write at a time.
    active = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_wordpress_import"),
        ]

    def __str__(self):
        return f"Import of {self.file_name} ({self.get_state_display()})"

    @property
    def is_active(self):
        return self.state in self.ACTIVE
