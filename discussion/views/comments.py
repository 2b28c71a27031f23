"""Readers' side of comments: the section under a post, posting a comment, reporting one.

Posting follows post/redirect/get: a saved comment redirects back to the post
with a notice. Anything short of saving re-renders the post with the form and
the reader's text intact: 400 for invalid input or a form sent in a character
set other than UTF-8 (cms/form_charset.py), 403 for a post from another site's page
(or, for a signed-in reader, a failed CSRF check: cms/reader_forms.py),
409 for a duplicate, 429 when the rate limit is reached; language-guide
suggestions come back once with 200, since nothing is wrong with the input.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog.models import LetterReplyPage
from cms.form_charset import refused_charset
from cms.reader_forms import forgery_refused
from discussion import language, moderation, ratelimit
from discussion.comment_notifications import notify_moderators
from discussion.forms.comments import MAX_ID, CommentForm
from discussion.models.comments import Comment, CommentSettings
from discussion.signals import comment_follow_requested, comments_published

# (attempts, seconds) per client, counted in the shared cache.
POST_RATE_LIMIT = getattr(settings, "COMMENT_POST_RATE_LIMIT", (8, 10 * 60))
REPORT_RATE_LIMIT = getattr(settings, "COMMENT_REPORT_RATE_LIMIT", (10, 60 * 60))

NOTICES = {
    "received": "Thank you. Your comment is waiting for a moderator and will appear here once it is approved.",
    "published": "Thank you. Your comment is published.",
    "reported": "Thank you for telling us. A moderator will look at that comment.",
}
ERRORS = {
    "invalid": "Please check the highlighted fields. Your comment has not been sent yet.",
    "forgery": "Your comment could not be sent: it did not come from this page of our site, or the page had "
    "been open too long. Your text is still here: please send it again.",
    "report_forgery": "Your report could not be sent: it did not come from this page of our site. Please "
    "use the Report button on this page.",
    "duplicate": "You have already sent this comment, so we kept the first copy. If it is not shown yet, "
    "it is waiting for a moderator.",
    "rate_limited": "You have sent several comments in a short time. Please wait a few minutes and send "
    "again. Your text is still here.",
    "report_rate_limited": "You have reported several comments in a short time. Please try again later.",
    "charset": "Your browser sent your comment in a character encoding we can’t read, so it has not been sent "
    "yet. What we could read is in the form: please check it and send it again.",
}


@dataclass
class Thread:
    comment: Comment
    replies: list = field(default_factory=list)


def comment_section(page, request):
    """Context for the comments under `page`: one query, whatever the number of comments."""
    if page.pk is None:  # the preview of a reply not yet saved: no comments, nowhere to post them
        return {"comment_threads": [], "comment_count": 0, "comment_form": None}
    approved = list(Comment.objects.approved().filter(page_id=page.pk).order_by("created_at", "pk"))
    threads = {c.pk: Thread(c) for c in approved if c.parent_id is None}
    for comment in approved:
        if comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    reply_to = threads.get(_int(request.GET.get("reply_to")))
    initial = {"parent": reply_to.comment.pk} if reply_to else None
    return {
        "comment_threads": list(threads.values()),
        "comment_count": len(threads) + sum(len(t.replies) for t in threads.values()),
        "comment_form": CommentForm(page=page, initial=initial),
        "comment_reply_to": reply_to.comment if reply_to else None,
        "comment_notice": NOTICES.get(request.GET.get("comment", "")),
        "comment_post_url": reverse("discussion:comment_post", args=[page.pk]) + "#comment-form",
        "comment_page_url": page.get_url(request),
    }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def render_post(request, page, *, form=None, status=200, error=None, suggestions=None, notice=None):
    """The post page again, with the comment form as the reader left it."""
    request.is_preview = False
    context = page.get_context(request)
    if form is not None:
        context["comment_form"] = form
        context["comment_reply_to"] = form.cleaned_parent_for_display()
    context["comment_error"] = ERRORS.get(error)
    context["comment_suggestions"] = suggestions or []
    if notice:
        context["comment_notice"] = NOTICES[notice]
    return TemplateResponse(request, page.get_template(request), context, status=status)


def database_id(value):
    """A URL's id as a database id; one too large for the column is a 404, not a database error."""
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def live_post(page_id):
    return get_object_or_404(LetterReplyPage.objects.live().public(), pk=database_id(page_id))


@csrf_exempt  # checked below (forgery_refused), so that a refused post can give the reader's text back
@require_POST
def post_comment(request, page_id):
    page = live_post(page_id)
    form = CommentForm(request.POST, page=page)
    if forgery_refused(request):
        return render_post(request, page, form=form.unvalidated(), status=403, error="forgery")
    if refused_charset(request):
        return render_post(request, page, form=form.unvalidated(), status=400, error="charset")
    if not ratelimit.allow(request, "comment-post", *POST_RATE_LIMIT):
        response = render_post(request, page, form=form.unvalidated(), status=429, error="rate_limited")
        response["Retry-After"] = str(POST_RATE_LIMIT[1])
        return response
    if not form.is_valid():
        return render_post(request, page, form=form, status=400, error="invalid")

    data = form.cleaned_data
    site_settings = CommentSettings.for_request(request)
    ip_hash = ratelimit.ip_hash(request)
    # A bot that filled the honeypot is told what a reader is told, and its comment goes to spam.
    bot = form.honeypot_filled
    if not bot and moderation.find_duplicate(page, data["body"], ip_hash, data["email"]):
        return render_post(request, page, form=form, status=409, error="duplicate")

    hits = [] if bot else language.check(data["body"])
    if not data["reviewed"] and language.needs_review(hits):
        return render_post(request, page, form=form.reviewed_copy(), suggestions=language.suggestions(hits))

    assessment = moderation.assess(
        body=data["body"],
        display_name=data["display_name"],
        email=data["email"],
        language_hits=hits,
        settings=site_settings,
        honeypot_filled=bot,
    )
    if not bot and not moderation.claim_submission(page, data["body"], ip_hash, data["email"]):
        return render_post(request, page, form=form, status=409, error="duplicate")
    comment = save_comment(page, data, ip_hash, assessment)
    notify_moderators([comment], site_settings)
    if not bot:
        _after_commit_signals(comment, data)
    if comment.status == Comment.Status.APPROVED:
        return redirect_to_post(page, "published", anchor=f"comment-{comment.pk}")
    return redirect_to_post(page, "received")


def _after_commit_signals(comment, data):
    follow = data.get("follow")
    if follow and data["email"]:
        transaction.on_commit(
            lambda: comment_follow_requested.send(sender=Comment, comment=comment, email=data["email"], follow=follow)
        )
    if comment.status == Comment.Status.APPROVED:
        transaction.on_commit(lambda: comments_published.send(sender=Comment, comments=[comment]))


def save_comment(page, data, ip_hash, assessment):
    comment = Comment(
        page=page,
        parent=data["parent"],
        display_name=data["display_name"],
        email=data["email"],
        body=data["body"],
        status=assessment.status,
        ip_hash=ip_hash,
    )
    for code, detail in assessment.reasons:
        comment.add_reason(code, detail)
    comment.save()
    return comment


def redirect_to_post(page, notice, anchor="comment-notice"):
    response = HttpResponseRedirect(f"{page.url}?comment={notice}#{anchor}")
    response.status_code = 303  # See Other: the browser GETs the post, so a reload does not post again
    return response


@csrf_exempt  # the Report button is on the shared post page: checked below (forgery_refused)
@require_POST
def report_comment(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=database_id(comment_id))
    page = live_post(comment.page_id)
    if forgery_refused(request):
        return render_post(request, page, status=403, error="report_forgery")
    if comment.status != Comment.Status.APPROVED and comment.status != Comment.Status.PENDING:
        raise Http404
    if not ratelimit.allow(request, "comment-report", *REPORT_RATE_LIMIT):
        response = render_post(request, page, status=429, error="report_rate_limited")
        response["Retry-After"] = str(REPORT_RATE_LIMIT[1])
        return response
    # A comment already back with the moderators thanks the reader the same way, without a new report.
    moderation.record_report(comment, ratelimit.ip_hash(request), CommentSettings.for_request(request))
    return redirect_to_post(page, "reported")
