from django.db import migrations

from cms.roles import sync_roles

SECTIONS = [
    # (model, slug, title)
    ("blogindexpage", "discussion-blog", "Discussion Blog"),
    ("moduleindexpage", "modules", "CRAFT curriculum modules"),
]


def create_sections(apps, schema_editor):
    """Put the Discussion Blog and the module index under the home page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("home", "HomePage")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    for position, (model_name, slug, title) in enumerate(SECTIONS, start=1):
        Model = apps.get_model("blog", model_name)
        if Model.objects.exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="blog", model=model_name)
        Model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=f"{home.path}{position:04d}",
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            show_in_menus=True,
        )
    home.numchild = len(SECTIONS)
    home.save(update_fields=["numchild"])


def create_roles(apps, schema_editor):
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("home", "0002_site_root"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(create_sections, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
