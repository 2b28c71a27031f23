from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blog/blocks/heading.html"
        form_classname = "title"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/pull_quote.html"


class ModuleCalloutBlock(blocks.StructBlock):
    """An explicit pointer to a curriculum module, shown as a highlighted box."""

    module = blocks.PageChooserBlock(page_type="blog.ModulePage")
    note = blocks.TextBlock(
        required=False, help_text="Why this module helps here (optional; the summary is shown otherwise)."
    )

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/module_callout.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alt text and an optional caption (a WordPress [caption], or one added here)."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "blog/blocks/captioned_image.html"


# Document links too: an imported post links to its files (wpimport), and writers may do the same.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class ReplyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="blog/blocks/paragraph.html")
    pull_quote = PullQuoteBlock()
    module_callout = ModuleCalloutBlock()
    image = CaptionedImageBlock()


class ContentBodyBlock(blocks.StreamBlock):
    """A plain content page's body (pages imported from WordPress)."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="blog/blocks/paragraph.html")
    image = CaptionedImageBlock()


class ModuleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="blog/blocks/paragraph.html"
    )
    pull_quote = PullQuoteBlock()
