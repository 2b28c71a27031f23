"""Uploads through the admin, as an editor: image size and pixel caps, no SVG or HTML, documents as attachments."""

import random
import shutil
import tempfile
from io import BytesIO

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from cms.roles import EDITORS

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><title>x</title><script>alert(document.cookie)</script>"


def png(width=8, height=8, noise=False):
    """A small PNG; with noise it barely compresses, so its size is about 3 bytes a pixel."""
    image = PILImage.new("RGB", (width, height), "teal")
    if noise:
        image = PILImage.frombytes("RGB", (width, height), random.Random(1).randbytes(width * height * 3))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class UploadTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.media = tempfile.mkdtemp(prefix="uploads-test-")
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media))
        cls.addClassCleanup(shutil.rmtree, cls.media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("eddie", "eddie@example.org", "a-long-editor-passphrase")
        cls.editor.groups.add(Group.objects.get(name=EDITORS))
        cls.root = Collection.get_first_root_node()

    def setUp(self):
        self.client.force_login(self.editor)

    def upload_image(self, name, content, content_type="image/png"):
        return self.client.post(
            reverse("wagtailimages:add"),
            {"title": name, "collection": self.root.pk, "file": SimpleUploadedFile(name, content, content_type)},
        )

    def upload_document(self, name, content, content_type):
        return self.client.post(
            reverse("wagtaildocs:add"),
            {"title": name, "collection": self.root.pk, "file": SimpleUploadedFile(name, content, content_type)},
        )


class ImageUploadTests(UploadTestCase):
    def test_the_caps_are_ten_megabytes_and_forty_megapixels_and_svg_is_not_an_image_format(self):
        self.assertEqual(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, 10 * 1024 * 1024)
        self.assertEqual(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS, 40_000_000)
        self.assertNotIn("svg", settings.WAGTAILIMAGES_EXTENSIONS)

    def test_a_small_png_is_accepted(self):
        response = self.upload_image("teal.png", png())
        self.assertRedirects(response, reverse("wagtailimages:index"), fetch_redirect_response=False)
        self.assertEqual(Image.objects.get().title, "teal.png")

    @override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2_000)
    def test_an_oversized_image_is_refused_with_a_message(self):
        content = png(64, 64, noise=True)
        self.assertGreater(len(content), 2_000)
        response = self.upload_image("big.png", content)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This file is too big")
        self.assertFalse(Image.objects.exists())

    @override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=1_000)
    def test_an_image_with_too_many_pixels_is_refused_with_a_message(self):
        content = png(40, 40)  # 1,600 pixels in a few hundred bytes
        self.assertLess(len(content), 2_000)
        response = self.upload_image("wide.png", content)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This file has too many pixels")
        self.assertFalse(Image.objects.exists())

    def test_an_svg_is_refused(self):
        response = self.upload_image("logo.svg", SVG, "image/svg+xml")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not a supported image format")
        self.assertFalse(Image.objects.exists())

    def test_the_multiple_uploader_refuses_an_svg_too(self):
        response = self.client.post(
            reverse("wagtailimages:add_multiple"),
            {"files[]": SimpleUploadedFile("logo.svg", SVG, "image/svg+xml"), "collection": self.root.pk},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["success"])
        self.assertIn("Not a supported image format", response.json()["error_message"])
        self.assertFalse(Image.objects.exists())


class DocumentUploadTests(UploadTestCase):
    def test_no_document_format_a_browser_would_run_as_a_page(self):
        for extension in ("html", "htm", "svg", "xml", "xhtml", "js"):
            self.assertNotIn(extension, settings.WAGTAILDOCS_EXTENSIONS)

    def test_html_and_svg_documents_are_refused(self):
        for name, content, content_type in (("page.html", HTML, "text/html"), ("logo.svg", SVG, "image/svg+xml")):
            with self.subTest(name=name):
                response = self.upload_document(name, content, content_type)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "is not allowed")
                self.assertFalse(Document.objects.exists())

    def test_a_pdf_is_accepted(self):
        response = self.upload_document("guide.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        self.assertRedirects(response, reverse("wagtaildocs:index"), fetch_redirect_response=False)
        self.assertEqual(Document.objects.get().title, "guide.pdf")


class DocumentServingTests(UploadTestCase):
    def serve(self, name, content):
        document = Document.objects.create(title=name, file=ContentFile(content, name=name), collection=self.root)
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        # Reading it all closes the file (the test client closes a streamed response at its end).
        self.assertEqual(b"".join(response.streaming_content), content)
        return document, response

    def test_a_pdf_is_served_as_an_attachment_through_the_serve_view(self):
        document, response = self.serve("guide.pdf", b"%PDF-1.4\n%%EOF\n")
        self.assertTrue(document.url.startswith("/documents/"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"), response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        # Wagtail's own policy for served files; the site's page policy does not replace it.
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'")

    def test_a_text_file_is_an_attachment_too(self):
        _, response = self.serve("notes.txt", b"<script>alert(1)</script>")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
