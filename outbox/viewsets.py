"""The outbox in the Wagtail admin: what was sent, what waits, what failed and why, and Retry.

Editors and administrators see every message; anyone else with access (comment
moderators) sees only the messages addressed to them. A private message (to a letter
writer or a commenter) shows its kind, the recipient's role and its state: never its
address or its text.
"""

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from .delivery import retry_now
from .models import OutboundEmail

ALERT_AFTER = timedelta(minutes=10)  # an urgent email not delivered by then is shown on the dashboard


def visible_to(user, queryset=None):
    queryset = OutboundEmail.objects.all() if queryset is None else queryset
    if user.has_perm("outbox.view_all_outboundemail"):
        return queryset
    return queryset.filter(recipient__iexact=user.email) if user.email else queryset.none()


def can_retry(user):
    return user.has_perm("outbox.change_outboundemail")


def shown_recipient(email):
    return email.recipient_role if email.private else f"{email.recipient} ({email.recipient_role})"


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=OutboundEmail.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(choices=OutboundEmail.Kind.choices, empty_label="Any kind")

    class Meta:
        model = OutboundEmail
        fields = ["status", "kind"]


class OutboxIndexView(generic.IndexView):
    default_ordering = ["-created_at"]
    template_name = "outbox/admin/index.html"
    results_template_name = "outbox/admin/index_results.html"

    def get_base_queryset(self):
        return visible_to(self.request.user, super().get_base_queryset())

    @property
    def columns(self):
        return [
            TitleColumn("kind", label="Email", accessor="get_kind_display", url_name=self.inspect_url_name),
            Column("recipient_role", label="To", accessor=shown_recipient),
            Column("status", label="State", accessor="get_status_display", sort_key="status"),
            DateColumn("created_at", label="Queued", sort_key="created_at"),
            DateColumn("sent_at", label="Sent", sort_key="sent_at"),
            Column("attempts", label="Attempts"),
            Column("last_error", label="Last error"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = visible_to(self.request.user).filter(status__in=OutboundEmail.PENDING)
        context["can_retry"] = can_retry(self.request.user)
        context["waiting_count"] = waiting.count()
        context["failed_count"] = visible_to(self.request.user).filter(status=OutboundEmail.Status.FAILED).count()
        context["retry_all_url"] = reverse("outbox:retry_all")
        return context


class OutboxDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "outbox/admin/detail.html"
    header_icon = "mail"
    page_title = "Email"

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.has_perm("outbox.view_outboundemail"):
            raise PermissionDenied
        self.email = get_object_or_404(visible_to(request.user), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.email.get_kind_display()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("outbox:index"), "label": "Outbox"},
            {"url": "", "label": self.email.get_kind_display()},
        ]

    def get_context_data(self, **kwargs):
        email = self.email
        context = super().get_context_data(**kwargs)
        context.update(
            email=email,
            recipient=shown_recipient(email),
            can_retry=can_retry(self.request.user) and email.status != OutboundEmail.Status.SENT,
            retry_url=reverse("outbox:retry", args=[email.pk]),
        )
        return context


class RetryView(OutboxDetailView):
    http_method_names = ["post"]

    def post(self, request):
        if not can_retry(request.user):
            raise PermissionDenied
        if retry_now(OutboundEmail.objects.filter(pk=self.email.pk)):
            messages.success(request, "Sending again now. The state below changes once the worker has tried.")
        else:
            messages.warning(request, "This email was already sent; nothing to retry.")
        return redirect("outbox:inspect", self.email.pk)


def retry_all(request):
    if request.method != "POST":
        return redirect("outbox:index")
    if not can_retry(request.user):
        raise PermissionDenied
    count = retry_now(visible_to(request.user).filter(status__in=OutboundEmail.PENDING))
    if count:
        messages.success(request, f"Sending {count} waiting email{'s' if count != 1 else ''} again now.")
    else:
        messages.info(request, "No email is waiting to be sent.")
    return redirect("outbox:index")


class OutboxViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = "Outbox"
    menu_order = 850
    add_to_settings_menu = False
    add_to_admin_menu = True
    index_view_class = OutboxIndexView
    filterset_class = OutboxFilterSet
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False

    @property
    def inspect_view(self):
        return OutboxDetailView.as_view()

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, delete, history or usage views: the listing must not link to them.
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        # Read-only apart from Retry: messages are written by the site, never by hand.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/retry/", RetryView.as_view(), name="retry"),
            path("retry-all/", retry_all, name="retry_all"),
        ]


outbox_viewset = OutboxViewSet("outbox")


def undelivered_alerts(user, now=None):
    """Urgent messages (alerts) for this user's eyes that have not gone out within 10 minutes."""
    now = now or timezone.now()
    overdue = visible_to(user).exclude(alert="").exclude(status=OutboundEmail.Status.SENT)
    overdue = overdue.filter(created_at__lte=now - ALERT_AFTER).order_by("created_at")
    # One banner per alert, whatever the number of recipients it was sent to.
    seen, alerts = set(), []
    for email in overdue.only("alert", "alert_url", "created_at")[:200]:
        if email.alert not in seen:
            seen.add(email.alert)
            alerts.append(email)
    return alerts
