"""The comment section under a post, drawn by the discussion app into the blog's post template.

The blog knows nothing of comments: its template asks for `{% comment_section page %}`,
and this tag renders the approved comments (one query) and the form in the page's own
context, so the page cache's CSRF placeholder and a re-shown form reach them unchanged.
"""

from django import template

from ..views.comments import comment_section as section_context

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context, page):
    # What the view already put in the context wins: a form re-shown with the reader's text, a notice.
    values = {key: value for key, value in section_context(page, context["request"]).items() if key not in context}
    with context.push(values):
        return context.template.engine.get_template("discussion/comments/section.html").render(context)
