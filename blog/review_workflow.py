"""The review workflow for replies, defined once.

`ensure_review_workflow(apps)` creates it if missing and assigns it to every
Discussion Blog. A data migration calls it with historical `apps`;
`load_demo_content` calls it after rebuilding the site tree.
"""

from cms.roles import EDITORS

WORKFLOW_NAME = "Reply review"
TASKS = [
    # (model in the blog app, task name), in review order
    ("privacychecktask", "Privacy check"),
    ("editorialapprovaltask", "Editorial approval"),
]


def ensure_review_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    BlogIndexPage = apps.get_model("blog", "BlogIndexPage")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (model_name, task_name) in enumerate(TASKS):
        Model = apps.get_model("blog", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="blog", model=model_name)
        task = Model.objects.filter(name=task_name).first()
        if task is None:
            task = Model.objects.create(name=task_name, content_type=content_type, active=True)
        task.groups.set([editors])
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": order})
    for blog in BlogIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=blog.pk, defaults={"workflow": workflow})
    return workflow
