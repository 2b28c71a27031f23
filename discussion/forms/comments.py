"""The public comment form under each post, and the moderator's staff reply."""

from django import forms

from discussion.forms.names import has_visible_character, without_hidden_controls
from discussion.models.comments import BODY_MAX_LENGTH, BODY_MIN_LENGTH, NAME_MAX_LENGTH, Comment

MAX_ID = 2**63 - 1


def _one_line(value):
    return " ".join(value.split())


class TextField(forms.CharField):
    """Multi-line text. Browsers send a textarea's line breaks as CRLF but count each as one character
    against `maxlength`; normalising before validation makes the server count the same way."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)


FOLLOW_CHOICES = [
    ("", "No emails"),
    ("thread", "When someone replies to my comment"),
    ("post", "When a new comment is published on this post"),
]


class CommentForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        help_text="Shown with your comment. A first name or a pen-name is fine.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        help_text="Never shown. We use it only to recognise your comments, for example if you ask us to remove them.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = TextField(
        label="Your comment",
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "max_length": "Please keep your comment to %(limit_value)s characters (it has %(show_value)s).",
            "min_length": "Your comment is too short to post.",
            "required": "Please write your comment.",
        },
    )
    follow = forms.ChoiceField(
        label="Email me",
        required=False,
        choices=FOLLOW_CHOICES,
        widget=forms.RadioSelect,
        help_text="We ask you to confirm the first time. Every email has a link to stop them.",
    )
    parent = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    # Set once the reader has seen the language guide's suggestions: the next send posts as it is.
    reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and from screen readers; bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, page, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = BODY_MAX_LENGTH

    def clean_display_name(self):
        name = _one_line(without_hidden_controls(self.cleaned_data["display_name"]))
        if not has_visible_character(name):
            raise forms.ValidationError(
                "Please give a name with at least one letter or number we can show: this one is made only "
                "of invisible characters.",
                code="invisible",
            )
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(pk=parent_id, page=self.page).select_related("parent").first()
        # Replies go one level deep: a reply to a reply joins the first comment's thread.
        if parent is not None and parent.parent_id is not None:
            parent = parent.parent if parent.parent.status == Comment.Status.APPROVED else None
        if parent is None:
            raise forms.ValidationError(
                "The comment you replied to is no longer shown. You can post yours as a new comment."
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("follow") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Give your email address so we can tell you of new comments.")
        return cleaned

    @property
    def honeypot_filled(self):
        return bool(self.cleaned_data.get("website", "").strip())

    def unvalidated(self):
        """The reader's input shown back as it was sent, without checking it (the refusal was elsewhere)."""
        initial = {name: self.data.get(name, "") for name in self.fields if name != "website"}
        return CommentForm(page=self.page, initial=initial)

    def reviewed_copy(self):
        """The same input, marked as having seen the language guide's suggestions."""
        data = self.data.copy()
        data["reviewed"] = "True"
        return CommentForm(data, page=self.page)

    def cleaned_parent_for_display(self):
        """The comment this one replies to, for the "Replying to" line when the form is shown again."""
        if self.is_bound and hasattr(self, "cleaned_data"):
            return self.cleaned_data.get("parent")
        parent_id = self.initial.get("parent")
        try:
            parent_id = int(parent_id)
        except (TypeError, ValueError):
            return None
        if not 0 < parent_id <= MAX_ID:
            return None
        return Comment.objects.approved().filter(pk=parent_id, page=self.page, parent__isnull=True).first()


class StaffReplyForm(forms.Form):
    display_name = forms.CharField(
        label="Name shown", max_length=NAME_MAX_LENGTH, help_text="Shown with a \u201cStaff\u201d badge."
    )
    body = TextField(label="Reply", min_length=BODY_MIN_LENGTH, max_length=BODY_MAX_LENGTH, widget=forms.Textarea)

    def clean_display_name(self):
        return _one_line(self.cleaned_data["display_name"])


class ModeratorEditForm(forms.ModelForm):
    """A moderator may trim a comment (say, to remove someone's identifying details) before approving it;
    the post then says it was edited."""

    class Meta:
        model = Comment
        fields = ["display_name", "body"]
        field_classes = {"body": TextField}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def save(self, commit=True):
        from django.utils import timezone

        if self.has_changed():
            self.instance.edited_by_moderator_at = timezone.now()
        return super().save(commit=commit)
