"""Post pages through a real Varnish (deploy/varnish/default.vcl) in front of the live test server.

Each case has an anonymous reader load a page through the proxy until it is a cache hit, changes
something a reader would see the way the site's people change it, and checks the very next
request through the proxy shows the change. The app tells the proxy itself (PURGE or BAN, from
cms/caching.py through cms/edge_cache.py), as it would in production.

`make test` installs Debian's varnish when missing; SKIP_PROXY_TESTS=1 skips these on purpose.
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from cms.roles import COMMENT_MODERATORS, EDITORS
from discussion import moderation
from discussion.models import Comment
from home.models import SiteSettings
from tests.factories import LetterReplyPageFactory, StaffWriterFactory, blog_index, draft_reply, privacy_checked
from tests.varnish import Varnish, varnishd

pytestmark = [
    pytest.mark.proxy,
    # The live server sees only committed rows; the serialized rollback puts back what the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SITE = "http://localhost"  # the test site's root URL: readers and purges name the same host


@pytest.fixture(scope="module")
def proxy(live_server):
    if varnishd() is None:
        reason = "varnishd not found (apt-get install varnish; `make test` installs it)"
        if os.environ.get("SKIP_PROXY_TESTS") == "1":
            pytest.skip(f"{reason}; SKIP_PROXY_TESTS=1")
        pytest.fail(f"{reason}. Set SKIP_PROXY_TESTS=1 to skip the proxy tests on purpose.")
    with Varnish(int(live_server.url.rsplit(":", 1)[1])) as varnish:
        yield varnish


@pytest.fixture
def edge(proxy, settings):
    """The proxy, emptied, with the app set to purge it."""
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": "cms.edge_cache.VarnishBackend", "LOCATION": proxy.location}}
    assert proxy.request("BAN", "/")[0] == 200
    yield proxy
    connections.close_all()


def get(edge, path, **headers):
    status, response_headers, body = edge.request("GET", path, headers=headers)
    return status, response_headers, body


def cached(edge, path):
    """Load `path` until the proxy answers it from its cache; the cached body."""
    get(edge, path)
    status, headers, body = get(edge, path)
    assert status == 200, (path, status)
    assert headers["x-cache"] == "HIT", (path, headers)
    return body


def path_of(page):
    page.refresh_from_db()
    return page.url


def member(username, group):
    user = get_user_model().objects.create_user(username=username, password="pw", email=f"{username}@example.org")
    user.groups.add(Group.objects.get(name=group))
    return user


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def comment_data(body):
    return f"body={body.replace(' ', '+')}&display_name=Reader&email=&parent=&reviewed=&website="


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_an_anonymous_reader_gets_a_public_page_without_cookies_and_the_second_from_the_cache(edge):
    page = LetterReplyPageFactory(title="Stepping back with care")
    status, first, body = get(edge, path_of(page))
    assert status == 200 and "Stepping back with care" in body
    assert first["x-cache"] == "MISS"
    assert "public" in first["cache-control"] and "s-maxage" in first["cache-control"]
    assert "set-cookie" not in first
    assert "csrfmiddlewaretoken" not in body
    status, second, again = get(edge, path_of(page), Cookie="csrftoken=left-from-an-old-visit; _ga=analytics")
    assert second["x-cache"] == "HIT" and int(second["age"]) >= 0
    assert again == body


def test_a_publish_shows_on_the_next_request(edge):
    page = LetterReplyPageFactory(title="Stepping back with care")
    blog = blog_index()
    assert "Stepping back with care" in cached(edge, path_of(page))
    cached(edge, blog.url)
    page.title = "Stepping back, revised"
    privacy_checked(page.save_revision()).publish()
    assert "Stepping back, revised" in get(edge, path_of(page))[2]
    assert "Stepping back, revised" in get(edge, blog.url)[2]

    newcomer = draft_reply(title="A reply going live")
    assert get(edge, path_of(newcomer))[0] == 404
    privacy_checked(newcomer.get_latest_revision()).publish()
    status, _, body = get(edge, path_of(newcomer))
    assert status == 200 and "A reply going live" in body
    assert "A reply going live" in get(edge, blog.url)[2]


def test_an_unpublished_post_is_gone_on_the_next_request(edge):
    page = LetterReplyPageFactory(title="Going away")
    path = path_of(page)
    cached(edge, path)
    cached(edge, blog_index().url)
    page.unpublish()
    assert get(edge, path)[0] == 404
    assert "Going away" not in get(edge, blog_index().url)[2]


def test_an_approved_comment_shows_on_the_next_request_and_a_removed_one_goes(edge):
    page = LetterReplyPageFactory(title="A reply")
    path = path_of(page)
    pending = Comment.objects.create(page=page, display_name="Ana", body="Waiting for a moderator.")
    assert "Waiting for a moderator." not in cached(edge, path)
    assert "Waiting for a moderator." not in cached(edge, path + "?comment=received")
    moderator = member("mo", COMMENT_MODERATORS)
    moderation.decide([pending], "approve", moderator)
    assert "Waiting for a moderator." in get(edge, path)[2]
    # Every query string of the post is purged with it.
    assert "Waiting for a moderator." in get(edge, path + "?comment=received")[2]

    cached(edge, path)
    moderation.decide([pending], "reject", moderator)
    assert "Waiting for a moderator." not in get(edge, path)[2]

    kept = Comment.objects.create(page=page, display_name="Ben", body="Soon deleted.", status=Comment.Status.APPROVED)
    assert "Soon deleted." in cached(edge, path)
    kept.body = "Edited by a moderator."
    kept.save()
    assert "Edited by a moderator." in get(edge, path)[2]
    cached(edge, path)
    kept.delete()
    assert "Edited by a moderator." not in get(edge, path)[2]


def test_a_tag_change_on_a_related_reply_shows_on_the_next_request(edge):
    page = LetterReplyPageFactory(title="Stepping back with care", tags=["boundaries"])
    neighbour = LetterReplyPageFactory(title="Boundaries at the holidays", tags=["boundaries"])
    LetterReplyPageFactory(title="Rewards that work", tags=["boundaries"])
    LetterReplyPageFactory(title="Looking after yourself", tags=["boundaries"])
    path = path_of(page)
    assert "Boundaries at the holidays" in cached(edge, path)
    neighbour.tags.set(["holidays"])
    privacy_checked(neighbour.save_revision()).publish()
    assert "Boundaries at the holidays" not in get(edge, path)[2]


def test_a_new_view_restriction_applies_before_the_next_reader(edge):
    page = LetterReplyPageFactory(title="Soon for members only")
    path = path_of(page)
    cached(edge, path)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x1y2")
    status, headers, body = get(edge, path)
    assert "Soon for members only" not in body
    assert 'name="password"' in body
    assert headers["x-cache"] != "HIT"
    assert "public" not in headers.get("cache-control", "")


def test_a_writer_or_settings_change_reaches_every_cached_page(edge):
    writer = StaffWriterFactory(name="Rosa Quintero")
    page = LetterReplyPageFactory(title="A reply", writer=writer)
    other = LetterReplyPageFactory(title="Another reply", writer=writer)
    for reply in (page, other):
        cached(edge, path_of(reply))
    writer.name = "Rosa Quintero-Blake"
    writer.save()
    for reply in (page, other):
        assert "Rosa Quintero-Blake" in get(edge, path_of(reply))[2]

    for reply in (page, other):
        cached(edge, path_of(reply))
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.comment_guidelines = "Please be kind: new guidelines."
    site_settings.save()
    for reply in (page, other):
        assert "Please be kind: new guidelines." in get(edge, path_of(reply))[2]


def test_a_draft_is_never_served(edge):
    page = LetterReplyPageFactory(title="The live title")
    path = path_of(page)
    cached(edge, path)
    page.title = "An unpublished draft title"
    page.save_revision()
    edge.request("BAN", "/")  # even fetched afresh, the proxy gets the live version
    for _ in range(2):
        body = get(edge, path)[2]
        assert "The live title" in body and "An unpublished draft title" not in body
    status, headers, _ = get(edge, f"/admin/pages/{page.pk}/view_draft/")
    assert status in (302, 403) and headers["x-cache"] == "PASS"


def test_a_signed_in_editor_is_never_served_a_cached_page_and_never_stores_one(edge):
    page = LetterReplyPageFactory(title="A reply")
    path = path_of(page)
    cookie = session_cookie(member("edna", EDITORS))
    for _ in range(2):
        status, headers, body = get(edge, path, Cookie=cookie)
        assert status == 200 and headers["x-cache"] == "PASS"
        assert "private" in headers["cache-control"]
        assert "wagtail-userbar" in body  # the editor's own page
    status, headers, body = get(edge, path)
    assert headers["x-cache"] == "MISS", "the editor's visits stored nothing"
    assert "wagtail-userbar" not in body
    cached(edge, path)
    status, headers, body = get(edge, path, Cookie=cookie)
    assert headers["x-cache"] == "PASS" and "wagtail-userbar" in body


def test_two_anonymous_readers_post_comments_from_the_same_cached_page(edge):
    page = LetterReplyPageFactory(title="A reply")
    path = path_of(page)
    body = cached(edge, path)
    action = re.search(r'action="([^"]+)" class="comment-form__form"', body).group(1).split("#")[0]
    for number, text in enumerate(("We tried this and it helped", "Thank you for this reply")):
        status, headers, _ = edge.request(
            "POST",
            action,
            body=comment_data(text),
            headers=FORM | {"Origin": SITE, "X-Forwarded-For": f"10.0.0.{number}"},
        )
        assert status == 303, status
        assert headers["x-cache"] == "PASS"
    assert set(Comment.objects.filter(page=page).values_list("body", flat=True)) == {
        "We tried this and it helped",
        "Thank you for this reply",
    }
    status, _, refused = edge.request(
        "POST", action, body=comment_data("From another site"), headers=FORM | {"Origin": "https://elsewhere.example"}
    )
    assert status == 403 and "From another site" in refused
    assert not Comment.objects.filter(body="From another site").exists()


def test_only_the_apps_address_may_purge_or_ban(edge):
    page = LetterReplyPageFactory(title="A reply")
    path = path_of(page)
    cached(edge, path)
    for method in ("PURGE", "BAN"):
        assert edge.request(method, path, source="127.0.0.2")[0] == 405
    assert get(edge, path)[1]["x-cache"] == "HIT"
    assert edge.request("PURGE", path)[0] == 200
    assert get(edge, path)[1]["x-cache"] == "MISS"
