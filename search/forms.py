from django import forms

from .terms import tidy_query

MAX_FILTER_LENGTH = 100


class SearchForm(forms.Form):
    """The search box and its two filters; a filter value that names nothing is dropped with a message."""

    query = forms.CharField(required=False, label="Search letters, replies and modules")
    tag = forms.ChoiceField(
        required=False,
        label="Topic",
        error_messages={
            "invalid_choice": "There is no topic \u201c%(value)s\u201d, so results from every topic are shown."
        },
    )
    module = forms.TypedChoiceField(
        required=False,
        label="Module",
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": "There is no module \u201c%(value)s\u201d, so results for every module are shown."
        },
    )

    def __init__(self, data, *, topics, modules):
        data = data.copy()
        # Tidied before validation: a long or odd query is shortened and searched, never refused.
        data["query"] = tidy_query(data.get("query", ""))
        for name in ("tag", "module"):
            if name in data:
                # Echoed in the message when it names nothing; it need not be long to be wrong.
                data[name] = data[name][:MAX_FILTER_LENGTH]
        super().__init__(data)
        self.fields["tag"].choices = [("", "All topics")] + [
            (topic["slug"], f"{topic['name']} ({topic['uses']})") for topic in topics
        ]
        self.fields["module"].choices = [("", "All modules")] + [
            (str(module.number), f"Module {module.number}: {module.title}") for module in modules
        ]
        self.topic_names = {topic["slug"]: topic["name"] for topic in topics}
        self.modules_by_number = {module.number: module for module in modules}

    def filters(self):
        """The valid filters as (tag slug or None, module or None); call after is_valid()."""
        data = getattr(self, "cleaned_data", {})
        tag = data.get("tag") or None
        number = data.get("module")
        return tag, self.modules_by_number.get(number)

    def filter_errors(self):
        return [error for name in ("tag", "module") for error in self.errors.get(name, [])]
