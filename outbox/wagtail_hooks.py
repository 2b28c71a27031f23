from wagtail import hooks
from wagtail.admin.ui.components import Component

from .viewsets import outbox_viewset, undelivered_alerts


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox_viewset


class UndeliveredAlertsPanel(Component):
    """Urgent email (a crisis alert) that has not gone out within 10 minutes, at the top of the dashboard."""

    name = "undelivered_alerts"
    template_name = "outbox/admin/alerts_panel.html"
    order = 1

    def __init__(self, alerts):
        self.alerts = alerts

    def get_context_data(self, parent_context):
        return {"alerts": self.alerts}


@hooks.register("construct_homepage_panels")
def add_undelivered_alerts(request, panels):
    alerts = undelivered_alerts(request.user)
    if alerts:
        panels.insert(0, UndeliveredAlertsPanel(alerts))
