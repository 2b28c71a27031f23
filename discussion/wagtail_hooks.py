"""Admin for letters (inbox, triage) and comments (moderation queue)."""

from wagtail import hooks

from . import dashboard
from .viewsets.letters import letter_viewset

# Letters -------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_letters_inbox():
    return letter_viewset


hooks.register("construct_homepage_panels", dashboard.construct_panels)


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    actions.register_action("discussion.letter.assign", "Assign letter", "Letter assigned")
    actions.register_action("discussion.letter.decline", "Decline letter", "Letter declined")
    actions.register_action("discussion.letter.start_reply", "Start reply", "Reply started")


# Comments ------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_comment_queue():
    from .viewsets.comments import comment_viewset

    return comment_viewset


def _register_comment_bulk_actions():
    from .viewsets.comments import BULK_ACTIONS

    for action in BULK_ACTIONS:
        hooks.register("register_bulk_action", action)


_register_comment_bulk_actions()


@hooks.register("register_account_settings_panel")
def comment_notifications_panel(request, user, profile):
    from .viewsets.comments import CommentNotificationsPanel

    return CommentNotificationsPanel(request, user, profile)
