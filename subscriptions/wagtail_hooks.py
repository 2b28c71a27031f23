from wagtail import hooks

from .viewsets import FollowerCountsPanel, subscriber_viewset


@hooks.register("register_admin_viewset")
def register_followers():
    return subscriber_viewset


@hooks.register("construct_homepage_panels")
def add_follower_counts(request, panels):
    if request.user.has_perm("subscriptions.view_subscriber_counts"):
        panels.append(FollowerCountsPanel())
