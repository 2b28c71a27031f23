"""The reply editor's form: what a reply needs before it goes for review."""

from wagtail.admin.forms import WagtailAdminPageForm

from .headlines import is_placeholder_title

# The editor's buttons that send a reply into the review workflow (a first submission, a
# resubmission after requested changes, and a restart); "Save draft" is not one of them.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")

PLACEHOLDER_TITLE = (
    "Give the reply a headline of its own before submitting it for review: "
    "\u201c{title}\u201d only names the letter writer. Say what the letter asks."
)
NO_TAGS = (
    "Add at least one tag before submitting for review: tags give the reply its related posts and put it on a "
    "topic page."
)


class LetterReplyPageForm(WagtailAdminPageForm):
    def is_submitting(self):
        return any(self.data.get(action) for action in SUBMIT_ACTIONS)

    def clean_title(self):
        # The title box wraps long headlines; a line break typed into it is not part of the title.
        return " ".join((self.cleaned_data.get("title") or "").split())

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_submitting():
            return cleaned_data
        title = cleaned_data.get("title")
        letter = getattr(self.instance, "source_letter", None) if self.instance.pk else None
        pen_names = [cleaned_data.get("pen_name"), self.instance.pen_name, letter and letter.pen_name]
        refused = []
        if title and is_placeholder_title(title, pen_names):
            self.add_error("title", PLACEHOLDER_TITLE.format(title=title))
            refused.append("a headline of its own")
        if "tags" in self.fields and not cleaned_data.get("tags"):
            self.add_error("tags", NO_TAGS)
            refused.append("at least one tag")
        if refused:
            # A non-field error puts the reason in the message at the top of the editor as well.
            self.add_error(None, f"Not submitted for review: the reply needs {' and '.join(refused)}.")
        return cleaned_data
