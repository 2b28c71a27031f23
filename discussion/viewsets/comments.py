"""The comment moderation queue in the Wagtail admin.

Who: the Comment moderators group ("view" and "change" on comments) and
superusers. Everyone else, editors and writers included, is refused.

What: a list (pending first, filterable by status, post, reason and date,
searchable) showing each comment's text, why it was held and its post; approve,
reject, mark as spam and restore, one at a time (buttons on each row, POST) or
for a selection (Wagtail's bulk actions); trim a comment before approving it;
reply as staff. No "add" and no "copy": comments come from readers.
"""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import BaseColumn, BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page
from wagtail.permissions import policy_registry

from blog.models import LetterReplyPage

from ..forms.comments import MAX_ID, ModeratorEditForm, StaffReplyForm
from ..models.comments import Comment, CommentNotificationPreference, CommentSettings
from ..moderation import ACTIONS, decide
from ..views.comments import database_id
from .letters import CountingMenuItem

Status = Comment.Status

# What a moderator can do to a comment in each status: (action, button label).
ROW_ACTIONS = {
    Status.PENDING: [("approve", "Approve"), ("reject", "Reject"), ("spam", "Spam")],
    Status.APPROVED: [("reject", "Reject"), ("spam", "Spam")],
    Status.REJECTED: [("restore", "Restore"), ("spam", "Spam")],
    Status.SPAM: [("restore", "Not spam: restore")],
}
DONE = {"approve": "Approved", "reject": "Rejected", "spam": "Marked as spam", "restore": "Restored to pending"}
ANY_STATUS = "all"
# Each status filter: the list's heading, and the bulk actions that make sense for what it lists
# (the same as the row buttons: no "Restore" on pending comments).
QUEUE_HEADINGS = {
    Status.PENDING: "Waiting for a moderator",
    Status.APPROVED: "Approved",
    Status.REJECTED: "Rejected",
    Status.SPAM: "Spam",
    ANY_STATUS: "All comments",
}


def queue_view(status):
    """(status, heading, bulk action names) for the `status` filter; no filter is the pending queue."""
    status = status if status in QUEUE_HEADINGS else Status.PENDING
    actions = list(DONE) if status == ANY_STATUS else [action for action, _label in ROW_ACTIONS[status]]
    return status, QUEUE_HEADINGS[status], actions


def why_it_waits(comment, auto_approve_after):
    """For a row no rule held: why the comment is in this list (the moderator should never see a bare dash)."""
    if comment.status == Status.PENDING:
        if comment.moderated_by_id:
            return "Restored to the queue by a moderator"
        if not auto_approve_after:
            return "New comment: every comment is read before it is published (auto-approval is off)"
        if not comment.email:
            return "No email given: only commenters known by their email can skip the queue"
        return f"New commenter: auto-approval needs {auto_approve_after} approved comments and none refused"
    if comment.status == Status.APPROVED:
        return "Not held" if not comment.is_staff_reply else "Staff reply"
    if comment.status == Status.REJECTED:
        return "Rejected by a moderator"
    return "Marked as spam by a moderator"


def comment_policy():
    return policy_registry.get_by_type(Comment)


def can_moderate(user):
    return comment_policy().user_has_permission(user, "change")


# The list ----------------------------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    # No choice is the queue itself: pending comments. "Any status" shows everything.
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(Status.APPROVED, "Approved"), (Status.REJECTED, "Rejected"), (Status.SPAM, "Spam"), ("all", "Any")],
        empty_label="Pending",
        method="filter_status",
    )
    # A page chooser, not a list of every post that has comments (thousands, at archive scale).
    page = django_filters.ModelChoiceFilter(
        label="Post",
        queryset=LetterReplyPage.objects.all(),
        widget=AdminPageChooser(target_models=[LetterReplyPage], can_choose_root=False),
    )
    reason = django_filters.ChoiceFilter(
        label="Held for", choices=Comment.Reason.choices, method="filter_reason", empty_label="Any reason"
    )
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = ["status", "page", "reason", "created_at"]

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_reason(self, queryset, name, value):
        return queryset.held_for(value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=Status.PENDING)
        return queryset


def listing_queryset(request):
    """The comments the list shows for `request`'s filters: also what "select all" acts on."""
    filters = CommentFilterSet(data=request.GET, request=request, queryset=Comment.objects.all())
    if not filters.is_valid():
        return Comment.objects.pending()
    return filters.qs


class CommentColumn(BaseColumn):
    cell_template_name = "discussion/comments/admin/comment_cell.html"

    def __init__(self, *args, inspect_url_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspect_url_name = inspect_url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["inspect_url"] = reverse(self.inspect_url_name, args=[instance.pk])
        return context


class TemplateColumn(Column):
    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_template_name = template


class ReasonsColumn(TemplateColumn):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if not instance.hold_reasons:
            # Read once per request (Wagtail keeps site settings on the request), not per row.
            settings = CommentSettings.for_request(parent_context["request"])
            context["why_it_waits"] = why_it_waits(instance, settings.auto_approve_after)
        return context


class SentColumn(DateColumn):
    cell_template_name = "discussion/comments/admin/sent_cell.html"


class ActionsColumn(BaseColumn):
    cell_template_name = "discussion/comments/admin/actions_cell.html"

    def __init__(self, *args, url_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_names = url_names

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        # Cells render from a plain dict, so {% csrf_token %} needs the token handed over.
        context["csrf_token"] = get_token(request)
        query = request.GET.copy()
        query.pop("_w_filter_fragment", None)
        next_url = reverse(self.url_names["index"]) + (f"?{query.urlencode()}" if query else "")
        context.update(
            actions=ROW_ACTIONS[instance.status],
            moderate_url=reverse(self.url_names["moderate"], args=[instance.pk]),
            reply_url=(
                reverse(self.url_names["reply"], args=[instance.pk])
                if instance.status in (Status.PENDING, Status.APPROVED)
                else None
            ),
            edit_url=reverse(self.url_names["edit"], args=[instance.pk]) if not instance.is_staff_reply else None,
            next_url=next_url,
        )
        return context


class CommentQueueView(generic.IndexView):
    template_name = "discussion/comments/admin/index.html"
    # The heading and the bulk actions sit with the results, which the filters reload on their own.
    results_template_name = "discussion/comments/admin/index_results.html"
    # admin.css lays these rows out as cards on a phone.
    table_classname = "listing comment-queue"
    filterset_class = CommentFilterSet
    search_fields = ["body", "display_name"]
    search_backend_name = None  # plain database search: comments are not in the site search
    default_ordering = "-created_at"
    page_title = "Comments"
    moderate_url_name = reply_url_name = None

    def get_base_queryset(self):
        return Comment.objects.select_related("page", "parent")

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            CommentColumn("comment", label="Comment", inspect_url_name=self.inspect_url_name),
            TemplateColumn("page", label="Post", template="discussion/comments/admin/post_cell.html"),
            ReasonsColumn("hold_reasons", label="Held for", template="discussion/comments/admin/reasons_cell.html"),
            TemplateColumn(
                "status", label="Status", sort_key="status", template="discussion/comments/admin/status_cell.html"
            ),
            SentColumn("created_at", label="Sent", sort_key="created_at"),
            ActionsColumn(
                "actions",
                label="Moderate",
                url_names={
                    "index": self.index_url_name,
                    "moderate": self.moderate_url_name,
                    "reply": self.reply_url_name,
                    "edit": self.edit_url_name,
                },
            ),
        ]

    def get_add_url(self):
        return None

    def get_page_subtitle(self):
        return queue_view(self.request.GET.get("status"))[1]

    def get_breadcrumbs_items(self):
        # The status is the list's own heading, which follows the filters; the header keeps "Comments".
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status, heading, actions = queue_view(self.request.GET.get("status"))
        context.update(
            queue_status=status,
            queue_heading=heading,
            queue_actions=" ".join(actions),
            queue_title=f"{self.get_page_title()}: {heading}",
        )
        return context


class CommentInspectView(generic.InspectView):
    def get_fields(self):
        return [
            "page",
            "parent",
            "display_name",
            "body",
            "status",
            "hold_reasons",
            "created_at",
            "is_staff_reply",
            "moderated_by",
            "moderated_at",
            "edited_by_moderator_at",
        ]

    def get_field_display_value(self, field_name, field):
        if field_name == "hold_reasons":
            reasons = self.object.reasons_for_display()
            return "; ".join(f"{label}: {detail}" if detail else label for _, label, detail in reasons) or "None"
        if field_name == "page":
            return self.object.page.title
        return super().get_field_display_value(field_name, field)


class CommentEditView(generic.EditView):
    """A moderator trims a comment (say, someone's identifying details) before approving it."""

    def get_success_message(self, instance=None):
        return f"Saved the comment by {self.object.display_name}. The post says a moderator edited it."


# One comment at a time --------------------------------------------------------------


def safe_next(request, fallback):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return fallback


class ModerateView(View):
    """POST `action` = approve | reject | spam | restore for one comment."""

    http_method_names = ["post"]
    index_url_name = None

    def post(self, request, pk):
        if not can_moderate(request.user):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("page"), pk=database_id(pk))
        action = request.POST.get("action")
        if action not in ACTIONS:
            messages.error(request, "Unknown moderation action.")
            return redirect(safe_next(request, reverse(self.index_url_name)))
        decide([comment], action, request.user)
        buttons = []
        if comment.status == Status.APPROVED:
            buttons.append(messages.button(f"{comment.page.url}#comment-{comment.pk}", "View on the post", True))
        messages.success(request, f"{DONE[action]}: the comment by {comment.display_name}.", buttons=buttons)
        return redirect(safe_next(request, reverse(self.index_url_name)))


class StaffReplyView(WagtailAdminTemplateMixin, FormView):
    """Reply under a comment as staff: published at once with a "Staff" badge. Replying to a pending
    comment approves it too, since a reply under a hidden comment would make no sense."""

    template_name = "discussion/comments/admin/staff_reply.html"
    form_class = StaffReplyForm
    header_icon = "comment"
    page_title = "Reply as staff"
    index_url_name = None

    def dispatch(self, request, pk):
        if not can_moderate(request.user):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment.objects.select_related("page", "parent"), pk=database_id(pk))
        # Replies go one level deep: a reply to a reply joins the first comment's thread.
        self.thread = self.comment.parent or self.comment
        if self.comment.status not in (Status.PENDING, Status.APPROVED) or self.thread.status not in (
            Status.PENDING,
            Status.APPROVED,
        ):
            messages.error(request, "Restore this comment before replying to it.")
            return redirect(reverse(self.index_url_name))
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Comments"},
            {"url": "", "label": "Reply as staff"},
        ]

    def get_initial(self):
        user = self.request.user
        return {"display_name": user.get_full_name() or user.get_username()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment, will_approve=[c for c in {self.comment, self.thread} if c.status == Status.PENDING]
        )

    def form_valid(self, form):
        user = self.request.user
        to_approve = [c for c in {self.comment, self.thread} if c.status == Status.PENDING]
        decide(to_approve, "approve", user)
        reply = Comment.objects.create(
            page=self.thread.page,
            parent=self.thread,
            display_name=form.cleaned_data["display_name"],
            body=form.cleaned_data["body"],
            status=Status.APPROVED,
            is_staff_reply=True,
            moderated_by=user,
            moderated_at=timezone.now(),
        )
        messages.success(
            self.request,
            "Your reply is published." + (" The comment you replied to is approved too." if to_approve else ""),
            buttons=[messages.button(f"{self.thread.page.url}#comment-{reply.pk}", "View on the post", True)],
        )
        return redirect(reverse(self.index_url_name))


# Bulk actions ------------------------------------------------------------------------


class CommentBulkAction(BulkAction):
    """Approve, reject, mark as spam or restore a selection: one UPDATE for the lot."""

    models = [Comment]
    template_name = "discussion/comments/admin/confirm_bulk.html"
    moderation_action = None

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [int(pk) for pk in object_ids if str(pk).isdigit() and 0 < int(pk) <= MAX_ID]
        return list(Comment.objects.filter(pk__in=ids).select_related("page").order_by("-created_at"))

    def get_all_objects_in_listing_query(self, parent_id):
        return listing_queryset(self.request).values_list("pk", flat=True)

    def get_execution_context(self):
        return {"user": self.request.user, "action": self.moderation_action}

    @classmethod
    def execute_action(cls, objects, user=None, action=None, **kwargs):
        return decide(objects, action, user), 0

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            header_icon="comment", action_label=self.display_name, verb=DONE[self.moderation_action].lower(), **kwargs
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = "comment" if num_parent_objects == 1 else "comments"
        return f"{DONE[self.moderation_action]}: {num_parent_objects} {noun}."


class ApproveBulkAction(CommentBulkAction):
    display_name = "Approve"
    action_type = "approve"
    moderation_action = "approve"
    aria_label = "Approve the selected comments"
    action_priority = 10


class RejectBulkAction(CommentBulkAction):
    display_name = "Reject"
    action_type = "reject"
    moderation_action = "reject"
    aria_label = "Reject the selected comments"
    action_priority = 20


class SpamBulkAction(CommentBulkAction):
    display_name = "Mark as spam"
    action_type = "spam"
    moderation_action = "spam"
    aria_label = "Mark the selected comments as spam"
    action_priority = 30
    classes = {"serious"}


class RestoreBulkAction(CommentBulkAction):
    display_name = "Restore"
    action_type = "restore"
    moderation_action = "restore"
    aria_label = "Restore the selected comments to pending"
    action_priority = 40


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, SpamBulkAction, RestoreBulkAction]


# The viewset ---------------------------------------------------------------------------


class QueueMenuItem(CountingMenuItem):
    """ "Comments (3)": the number waiting for a moderator, short enough for the sidebar."""

    def render_component(self, request):
        count = self.count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "comment_moderation"
    url_prefix = "comments"
    icon = "comment"
    menu_label = "Comments"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentQueueView
    edit_view_class = CommentEditView
    inspect_view_class = CommentInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return ModeratorEditForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            moderate_url_name=self.get_url_name("moderate"), reply_url_name=self.get_url_name("reply"), **kwargs
        )

    def get_menu_item(self, order=None):
        return QueueMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            count=lambda: Comment.objects.pending().count(),
            permission="discussion.change_comment",
        )

    def get_urlpatterns(self):
        index = self.get_url_name("index")
        patterns = [p for p in super().get_urlpatterns() if p.name not in ("add", "copy")]
        return patterns + [
            path("moderate/<int:pk>/", ModerateView.as_view(index_url_name=index), name="moderate"),
            path("reply/<int:pk>/", StaffReplyView.as_view(index_url_name=index), name="reply"),
        ]


comment_viewset = CommentViewSet()


# Writers' choice to hear about comments on their replies --------------------------------


class CommentNotificationForm(forms.ModelForm):
    class Meta:
        model = CommentNotificationPreference
        fields = ["approved_on_my_replies"]


class CommentNotificationsPanel(BaseSettingsPanel):
    """In the admin's account settings: "Email me when a reader's comment on a reply I wrote is published"."""

    name = "reader_comments"
    title = "Reader comments"
    tab = notifications_tab
    order = 200
    form_class = CommentNotificationForm

    def is_active(self):
        # For the people who write replies: anyone who may edit pages.
        return policy_registry.get_by_type(Page).user_has_permission(self.user, "change")

    def get_form(self):
        instance = CommentNotificationPreference.objects.filter(user=self.user).first()
        instance = instance or CommentNotificationPreference(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=instance, prefix=self.name)
        return self.form_class(instance=instance, prefix=self.name)
