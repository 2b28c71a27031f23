"""The public letter form: what a family member sends, checked before anything is stored.

Pen-name rules (the pen-name is printed in public, so it must not identify or
reach anyone): up to 60 characters, with at least one visible character and
no bidirectional controls (discussion/forms/names.py); refused when it holds "@" (an email address
or a social-media handle), an email address spelled out ("jo at gmail dot com",
"jo(at)gmail(dot)com"), the name of a common email provider, a web address, or
a phone number (seven or more digits in a row, allowing spaces, dots, dashes,
brackets and a leading +). Numbers spelled out in words are not caught; staff
de-identify every letter before it is published.

The letter counts characters (Unicode code points, as the hint on the page
does) after surrounding whitespace is removed and Windows line endings are
turned into one newline, so a newline counts once on both sides. Invisible
control characters are removed from the letter; a NUL character is refused
with a field error, as browsers never send one.
"""

import re

from django import forms

from discussion.crisis import triage
from discussion.forms.names import has_visible_character, without_hidden_controls
from discussion.models import Letter

PEN_NAME_MAX = 60
LETTER_MIN = 50
LETTER_MAX = 8000

NULL_MESSAGE = "This contains a character we can’t store (a null character). Please retype it."

_AT_SIGN = re.compile(r"@|\uff20|\ufe6b")  # "@", fullwidth and small "@"
# The patterns below start a match only at the beginning of a run of name characters, never inside
# one, so they run in linear time on any text (a run is read once, not again from each character).
_SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+ ?(?:[(\[{<] ?at ?[)\]}>]| at ) ?[\w-]+"
    r"(?: ?(?:[(\[{<] ?dot ?[)\]}>]| dot |\.) ?[\w-]+)*"
    r" ?(?:[(\[{<] ?dot ?[)\]}>]| dot |\.) ?[a-z]{2,}(?![\w-])",
    re.IGNORECASE,
)
_MAIL_PROVIDER = re.compile(r"\b(?:g ?mail|googlemail|yahoo|hotmail|icloud|aol|protonmail)\b", re.IGNORECASE)
_WEB_ADDRESS = re.compile(
    r"https?:|www\.|(?<![\w-])[\w-]+\.(?:com|net|org|edu|gov|io|co|uk|us|ca|au|info|biz|me|ly)(?![\w-])",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"\+?\d[\d\s().\-/]*\d")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Control characters a letter may carry from a paste (form feeds, vertical tabs...); tab and newline stay.
_LETTER_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def looks_like_phone_number(value):
    return any(sum(c.isdigit() for c in run) >= 7 for run in _DIGIT_RUN.findall(value))


def pen_name_problem(value):
    """Why `value` cannot be a pen-name, or None when it can."""
    if _CONTROL.search(value):
        return "Please use only letters, numbers, spaces and punctuation in your pen-name."
    if not has_visible_character(value):
        return (
            "Please choose a pen-name with at least one letter or number we can show: this one is made "
            "only of invisible characters."
        )
    if _AT_SIGN.search(value):
        return (
            "Please leave “@” out of your pen-name: it is shown in public, so it must not look like "
            "an email address or a social-media handle."
        )
    if _SPELLED_EMAIL.search(value) or _MAIL_PROVIDER.search(value):
        return "Please choose a pen-name that is not an email address: your pen-name is shown in public."
    if _WEB_ADDRESS.search(value):
        return "Please choose a pen-name without a web address: your pen-name is shown in public."
    if looks_like_phone_number(value):
        return "Please choose a pen-name without a phone number: your pen-name is shown in public."
    return None


class LetterTextField(forms.CharField):
    """The letter: Windows line endings count once; stray control characters are dropped."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
            value = _LETTER_CONTROL.sub("", value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No maxlength: a browser would silently cut a long paste. The hint and the error say the limit.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs.pop("minlength", None)
        return attrs


class LetterForm(forms.ModelForm):
    """A question letter from a family member. `honeypot_filled` tells a bot from a person."""

    HONEYPOT = "website"

    pen_name = forms.CharField(
        label="Pen-name",
        max_length=PEN_NAME_MAX,
        help_text=(
            "The name we print with your letter if we publish it, for example “Hopeful mum” or "
            f"“Cwfranklin”. Up to {PEN_NAME_MAX} characters. Please don’t use your real name, an email "
            "address or a phone number."
        ),
        error_messages={
            "required": "Please choose a pen-name.",
            "max_length": f"Please keep your pen-name to {PEN_NAME_MAX} characters (it has %(show_value)d).",
            "null_characters_not_allowed": NULL_MESSAGE,
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        max_length=254,
        help_text=(
            "Private and optional. We use it only to tell you when a reply to your letter is published, "
            "and then we erase it. It is never shown to anyone outside our staff."
        ),
        error_messages={
            "invalid": "Please enter an email address like name@example.com, or leave this empty.",
            "max_length": "Please check your email address: it is too long to be real.",
            "null_characters_not_allowed": NULL_MESSAGE,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    body = LetterTextField(
        label="Your letter",
        min_length=LETTER_MIN,
        max_length=LETTER_MAX,
        help_text=(
            f"Between {LETTER_MIN} and {LETTER_MAX:,} characters. Tell us what is happening and what you "
            "would like to ask. Please leave out names, places and other details that could identify you "
            "or your family; we remove any we find before publishing."
        ),
        error_messages={
            "required": "Please write your letter.",
            "min_length": (
                f"Your letter is too short: please write at least {LETTER_MIN} characters (it has %(show_value)d)."
            ),
            "max_length": (
                f"Your letter is too long: please keep it to {LETTER_MAX:,} characters (it has %(show_value)d)."
            ),
            "null_characters_not_allowed": NULL_MESSAGE,
        },
        widget=forms.Textarea(attrs={"rows": 14, "cols": 60, "data-letter-body": ""}),
    )
    relation = forms.ChoiceField(
        label="Your relation to your loved one",
        required=False,
        choices=[("", "Prefer not to say")] + Letter.Relation.choices,
        help_text="Optional. It helps the writer understand your situation.",
        error_messages={"invalid_choice": "Please choose one of the options, or “Prefer not to say”."},
    )
    consent = forms.BooleanField(
        label=(
            "I agree that an edited version of my letter, with names and other identifying details "
            "removed, may be published on this site with a reply."
        ),
        help_text="We can only answer letters in public, so we need your agreement before we can reply.",
        error_messages={"required": "Please tick the box to agree to publication, or we cannot reply."},
    )
    # Visually hidden and skipped by keyboards and screen readers: only bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Letter
        fields = ["pen_name", "email", "body", "relation", "consent"]

    def honeypot_filled(self):
        return bool(str(self.data.get(self.HONEYPOT, "")).strip())

    def clean_pen_name(self):
        pen_name = without_hidden_controls(self.cleaned_data["pen_name"]).strip()
        problem = pen_name_problem(pen_name)
        if problem:
            raise forms.ValidationError(problem, code="identifying")
        return pen_name

    def save(self, commit=True):
        """Store the letter as new, flagged urgent when it holds crisis language."""
        letter = super().save(commit=False)
        letter.status = Letter.Status.NEW
        triage(letter)
        if commit:
            letter.save()
        return letter
