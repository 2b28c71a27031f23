"""Readers' pages for following by email: the follow form, confirming, managing, one-click unsubscribe.

Whatever an address's state, the answer to a follow request is the same, so nobody can learn
who follows what. Confirming and unsubscribing by link change nothing on a GET (mail scanners
open links); the POST does. One-click unsubscribe (RFC 8058) needs no CSRF token and is safe twice.
"""

import logging

from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms.reader_forms import forgery_refused
from discussion import ratelimit

from . import following, links
from .forms import FollowForm, FrequencyForm
from .models import Subscription

logger = logging.getLogger(__name__)

# Follow requests per client address (a form anyone can post): (attempts, seconds).
FOLLOW_RATE_LIMIT = (10, 60 * 60)


def _render(request, template, context=None, status=200):
    response = TemplateResponse(request, f"subscriptions/{template}.html", context or {}, status=status)
    response["Cache-Control"] = "private, no-store"  # personal: never kept by a browser cache or a CDN
    return response


@csrf_exempt  # the box sits on pages that are the same for every reader: cms/reader_forms.py, double opt-in
@never_cache
def follow(request):
    if request.method == "GET":
        return _render(
            request, "follow", {"form": FollowForm(initial={"follow": "all"}), "follow_text": "every new reply"}
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = FollowForm(request.POST)
    follow_text = None
    if forgery_refused(request):
        form = FollowForm(initial=request.POST.dict())  # the address comes back, unchecked
        return _render(request, "follow", {"form": form, "follow_text": follow_text, "refused_forgery": True}, 403)
    if form.is_valid():
        kind, target_id = form.cleaned_data["follow"]
        follow_text = following.describe(kind, target_id) if following.target_exists(kind, target_id) else None
        if follow_text is None:
            form.add_error(None, "What you wanted to follow is no longer on the site.")
    if not form.is_valid():
        return _render(request, "follow", {"form": form, "follow_text": follow_text}, status=400)
    if not ratelimit.allow(request, "follow", *FOLLOW_RATE_LIMIT):
        response = _render(request, "follow", {"form": form, "follow_text": follow_text, "rate_limited": True}, 429)
        response["Retry-After"] = str(FOLLOW_RATE_LIMIT[1])
        return response
    if not form.cleaned_data["website"].strip():  # a bot that filled the honeypot is thanked and ignored
        outcome = following.subscribe(form.cleaned_data["email"], kind, target_id, form.cleaned_data["frequency"])
        logger.info("Follow request: %s", outcome)
    return _render(request, "follow_sent", {"follow_text": follow_text})


def _subscriber_or_404(request, token):
    subscriber = links.subscriber_for(token)
    if subscriber is None:
        return None, _render(request, "link_invalid", status=404)
    return subscriber, None


@never_cache
def confirm(request, token):
    subscriber, refused = _subscriber_or_404(request, token)
    if refused:
        return refused
    if request.method == "POST":
        following.confirm(subscriber)
        return _render(request, "confirmed", {"follows": following.followed(subscriber), "token": token})
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return _render(request, "confirm", {"subscriber": subscriber, "follows": following.followed(subscriber)})


@never_cache
def manage(request, token):
    subscriber, refused = _subscriber_or_404(request, token)
    if refused:
        return refused
    form = FrequencyForm(initial={"frequency": subscriber.frequency})
    notice = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "stop":
            following.stop_all(subscriber)
            return _render(request, "unsubscribed")
        if action == "frequency":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                subscriber.frequency = form.cleaned_data["frequency"]
                subscriber.save(update_fields=["frequency"])
                notice = f"Saved: {subscriber.get_frequency_display().lower()}."
            else:
                status = 400
        elif action == "remove":
            removed, _ = Subscription.objects.filter(
                subscriber=subscriber, pk=_int(request.POST.get("subscription"))
            ).delete()
            notice = "You no longer follow that." if removed else "That was already removed."
        else:
            notice, status = "Please use one of the buttons on this page.", 400
    context = {
        "subscriber": subscriber,
        "follows": following.followed(subscriber),
        "form": form,
        "notice": notice,
        "confirm_needed": not subscriber.confirmed,
    }
    return _render(request, "manage", context, status=status)


@csrf_exempt  # RFC 8058: mail providers POST here without a session or a token; the signed link is the check
@never_cache
def unsubscribe(request, token):
    if request.method == "POST":
        subscriber = links.subscriber_for(token)
        if subscriber is not None:
            following.stop_all(subscriber)
        # The same answer the second time: the address is gone, and that is what was asked.
        return _render(request, "unsubscribed")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    subscriber, refused = _subscriber_or_404(request, token)
    if refused:
        return refused
    return _render(request, "unsubscribe", {"subscriber": subscriber})


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None  # beyond the id column's range: no such row
