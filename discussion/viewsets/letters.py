"""The letters inbox in the Wagtail admin: list, triage, assign, decline, start a reply."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.generic import TemplateView
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cms.roles import WRITERS

from ..models import Letter

URGENT_LABEL = "Urgent"
RISK_LABEL = "Mentions risk"
# The inbox opens on these: letters still waiting for a reply to be written or reviewed.
TO_ANSWER = [Letter.Status.NEW, Letter.Status.ASSIGNED, Letter.Status.DRAFTING, Letter.Status.IN_REVIEW]
TO_ANSWER_LABEL = "Still to answer"
ANY_STATUS = "all"


def writers():
    """Users who can be given a letter: members of Writers (and editors, who may reply themselves)."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name=WRITERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def staff_name(user):
    """Staff by the name colleagues know them by ("Theo Abernathy"), the username only when no name is set."""
    return (user.get_full_name() or user.get_username()) if user else ""


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return staff_name(obj)


class StaffFilterChoiceField(FilterModelChoiceField):
    def label_from_instance(self, obj):
        return staff_name(obj)


class CountingMenuItem(MenuItem):
    """A menu item whose label carries a live count, e.g. "Letters (3 new)"."""

    def __init__(self, *args, count=None, count_label="new", permission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count
        self.count_label = count_label
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)

    def render_component(self, request):
        count = self.count()
        label = f"{self.label} ({count} {self.count_label})" if count else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, attrs=self.attrs)


class StaffChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = StaffFilterChoiceField


class LetterFilterSet(WagtailFilterSet):
    # No choice is the inbox itself: letters still to answer. Published and declined are one choice away.
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*Letter.Status.choices, (ANY_STATUS, "Any status")],
        empty_label=TO_ANSWER_LABEL,
        method="filter_status",
    )
    urgent = django_filters.BooleanFilter(label="Urgent")
    mentions_risk = django_filters.BooleanFilter(label="Mentions risk")
    assigned_to = StaffChoiceFilter(label="Assigned to", queryset=lambda request: writers(), empty_label="Anyone")
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = Letter
        fields = ["status", "urgent", "mentions_risk", "assigned_to", "received_at"]

    def filter_status(self, queryset, name, value):
        return queryset if value == ANY_STATUS else queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=TO_ANSWER)
        return queryset


def status_heading(status):
    """The heading of the list for the `status` filter (none: the letters still to answer)."""
    if not status:
        return TO_ANSWER_LABEL
    if status == ANY_STATUS:
        return "All letters"
    return dict(Letter.Status.choices).get(status, TO_ANSWER_LABEL)


class LabelledColumn(Column):
    """A cell that names its column on a phone, where the table's header row is not shown (admin.css)."""

    cell_template_name = "discussion/admin/labelled_cell.html"


class AgeColumn(LabelledColumn):
    def get_value(self, instance):
        return timesince(instance.received_at, timezone.now(), depth=1)


class LetterTitleColumn(TitleColumn):
    """The pen-name, linked, with the first line or two of the letter under it."""

    cell_template_name = "discussion/admin/letter_title_cell.html"


class LetterIndexView(generic.IndexView):
    default_ordering = ["-urgent", "received_at"]
    search_fields = ["pen_name", "body"]
    search_backend_name = None  # plain database search: letters are not in the public search index
    # admin.css lays these rows out as cards on a phone.
    table_classname = "listing letters-inbox"
    results_template_name = "discussion/admin/letters_results.html"
    template_name = "discussion/admin/letters_index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("assigned_to")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        index_url = reverse(self.index_url_name)
        context["status_heading"] = status_heading(status)
        context["status_links"] = [
            (label, f"{index_url}?status={value}" if value else index_url, value == status)
            for value, label in [
                ("", TO_ANSWER_LABEL),
                (Letter.Status.PUBLISHED, "Published"),
                (Letter.Status.DECLINED, "Declined"),
                (ANY_STATUS, "All"),
            ]
        ]
        return context

    @property
    def columns(self):
        return [
            LetterTitleColumn(
                "pen_name",
                label="Letter from",
                url_name=self.edit_url_name,
                sort_key="pen_name",
            ),
            Column(
                "urgent",
                label="Urgent",
                # The quieter tier shows in the same cell, below urgent: the inbox is not re-ordered for it.
                accessor=lambda letter: URGENT_LABEL if letter.urgent else RISK_LABEL if letter.mentions_risk else "",
                sort_key="urgent",
            ),
            LabelledColumn("status", label="Status", accessor="get_status_display", sort_key="status"),
            AgeColumn("received_at", label="Age", sort_key="received_at"),
            LabelledColumn(
                "assigned_to",
                label="Assigned to",
                accessor=lambda letter: staff_name(letter.assigned_to) or "No one yet",
            ),
        ]


class AssignForm(forms.Form):
    writer = StaffChoiceField(queryset=writers(), label="Assign to", empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["writer"].queryset = writers()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why, so colleagues know it was read."},
    )


class LetterDetailView(WagtailAdminTemplateMixin, TemplateView):
    """The whole letter, its state, and what the current user may do with it."""

    template_name = "discussion/admin/letter_detail.html"
    header_icon = "mail"
    index_url_name = None
    edit_url_name = None
    action_url_name = None

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.has_perm("discussion.view_letter"):
            raise PermissionDenied
        self.letter = get_object_or_404(Letter.objects.select_related("assigned_to", "reply_page"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.letter)

    def get_breadcrumbs_items(self):
        # A short last crumb: the header does not wrap, and a long pen-name was cut off on a phone.
        # The full title is the page's heading (letter_detail.html), which wraps.
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Letters"},
            {"url": "", "label": "Letter"},
        ]

    def get_context_data(self, **kwargs):
        user = self.request.user
        letter = self.letter
        context = super().get_context_data(**kwargs)
        context.update(
            letter=letter,
            show_email=letter.email_visible_to(user),
            can_take=letter.can_be_taken_by(user) and letter.assigned_to_id != user.pk,
            can_assign=user.has_perm("discussion.assign_letter") and letter.reply_page_id is None,
            can_decline=user.has_perm("discussion.assign_letter")
            and letter.status not in (Letter.Status.DECLINED, Letter.Status.PUBLISHED),
            can_start_reply=letter.can_start_reply(user),
            assign_form=kwargs.get("assign_form") or AssignForm(initial={"writer": letter.assigned_to_id}),
            decline_form=kwargs.get("decline_form") or DeclineForm(),
            reply_edit_url=(
                reverse("wagtailadmin_pages:edit", args=[letter.reply_page_id]) if letter.reply_page_id else None
            ),
        )
        context["actions"] = {
            name: reverse(self.action_url_name, args=[letter.pk, name])
            for name in ("take", "assign", "decline", "start_reply")
        }
        return context


class LetterActionView(LetterDetailView):
    """POST-only: take, assign, decline, start reply. Each checks its own permission."""

    http_method_names = ["post"]

    def post(self, request, action):
        letter = self.letter
        user = request.user
        if action == "take":
            if not letter.can_be_taken_by(user):
                raise PermissionDenied
            letter.assign_to(user)
            log(letter, "discussion.letter.assign", user=user, data={"to": user.get_username()})
            messages.success(request, "The letter is yours. Start a reply when you are ready.")
        elif action == "assign":
            if not user.has_perm("discussion.assign_letter") or letter.reply_page_id:
                raise PermissionDenied
            form = AssignForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(assign_form=form), status=400)
            writer = form.cleaned_data["writer"]
            letter.assign_to(writer)
            log(letter, "discussion.letter.assign", user=user, data={"to": writer.get_username()})
            from ..notifications import notify_assigned

            notify_assigned(letter, assigned_by=user)
            messages.success(request, f"Assigned to {writer.get_full_name() or writer.get_username()}.")
        elif action == "decline":
            if not user.has_perm("discussion.assign_letter"):
                raise PermissionDenied
            form = DeclineForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(decline_form=form), status=400)
            letter.decline(form.cleaned_data["reason"])
            log(letter, "discussion.letter.decline", user=user)
            messages.success(request, "Letter declined.")
        elif action == "start_reply":
            if not letter.can_start_reply(user):
                raise PermissionDenied
            page = letter.start_reply(user)
            log(letter, "discussion.letter.start_reply", user=user, data={"page": page.pk})
            messages.success(request, "A draft reply was created with the letter filled in.")
            return redirect("wagtailadmin_pages:edit", page.pk)
        else:
            raise PermissionDenied
        return redirect(self.edit_url_name, letter.pk)


class LetterViewSet(ModelViewSet):
    model = Letter
    icon = "mail"
    menu_label = "Letters"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = LetterIndexView
    filterset_class = LetterFilterSet
    copy_view_enabled = False
    list_per_page = 25
    # Staff may type in a letter that arrived by post or phone.
    form_fields = ["pen_name", "email", "body", "relation", "consent", "urgent", "mentions_risk"]

    def get_menu_item(self, order=None):
        return CountingMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            count=lambda: Letter.objects.filter(status=Letter.Status.NEW).count(),
            permission="discussion.view_letter",
        )

    @property
    def edit_view(self):
        return LetterDetailView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            action_url_name=self.get_url_name("action"),
        )

    @property
    def action_view(self):
        return LetterActionView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            action_url_name=self.get_url_name("action"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/<str:action>/", self.action_view, name="action"),
        ]


letter_viewset = LetterViewSet("letters")
