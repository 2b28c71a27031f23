"""Letter intake: the public "Write to us" form and its thank-you page.

Answers: GET 200 with the form; a valid POST stores the letter and redirects
(302) to the thank-you page; invalid input 200 with the form, its errors and
every word the writer typed; a bot that fills the honeypot gets the same
redirect with nothing stored; more than LETTER_RATE_LIMIT letters from one IP
address within LETTER_RATE_WINDOW seconds 429, with the letter kept in the form.
"""

import time

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from discussion.crisis import notify_editors_of_crisis
from discussion.forms.letters import LETTER_MAX, LETTER_MIN, LetterForm
from discussion.ratelimit import allow
from home.models import DEFAULT_CRISIS, SiteSettings

# Letters stored per client IP address per window; only letters that would be stored count.
LETTER_RATE_LIMIT = 5
LETTER_RATE_WINDOW = 60 * 60
LETTER_RATE_SCOPE = "letters"

# The thank-you page learns from the session, not the URL, whether to lead with "in danger now".
SENT_SESSION_KEY = "discussion.letter_sent"
SENT_FLAG_MAX_AGE = 60 * 60


def _see_thanks():
    # Post/redirect/get: reloading the thank-you page never sends the letter again.
    return redirect("discussion:letter_thanks")


def _form_page(request, form, status=200, rate_limited=False):
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "letter_min": LETTER_MIN,
        "letter_max": LETTER_MAX,
    }
    response = render(request, "discussion/letters/letter_form.html", context, status=status)
    if rate_limited:
        response["Retry-After"] = str(LETTER_RATE_WINDOW)
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def write_to_us(request):
    if request.method != "POST":
        return _form_page(request, LetterForm())

    form = LetterForm(request.POST)
    if form.honeypot_filled():
        return _see_thanks()
    if not form.is_valid():
        return _form_page(request, form)
    if not allow(request, LETTER_RATE_SCOPE, LETTER_RATE_LIMIT, LETTER_RATE_WINDOW):
        return _form_page(request, form, status=429, rate_limited=True)

    letter = form.save()
    if letter.urgent:
        notify_editors_of_crisis(letter)
    request.session[SENT_SESSION_KEY] = {"urgent": letter.urgent, "at": int(time.time())}
    return _see_thanks()


def _crisis_resources(request):
    try:
        resources = SiteSettings.for_request(request).crisis_resources
    except SiteSettings.DoesNotExist:  # no Site matches the request
        resources = ""
    # Editors may empty the setting; the thank-you page still shows where to get help.
    return resources or DEFAULT_CRISIS


@never_cache
@require_safe
def letter_thanks(request):
    sent = request.session.get(SENT_SESSION_KEY) or {}
    recent = isinstance(sent, dict) and time.time() - sent.get("at", 0) < SENT_FLAG_MAX_AGE
    context = {
        "urgent": bool(recent and sent.get("urgent")),
        "crisis_resources": _crisis_resources(request),
    }
    return render(request, "discussion/letters/thanks.html", context)
