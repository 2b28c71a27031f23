"""Followers in the admin: addresses for administrators only; counts per topic for editors."""

from django.db.models import Count
from taggit.models import Tag
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from blog.models import ModulePage, StaffWriter

from .models import Subscriber, Subscription


class SubscriberIndexView(generic.IndexView):
    default_ordering = ["-created_at"]
    search_fields = ["email"]
    search_backend_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().annotate(follows=Count("subscriptions"))

    @property
    def columns(self):
        return [
            TitleColumn("email", label="Address", url_name=self.inspect_url_name),
            Column("frequency", label="How often", accessor="get_frequency_display"),
            Column("follows", label="Follows"),
            DateColumn("confirmed_at", label="Confirmed", sort_key="confirmed_at"),
            DateColumn("bounced_at", label="Refused by their mail server", sort_key="bounced_at"),
        ]


class SubscriberViewSet(ModelViewSet):
    """Administrators only: no role is given these permissions (cms/roles.py)."""

    model = Subscriber
    icon = "mail"
    menu_label = "Followers"
    menu_order = 860
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    inspect_view_fields = ["email", "frequency", "created_at", "confirmed_at", "bounced_at", "last_digest_at"]
    copy_view_enabled = False
    list_per_page = 50
    form_fields = ["frequency"]  # Wagtail builds the edit view's form; its URL is not routed (below)

    def get_urlpatterns(self):
        # Read and delete only: a follower changes their own follows through their emails' links.
        allowed = {"index", "index_results", "inspect", "delete"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in allowed]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs


subscriber_viewset = SubscriberViewSet("followers")

TOP = 10


class FollowerCountsPanel(Component):
    """How many confirmed addresses follow everything, and the most followed topics, modules and writers."""

    name = "follower_counts"
    template_name = "subscriptions/admin/follower_counts.html"
    order = 200

    def get_context_data(self, parent_context):
        active = Subscription.objects.filter(
            subscriber__confirmed_at__isnull=False, subscriber__bounced_at__isnull=True
        )
        rows = list(
            active.values("kind", "target_id").annotate(count=Count("id")).order_by("-count", "kind", "target_id")
        )
        names = {
            Subscription.Kind.TAG: dict(Tag.objects.filter(pk__in=_ids(rows, "tag")).values_list("pk", "name")),
            Subscription.Kind.MODULE: {
                pk: f"Module {number}: {title}"
                for pk, number, title in ModulePage.objects.filter(pk__in=_ids(rows, "module")).values_list(
                    "pk", "number", "title"
                )
            },
            Subscription.Kind.WRITER: dict(
                StaffWriter.objects.filter(pk__in=_ids(rows, "writer")).values_list("pk", "name")
            ),
        }
        sections = []
        for kind, label in (
            (Subscription.Kind.TAG, "Topics"),
            (Subscription.Kind.MODULE, "Modules"),
            (Subscription.Kind.WRITER, "Writers"),
        ):
            items = [(names[kind].get(row["target_id"]), row["count"]) for row in rows if row["kind"] == kind]
            sections.append((label, [(name, count) for name, count in items if name][:TOP]))
        everything = next((row["count"] for row in rows if row["kind"] == Subscription.Kind.ALL), 0)
        total = Subscriber.objects.reachable().count()
        return {"total": total, "everything": everything, "sections": sections}


def _ids(rows, kind):
    return [row["target_id"] for row in rows if row["kind"] == kind]
