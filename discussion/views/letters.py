"""Letter intake: the public "Write to us" form and its thank-you page.

Answers: GET 200 with the form; a valid POST stores the letter and redirects
(302) to the thank-you page; invalid input 200 with the form, its errors and
every word the writer typed; a bot that fills the honeypot gets the same
redirect with nothing stored; more than LETTER_RATE_LIMIT stored letters from one
IP address within LETTER_RATE_WINDOW seconds 429, with the letter kept in the form
(invalid letters and letters that failed to store do not count); a form sent in
a character set other than UTF-8 400 with the text as read (cms/form_charset.py); a post
from another site's page (or a failed CSRF check when signed in: cms/reader_forms.py) 403 with
the letter kept. The form page is the same for every anonymous reader, so a proxy may keep it.
"""

import time

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from cms.form_charset import refused_charset
from cms.reader_forms import forgery_refused
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


def _form_page(request, form, status=200, rate_limited=False, refused_charset=None, refused_forgery=False):
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "refused_charset": refused_charset,
        "refused_forgery": refused_forgery,
        "letter_min": LETTER_MIN,
        "letter_max": LETTER_MAX,
    }
    response = render(request, "discussion/letters/letter_form.html", context, status=status)
    if rate_limited:
        response["Retry-After"] = str(LETTER_RATE_WINDOW)
    if request.method == "POST":
        add_never_cache_headers(response)  # holds what one writer typed
    return response


@csrf_exempt  # the form page is shared by every anonymous reader: checked below (forgery_refused)
@require_http_methods(["GET", "HEAD", "POST"])
def write_to_us(request):
    if request.method != "POST":
        return _form_page(request, LetterForm())
    if forgery_refused(request):
        return _form_page(request, _as_typed(request), status=403, refused_forgery=True)

    charset = refused_charset(request)
    if charset:
        # Sent in a character set we do not accept: nothing is stored; the text comes back as read.
        return _form_page(request, _as_typed(request), status=400, refused_charset=charset)

    form = LetterForm(request.POST)
    if form.honeypot_filled():
        return _see_thanks()
    if not form.is_valid():
        return _form_page(request, form)
    try:
        letter = _store_within_limit(request, form)
    except _OverLimit:
        return _form_page(request, form, status=429, rate_limited=True)
    if letter.urgent:
        notify_editors_of_crisis(letter)
    request.session[SENT_SESSION_KEY] = {"urgent": letter.urgent, "risk": letter.mentions_risk, "at": int(time.time())}
    return _see_thanks()


def _as_typed(request):
    """The form refilled with what was sent, unchecked and unsaved (the honeypot left out)."""
    return LetterForm(initial={name: value for name, value in request.POST.items() if name != LetterForm.HONEYPOT})


class _OverLimit(Exception):
    pass


def _store_within_limit(request, form):
    """Store the letter and count it against the writer's limit as one step: a letter that fails to
    store never uses up the limit, and one over the limit is rolled back, never kept."""
    with transaction.atomic():
        letter = form.save()
        if not allow(request, LETTER_RATE_SCOPE, LETTER_RATE_LIMIT, LETTER_RATE_WINDOW):
            raise _OverLimit
    return letter


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
        # The quieter tier: where to get help comes first too, without the "in danger now" heading.
        "mentions_risk": bool(recent and sent.get("risk")),
        "crisis_resources": _crisis_resources(request),
    }
    return render(request, "discussion/letters/thanks.html", context)
