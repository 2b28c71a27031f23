"""Announcements run in the worker process, never in the request that published or approved."""

from django_tasks import task

from . import following


@task(backend="worker", queue_name="default")
def announce_reply(page_id):
    return following.announce_reply(page_id)


@task(backend="worker", queue_name="default")
def announce_comments(comment_ids):
    return sum(following.announce_comment(comment_id) for comment_id in comment_ids)


@task(backend="worker", queue_name="default")
def follow_from_comment(email, kind, target_id):
    return following.subscribe(email, kind, target_id)
