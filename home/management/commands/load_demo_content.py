"""`manage.py load_demo_content [--reset]`: a believable site to click through.

Idempotent: what already exists (found by module number, slug or username) is
left alone, so running it twice changes nothing. `--reset` first deletes every
page under the Discussion Blog and the module index, the demo writers and the
demo users, then builds them again. The texts live in home/demo_content.py.
"""

import datetime
import time
from html import escape

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision, Site
from wagtail.rich_text import RichText

from blog.models import (
    BlogIndexPage,
    LetterReplyPage,
    ModuleIndexPage,
    ModulePage,
    RelatedPostPin,
    StaffWriter,
)
from blog.publishing import record_demo_check
from blog.review_workflow import ensure_review_workflow
from cms.roles import sync_roles
from home import demo_content as demo
from home.models import HomePage

# Replies go out mid-morning; the time only orders posts that share a date.
PUBLISH_TIME = datetime.time(10, 30)


def paragraphs(texts):
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


DEMO_SITE_HOST = "127.0.0.1"
DEMO_SITE_PORT = 8000


class Command(BaseCommand):
    help = "Load the demo site: curriculum modules, staff writers, letters and replies, and one login per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete all pages under the blog and the module index, the demo writers and the demo users, "
            "then load them again.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even under production settings (it creates a superuser with a published password).",
        )

    def handle(self, *args, reset=False, allow_production=False, **options):
        if (getattr(settings, "SETTINGS_MODULE", None) or "").endswith("production") and not allow_production:
            raise CommandError(
                "Refusing to load demo logins with known passwords under production settings "
                "(pass --allow-production if you really mean it)."
            )
        self.verbosity = options.get("verbosity", 1)
        self.today = timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                self.reset()
            home, blog, module_index = self.ensure_site_tree()
            # Page permissions name pages by id: point them at the pages that now exist.
            sync_roles(apps)
            ensure_review_workflow(apps)
            modules, modules_created = self.ensure_modules(module_index)
            writers, writers_created = self.ensure_writers()
            posts_created = self.ensure_posts(blog, modules, writers)
            users = self.ensure_users()
        self.report(
            seconds=time.monotonic() - started,
            modules=(len(modules), modules_created),
            writers=(len(writers), writers_created),
            posts=(LetterReplyPage.objects.child_of(blog).live().count(), posts_created),
            users=users,
        )

    # Reset -------------------------------------------------------------------

    def reset(self):
        pages = 0
        for index in [*BlogIndexPage.objects.all(), *ModuleIndexPage.objects.all()]:
            descendants = index.get_descendants()
            pages += descendants.count()
            descendants.delete()  # treebeard's delete keeps the tree's child counts right
        writers = StaffWriter.objects.filter(slug__in=[w["slug"] for w in demo.WRITERS_DATA]).delete()[1]
        User = get_user_model()
        users = User.objects.filter(username__in=[u["username"] for u in demo.DEMO_USERS]).delete()[1]
        self.say(
            f"Reset: deleted {pages} pages, {writers.get(StaffWriter._meta.label, 0)} writers "
            f"and {users.get(User._meta.label, 0)} demo users."
        )

    # Site tree ---------------------------------------------------------------

    def ensure_site_tree(self):
        home = HomePage.objects.order_by("path").first()
        if home is None:
            root = Page.get_first_root_node()
            slug = "home" if not root.get_children().filter(slug="home").exists() else "family-support"
            home = root.add_child(instance=HomePage(title="Home", slug=slug, intro=self.intro(demo.HOME_INTRO)))
            home.save_revision().publish()
            self.say("Created the home page.")
        elif not home.intro:
            home.intro = self.intro(demo.HOME_INTRO)
            home.save_revision().publish()

        # Full URLs (feeds, emails) should point at the server `make run` starts.
        host, port = DEMO_SITE_HOST, DEMO_SITE_PORT
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname=host, port=port, root_page=home, is_default_site=True)
            self.say("Created the default site.")
        else:
            if (site.hostname, site.port) == ("localhost", 80):
                site.hostname, site.port = host, port
            site.root_page = home
            site.save()

        blog = self.ensure_section(home, BlogIndexPage, "discussion-blog", "Discussion Blog", demo.BLOG_INTRO)
        modules = self.ensure_section(home, ModuleIndexPage, "modules", "CRAFT curriculum modules", demo.MODULES_INTRO)
        return home, blog, modules

    def ensure_section(self, home, model, slug, title, intro):
        page = model.objects.order_by("path").first()
        if page is None:
            page = home.add_child(instance=model(title=title, slug=slug, intro=self.intro(intro), show_in_menus=True))
            page.save_revision().publish()
            self.say(f"Created {title}.")
            return page
        if not page.intro or not page.show_in_menus:
            page.intro = page.intro or self.intro(intro)
            page.show_in_menus = True
            page.save_revision().publish()
        return page

    @staticmethod
    def intro(text):
        return paragraphs([text])

    # Modules and writers -----------------------------------------------------

    def ensure_modules(self, module_index):
        modules = {module.number: module for module in ModulePage.objects.all()}
        taken_slugs = set(module_index.get_children().values_list("slug", flat=True))
        created = 0
        for data in demo.MODULES:
            if data["number"] in modules:
                continue
            slug = data["slug"] if data["slug"] not in taken_slugs else f"module-{data['number']}-{data['slug']}"
            module = ModulePage(
                title=data["title"],
                slug=slug,
                number=data["number"],
                summary=data["summary"],
                body=self.stream(data["body"], modules),
                live=False,
            )
            module_index.add_child(instance=module)
            module.save_revision().publish()
            if data.get("members_only"):
                PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)
            modules[module.number] = module
            taken_slugs.add(slug)
            created += 1
        return modules, created

    def ensure_writers(self):
        writers = {
            writer.slug: writer
            for writer in StaffWriter.objects.filter(slug__in=[w["slug"] for w in demo.WRITERS_DATA])
        }
        created = 0
        for data in demo.WRITERS_DATA:
            if data["slug"] not in writers:
                writers[data["slug"]] = StaffWriter.objects.create(**data)
                created += 1
        return writers, created

    # Letters and replies -----------------------------------------------------

    def ensure_posts(self, blog, modules, writers):
        existing = dict(Page.objects.child_of(blog).values_list("slug", "pk"))
        created = 0
        for data in demo.POSTS:
            if data["slug"] in existing:
                continue
            date = self.today - datetime.timedelta(days=data["days_ago"])
            published_at = timezone.make_aware(datetime.datetime.combine(date, PUBLISH_TIME))
            page = LetterReplyPage(
                title=data["title"],
                slug=data["slug"],
                standfirst=data["standfirst"],
                pen_name=data["pen_name"],
                letter=paragraphs(data["letter"]),
                reply=self.stream(data["reply"], modules),
                writer=writers[data["writer"]],
                date=date,
                first_published_at=published_at,
                live=False,
            )
            page.tags.add(*data["tags"])
            page.related_pins = [
                RelatedPostPin(post_id=existing[slug]) for slug in data.get("pins", []) if slug in existing
            ]
            blog.add_child(instance=page)
            # publish() runs clean(), which fills referenced_modules from the text.
            revision = page.save_revision()
            # Fictional letters and replies: they go live without the review a real reply needs.
            record_demo_check(revision)
            revision.publish()
            # Make the history look as if it was published on its date.
            Revision.objects.filter(pk=revision.pk).update(created_at=published_at)
            LetterReplyPage.objects.filter(pk=page.pk).update(
                last_published_at=published_at, latest_revision_created_at=published_at
            )
            existing[page.slug] = page.pk
            created += 1
        return created

    def stream(self, blocks, modules):
        """Turn demo_content's (type, text) pairs into StreamField values."""
        stream = []
        for block_type, value in blocks:
            if block_type == "paragraph":
                stream.append(("paragraph", RichText(paragraphs([value]))))
            elif block_type == "list":
                items = "".join(f"<li>{escape(item, quote=False)}</li>" for item in value)
                stream.append(("paragraph", RichText(f"<ul>{items}</ul>")))
            elif block_type == "module_callout":
                stream.append(("module_callout", {"module": modules[value["module"]], "note": value["note"]}))
            else:
                stream.append((block_type, value))
        return stream

    # Users -------------------------------------------------------------------

    def ensure_users(self):
        User = get_user_model()
        rows = []
        for data in demo.DEMO_USERS:
            user = User.objects.filter(username=data["username"]).first()
            created = user is None
            if created:
                superuser = data.get("superuser", False)
                user = User(
                    username=data["username"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                user.set_password(data["password"])
                user.save()
            if data["group"]:
                user.groups.add(Group.objects.get(name=data["group"]))
            if data.get("staff_writer"):
                StaffWriter.objects.filter(slug=data["staff_writer"], user__isnull=True).update(user=user)
            rows.append((data, created))
        return rows

    # Output ------------------------------------------------------------------

    def say(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def report(self, seconds, modules, writers, posts, users):
        if self.verbosity < 1:
            return
        members_only = next((m["number"] for m in demo.MODULES if m.get("members_only")), None)
        lines = [
            self.style.SUCCESS(f"Demo content ready ({seconds:.1f} s)."),
            f"  Curriculum modules: {modules[0]} ({modules[1]} new; Module {members_only} is members-only)",
            f"  Staff writers:      {writers[0]} ({writers[1]} new)",
            f"  Letters & replies:  {posts[0]} live ({posts[1]} new)",
            f"  Demo users:         {len(users)} ({sum(created for _, created in users)} new)",
            "",
            f"Sign in at {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/ "
            "(any demo login also opens members-only modules):",
        ]
        header = ("username", "password", "role", "can")
        table = [
            (
                data["username"],
                data["password"] if created else f"{data['password']}*",
                data["group"] or "superuser",
                data["can"],
            )
            for data, created in users
        ]
        widths = [max(len(row[i]) for row in [header, *table]) for i in range(3)]
        for row in [header, *table]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  " + "  ".join([*cells, row[3]]))
        if not all(created for _, created in users):
            lines.append("  * the account already existed; its password was left unchanged.")
        self.stdout.write("\n".join(lines))
