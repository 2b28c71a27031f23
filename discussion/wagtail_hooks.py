"""Admin for letters (inbox, triage) and comments (moderation queue)."""

from wagtail import hooks

from .viewsets.letters import letter_viewset

# Letters -------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_letters_inbox():
    return letter_viewset


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    actions.register_action("discussion.letter.assign", "Assign letter", "Letter assigned")
    actions.register_action("discussion.letter.decline", "Decline letter", "Letter declined")
    actions.register_action("discussion.letter.start_reply", "Start reply", "Reply started")


# Comments ------------------------------------------------------------------
