"""`{% follow_box ... %}`: the "Follow by email" box, for the blog's templates (no query of its own)."""

from django import template

register = template.Library()


@register.inclusion_tag("subscriptions/follow_box.html")
def follow_box(kind, target=None, text="", tags=None):
    """A box following `kind` ("all", "tag", "module", "writer") of `target` (a tag, module page or writer).

    Under a post, `tags` (the post's, already loaded) offer its topics beside every new reply.
    """
    value = "all" if kind == "all" else f"{kind}:{target.pk}"
    if not text and target is not None:
        text = {
            "tag": lambda: f"the topic \u201c{target.name}\u201d",
            "module": lambda: f"Module {target.number}: {target.title}",
            "writer": lambda: f"replies by {target.name}",
        }[kind]()
    choices = None
    if tags:
        choices = [("all", "every new reply")] + [
            (f"tag:{tag.pk}", f"the topic \u201c{tag.name}\u201d") for tag in tags
        ]
    return {
        "follow_value": value,
        "follow_text": text or "every new reply",
        "choices": choices,
        "id_prefix": f"follow-{kind}",
    }
