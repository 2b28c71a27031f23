from django import forms

from .models import Subscriber, Subscription


class FollowForm(forms.Form):
    """The "Follow by email" box: no account, no token in the page (it is the same for every reader)."""

    email = forms.EmailField(
        label="Your email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Please give your email address.", "invalid": "Please give a valid email address."},
    )
    follow = forms.CharField(widget=forms.HiddenInput, max_length=40)
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    # Honeypot: hidden from people; bots fill it in and are told what a reader is told.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def clean_follow(self):
        """ "all", or "<kind>:<id>" for a topic, a module, a writer or a post's comments."""
        value = self.cleaned_data["follow"].strip()
        kind, _, target = value.partition(":")
        allowed = {
            Subscription.Kind.ALL,
            Subscription.Kind.TAG,
            Subscription.Kind.MODULE,
            Subscription.Kind.WRITER,
            Subscription.Kind.POST,
        }
        if kind not in allowed or (kind == Subscription.Kind.ALL) != (target == ""):
            raise forms.ValidationError("We could not tell what you wanted to follow. Please try again from the page.")
        if target and (not target.isdigit() or not 0 < int(target) < 2**63):
            raise forms.ValidationError("We could not tell what you wanted to follow. Please try again from the page.")
        return kind, int(target) if target else None


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label="How often", choices=Subscriber.Frequency.choices, widget=forms.RadioSelect)
