"""The staff roles, as Django groups: the one place they are defined.

`sync_roles(apps)` makes the groups and their permissions match ROLES. Data
migrations call it with their historical `apps` whenever a role changes (a new
model, a new permission); `load_demo_content` calls it after rebuilding the
site tree, so page permissions point at the pages that exist.
"""

WRITERS = "Writers"
EDITORS = "Editors"
COMMENT_MODERATORS = "Comment moderators"

# Page permissions: (group, the page type they are granted on, permission codenames).
# Granted on a page, a permission covers it and every page below it.
PAGE_PERMISSIONS = {
    WRITERS: ("blog.BlogIndexPage", ["add_page", "change_page"]),
    EDITORS: (
        "home.HomePage",
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
    ),
    COMMENT_MODERATORS: None,
}

# Model permissions: group -> {"app_label.model": [actions]}.
MODEL_PERMISSIONS = {
    WRITERS: {
        "wagtailadmin.admin": ["access"],
        "blog.staffwriter": ["view"],
        # Writers triage and take letters; a letter's email shows only to its assigned writer.
        "discussion.letter": ["view", "change"],
    },
    EDITORS: {
        "wagtailadmin.admin": ["access"],
        "blog.staffwriter": ["add", "change", "delete", "view"],
        "wagtailimages.image": ["add", "change", "delete", "choose"],
        "wagtaildocs.document": ["add", "change", "delete", "choose"],
        "taggit.tag": ["add", "change", "delete", "view"],
        "home.sitesettings": ["change"],
        "discussion.letter": ["view", "change", "delete", "assign", "view_letter_email"],
        # The outbox: every email's state, and Retry (never a private message's address or text).
        "outbox.outboundemail": ["view", "change", "view_all_outboundemail"],
        # How many readers follow each topic by email, never who (addresses: administrators only).
        "subscriptions.subscriber": ["view_subscriber_counts"],
    },
    COMMENT_MODERATORS: {
        "wagtailadmin.admin": ["access"],
        # "change" is moderating: approve, reject, mark spam, restore, trim a comment, reply as staff.
        "discussion.comment": ["view", "change"],
        # The moderation rules and word lists (a site setting).
        "discussion.commentsettings": ["change"],
        # Their own notifications in the outbox (what was sent to them, and when).
        "outbox.outboundemail": ["view"],
    },
}

# Wagtail's starter groups have broad page permissions over the whole tree;
# ours replace them.
RETIRED_GROUPS = ["Moderators"]


def _permission(apps, model_label, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, model = model_label.split(".")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    # Django creates permissions after all migrations; a migration cannot wait for that.
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def _codename(model_label, action):
    if model_label == "wagtailadmin.admin":
        return "access_admin"
    model = model_label.split(".")[1]
    # Custom permissions are named in full ("view_letter_email"); standard ones by action ("view").
    return action if action.endswith(f"_{model}") or f"_{model}_" in action else f"{action}_{model}"


def sync_roles(apps):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in MODEL_PERMISSIONS}

    for name, models in MODEL_PERMISSIONS.items():
        permissions = []
        for model_label, actions in models.items():
            for action in actions:
                codename = _codename(model_label, action)
                permissions.append(_permission(apps, model_label, codename))
        groups[name].permissions.set(permissions)

    for name, grant in PAGE_PERMISSIONS.items():
        group = groups[name]
        GroupPagePermission.objects.filter(group=group).delete()
        if grant is None:
            continue
        page_type, codenames = grant
        app_label, model_name = page_type.split(".")
        PageModel = apps.get_model(app_label, model_name)
        for page in PageModel.objects.all():
            for codename in codenames:
                GroupPagePermission.objects.create(
                    group=group, page_id=page.pk, permission=_permission(apps, "wagtailcore.page", codename)
                )

    # Reviews that Wagtail's default workflow sent to its starter group go to Editors.
    for task in GroupApprovalTask.objects.filter(groups__name__in=RETIRED_GROUPS).distinct():
        task.groups.set([groups[EDITORS]])
        if task.name == "Moderators approval":
            task.name = "Editors approval"
            task.save(update_fields=["name"])
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name="Moderators approval").update(name="Editors approval")
    Group.objects.filter(name__in=RETIRED_GROUPS).delete()
