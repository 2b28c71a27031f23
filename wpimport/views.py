"""The admin's WordPress import: upload an export, follow its progress, read its report. Administrators only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .forms import ImportForm
from .models import ImportRun
from .report import summary_lines
from .runs import ImportBusy, create_run, finish, import_dir, read_progress
from .tasks import import_export

CHUNK = 1024 * 1024


def is_administrator(user):
    return user.is_active and user.is_superuser


class AdministratorsOnly:
    """Only administrators import: an import creates pages, writers, images and redirects site-wide."""

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportIndexView(AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wpimport/admin/index.html"
    page_title = "WordPress import"
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": "WordPress import"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        context["runs"] = ImportRun.objects.select_related("requested_by")[:20]
        context["active"] = ImportRun.objects.filter(active=True).first()
        return context

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["export"]
        try:
            run = create_run(
                file_name=upload.name[:255],
                file_size=upload.size,
                dry_run=form.cleaned_data["dry_run"],
                blog_category=form.cleaned_data["blog_category"].strip(),
                time_zone=form.cleaned_data["time_zone"],
                requested_by=request.user,
                state=ImportRun.State.QUEUED,
            )
        except ImportBusy as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        path = import_dir() / f"run-{run.pk}.xml"
        try:
            with open(path, "wb") as out:
                for chunk in upload.chunks(CHUNK):
                    out.write(chunk)
        except OSError as error:
            path.unlink(missing_ok=True)
            finish(run, ImportRun.State.FAILED, error=f"The upload could not be stored: {error}")
            form.add_error(None, "The file could not be stored on the server. Try again, or ask for disk space.")
            return self.render_to_response(self.get_context_data(form=form), status=507)
        run.stored_path = str(path)
        run.save(update_fields=["stored_path"])
        transaction.on_commit(lambda: _enqueue(run.pk))
        messages.success(request, f"{upload.name} is uploaded; the import runs in the background.")
        return redirect("wpimport_run", run.pk)


def _enqueue(run_id):
    result = import_export.enqueue(run_id)
    ImportRun.objects.filter(pk=run_id).update(task_id=str(result.id))


class ImportRunView(AdministratorsOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "wpimport/admin/run.html"
    header_icon = "upload"

    def dispatch(self, request, pk, *args, **kwargs):
        self.run = get_object_or_404(ImportRun.objects.select_related("requested_by"), pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Import of {self.run.file_name}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wpimport_index"), "label": "WordPress import"},
            {"url": "", "label": self.run.file_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        report = run.report or {}
        context.update(
            run=run,
            progress=read_progress(run) if run.is_active else None,
            report=report,
            summary=summary_lines(report) if report else [],
            progress_url=reverse("wpimport_progress", args=[run.pk]),
        )
        return context


def progress_view(request, pk):
    if not is_administrator(request.user):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=pk)
    progress = (read_progress(run) if run.is_active else None) or {}
    return JsonResponse(
        {
            "state": run.state,
            "state_label": run.get_state_display(),
            "active": run.is_active,
            "phase": progress.get("phase", ""),
            "percent": progress.get("percent", 100 if not run.is_active else 0),
            "outcomes": progress.get("outcomes", {}),
        }
    )


def report_view(request, pk):
    """The whole report as a JSON download."""
    if not is_administrator(request.user):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=pk)
    if not run.report:
        return JsonResponse({"error": "This import has no report yet: it has not finished."}, status=404)
    response = JsonResponse(run.report, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="wordpress-import-{run.pk}.json"'
    return response
