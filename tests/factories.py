"""Factories for tests: pages go under the site tree the migrations create."""

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from blog.models import BlogIndexPage, LetterReplyPage, ModuleIndexPage, ModulePage, StaffWriter


def blog_index():
    return BlogIndexPage.objects.get()


def module_index():
    return ModuleIndexPage.objects.get()


def reply_stream(*paragraphs, heading="Hi there"):
    """A reply body: a heading, then one paragraph block per string of HTML."""
    return [("heading", heading)] + [("paragraph", RichText(html)) for html in paragraphs]


class StaffWriterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffWriter

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role_title = "Staff writer"
    bio = "Has supported families for ten years."


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module topic {n}")
    number = factory.Sequence(lambda n: n + 1)
    summary = "What this module teaches."
    parent = factory.LazyFunction(module_index)


class LetterReplyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LetterReplyPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A letter and reply {n}")
    standfirst = "A parent asks how to talk with a son who is using again."
    pen_name = factory.Sequence(lambda n: f"Penname{n}")
    letter = "<p>Our son is 35 and tapering off fentanyl. How do we approach this?</p>"
    reply = factory.LazyFunction(lambda: reply_stream("<p>Thank you for writing to us.</p>"))
    writer = factory.SubFactory(StaffWriterFactory)
    parent = factory.LazyFunction(blog_index)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.add(*extracted)
            if create:
                obj.save()


def draft_reply(**kwargs):
    """A reply that was created but never published."""
    page = LetterReplyPageFactory(live=False, **kwargs)
    page.save_revision()
    return page


def privacy_checked(revision, reviewer=None):
    """`revision` of a reply with its privacy check approved, as the review workflow records it.

    For tests about something else that need a reply to go live: only a checked version may.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import TaskState, Workflow, WorkflowState

    from blog.models import PrivacyCheckTask
    from blog.review_workflow import WORKFLOW_NAME

    page = revision.content_object
    state = WorkflowState.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        base_content_type=page.get_base_content_type(),
        object_id=str(page.pk),
        workflow=Workflow.objects.get(name=WORKFLOW_NAME),
        status=WorkflowState.STATUS_APPROVED,
        requested_by=reviewer,
    )
    task_state = TaskState.objects.create(
        workflow_state=state,
        revision=revision,
        task=PrivacyCheckTask.objects.get(),
        status=TaskState.STATUS_IN_PROGRESS,
        content_type=ContentType.objects.get_for_model(TaskState),
    )
    task_state.approve(user=reviewer, update=False)
    return revision


PRIVACY_CHECKLIST = dict.fromkeys(("no_names", "no_places", "no_clinics", "no_dates", "no_contact"), "on")


def analysed(revision):
    """Run the de-identification assistant on `revision` now, as the worker does; its findings."""
    from blog.reply_analysis import analyse_revision, analysis_for

    analyse_revision(revision.pk)
    return analysis_for(revision)


def privacy_approval(task_state, decision="fine", **extra):
    """The privacy check's approval form as a reviewer sends it: the checklist ticked, each finding marked."""
    findings = analysed(task_state.revision)
    marks = {f"mark:{finding.key}": decision for finding in findings}
    return {**PRIVACY_CHECKLIST, "reviewed_step": str(task_state.pk), **marks, **extra}


def privacy_approval_data(task_state, decision="fine", comment=""):
    """What the editor's footer passes on once that form is valid (its cleaned data), as JSON."""
    findings = analysed(task_state.revision)
    return {"comment": comment, "reviewed_step": task_state.pk, "marks": {f.key: decision for f in findings}}
