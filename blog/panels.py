from wagtail.admin.panels import Panel

from .privacy import privacy_findings


class ReviewNotesPanel(Panel):
    """At the top of a reply's editor: the letter it answers, and what the privacy check will find."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/review_notes_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            letter = getattr(page, "source_letter", None) if page.pk else None
            context["letter"] = letter
            context["findings"] = privacy_findings(page) if page.pk else []
            return context
