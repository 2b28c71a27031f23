from wagtail import blocks


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


class ReplyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="blog/blocks/paragraph.html"
    )
    pull_quote = PullQuoteBlock()
    module_callout = ModuleCalloutBlock()


class ModuleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="blog/blocks/paragraph.html"
    )
    pull_quote = PullQuoteBlock()
