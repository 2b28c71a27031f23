"""Module cross-references on a saved reply: stored, linked, boxed, listed on the module."""

from bs4 import BeautifulSoup
from django.test import TestCase
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, LetterReplyPage
from tests.factories import LetterReplyPageFactory, ModulePageFactory, StaffWriterFactory, privacy_checked, reply_stream

CRAFT = {3: "Knowing the patterns", 4: "Positive communication", 5: "Rewarding non-use", 6: "Stepping back"}


class ModuleReferenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.modules = {n: ModulePageFactory(number=n, title=title) for n, title in CRAFT.items()}
        cls.reply = LetterReplyPageFactory(
            letter="<p>We read Module 3 already.</p>",
            reply=reply_stream(
                "<p>Practise the skills in (Module 4) every day.</p>",
                "<p>Modules 5 and 6 go together: reward non-use, step back from use.</p>",
                "<p>Module 5 is a good place to start.</p>",
            ),
        )

    def soup(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content, "html.parser")

    def test_saving_stores_every_referenced_module(self):
        self.assertEqual(
            sorted(m.number for m in self.reply.referenced_modules.all()),
            [3, 4, 5, 6],
        )

    def test_each_mention_links_to_its_module(self):
        soup = self.soup(self.reply)
        links = soup.select("main a.module-link")
        hrefs = [a["href"] for a in links]
        for number in (3, 4, 5, 6):
            self.assertIn(self.modules[number].url, hrefs, f"Module {number} is not linked")
        texts = [a.get_text() for a in links]
        self.assertIn("Module 3", texts)  # in the letter
        self.assertIn("Module 4", texts)
        self.assertIn("5", texts)  # "Modules 5 and 6": each number is a link
        self.assertIn("6", texts)

    def test_the_modules_box_lists_all_four_in_order(self):
        soup = self.soup(self.reply)
        heading = soup.find(string=lambda s: s and "Modules referenced in this reply" in s)
        self.assertIsNotNone(heading)
        box = heading.find_parent(["section", "aside", "nav"])
        box_text = " ".join(box.get_text(" ").split())
        positions = [box_text.index(f"Module {n}") for n in (3, 4, 5, 6)]
        self.assertEqual(positions, sorted(positions))
        for title in CRAFT.values():
            self.assertIn(title, box_text)

    def test_a_module_page_lists_the_reply_only_once_it_is_live(self):
        module = self.modules[4]
        draft = LetterReplyPageFactory(live=False, title="Still a draft", reply=reply_stream("<p>See Module 4.</p>"))
        self.assertIn(module, draft.referenced_modules.all())
        html = self.client.get(module.url).content.decode()
        self.assertIn("Discussions that draw on this module", html)
        self.assertIn(self.reply.title, html)
        self.assertNotIn("Still a draft", html)

        privacy_checked(draft.save_revision()).publish()
        html = self.client.get(module.url).content.decode()
        self.assertIn("Still a draft", html)

        LetterReplyPage.objects.get(pk=draft.pk).unpublish()
        self.assertNotIn("Still a draft", self.client.get(module.url).content.decode())

    def test_unknown_and_unpublished_modules_never_give_a_broken_link(self):
        hidden = ModulePageFactory(number=7, title="Taking care of yourself", live=False)
        page = LetterReplyPageFactory(reply=reply_stream("<p>See Module 12 and Module 7.</p>"))
        soup = self.soup(page)
        self.assertEqual(soup.select("main a.module-link"), [])
        self.assertIn("Module 12", soup.get_text())
        self.assertNotIn(hidden.url, str(soup))

    def test_a_members_only_module_stays_linked_and_asks_for_login(self):
        module = self.modules[6]
        PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.LOGIN)
        soup = self.soup(self.reply)
        self.assertIn(module.url, [a["href"] for a in soup.select("main a.module-link")])
        response = self.client.get(module.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/account/login/", response["Location"])

    def test_callout_block_counts_as_a_reference(self):
        page = LetterReplyPageFactory(
            reply=[("module_callout", {"module": self.modules[3], "note": "Start with the patterns."})]
        )
        self.assertEqual([m.number for m in page.referenced_modules.all()], [3])
        self.assertIn("Start with the patterns.", self.client.get(page.url).content.decode())

    def test_references_follow_revisions(self):
        page = LetterReplyPageFactory(reply=reply_stream("<p>Module 3.</p>"))
        page.reply = reply_stream("<p>Module 4 instead.</p>")
        revision = page.save_revision()
        # The live page still cites Module 3 until the new revision is published.
        live = LetterReplyPage.objects.get(pk=page.pk)
        self.assertEqual([m.number for m in live.referenced_modules.all()], [3])
        self.assertEqual([m.number for m in revision.as_object().referenced_modules.all()], [4])
        privacy_checked(revision).publish()
        live = LetterReplyPage.objects.get(pk=page.pk)
        self.assertEqual([m.number for m in live.referenced_modules.all()], [4])


class EditorWarningTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        ModulePageFactory(number=3, title="Knowing the patterns")
        cls.writer = StaffWriterFactory()

    def test_an_unknown_module_number_warns_but_the_draft_is_saved(self):
        self.client.force_login(self.create_test_user())
        blog = BlogIndexPage.objects.get()
        data = nested_form_data(
            {
                "title": "A reply citing a missing module",
                "slug": "missing-module",
                "standfirst": "s",
                "pen_name": "Penny",
                "letter": rich_text("<p>Hello</p>"),
                "reply": streamfield([("paragraph", rich_text("<p>See Module 3 and Modules 11 and 12.</p>"))]),
                "writer": str(self.writer.pk),
                "date": "2026-02-02",
                "tags": "",
                "related_pins": inline_formset([]),
            }
        )
        response = self.client.post(f"/admin/pages/add/blog/letterreplypage/{blog.pk}/", data, follow=True)
        self.assertEqual(response.status_code, 200)
        page = LetterReplyPage.objects.get(slug="missing-module")
        self.assertFalse(page.live)
        messages = [str(m) for m in response.context["messages"]]
        self.assertTrue(any("Modules 11, 12" in m and "no such module" in m for m in messages), messages)
        self.assertEqual([m.number for m in page.referenced_modules.all()], [3])

    def test_no_warning_when_every_module_exists(self):
        page = LetterReplyPageFactory(reply=reply_stream("<p>Module 3</p>"))
        self.assertEqual(page.unknown_module_numbers(), [])
