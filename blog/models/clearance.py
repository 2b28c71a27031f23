"""What the privacy check leaves behind: the versions that passed, and the reviewer's marks."""

from django.conf import settings
from django.db import models


class PrivacyClearance(models.Model):
    """One revision of a reply that passed the privacy check, with a digest of what it said then.

    Only a revision whose reader-facing content still has this digest may go live
    (blog/publishing.py): a revision overwritten after its approval has to be checked again.
    """

    class Source(models.TextChoices):
        REVIEW = "review", "privacy check approved"
        ARCHIVE = "archive", "imported from the archive, checked once"
        DEMO = "demo", "demo content"

    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="privacy_clearances")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the reader-facing content that passed.")
    source = models.CharField(max_length=10, choices=Source.choices)
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "privacy clearance"
        indexes = [models.Index(fields=["revision", "fingerprint"], name="blog_clearance_rev_fp_idx")]

    def __str__(self):
        return f"Revision {self.revision_id}: {self.get_source_display()}"


class FindingMark(models.Model):
    """The reviewer's mark on one finding of the de-identification assistant, kept with the approval."""

    class Decision(models.TextChoices):
        CHANGED = "changed", "changed"
        FINE = "fine", "fine as it is"

    task_state = models.ForeignKey("wagtailcore.TaskState", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100, help_text="The finding's field, characters and kind.")
    kind = models.CharField(max_length=20)
    # The detail as written: as private as the revision it was found in.
    text = models.CharField(max_length=500)
    decision = models.CharField(max_length=10, choices=Decision.choices)

    class Meta:
        verbose_name = "reviewer's mark on a finding"
        constraints = [models.UniqueConstraint(fields=["task_state", "key"], name="blog_one_mark_per_finding")]

    def __str__(self):
        return f"{self.kind} \u201c{self.text}\u201d: {self.get_decision_display()}"
