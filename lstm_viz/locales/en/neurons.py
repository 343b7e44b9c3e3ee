"""Texts of the neurons groundwork (issue 16): the checks of a user's own text."""

TEXTS = {
    "neurons.no_stdlib": "This Python's standard library sources are not on this machine; paste or upload a text instead.",
    "neurons.text_empty": "The text is empty.",
    "neurons.text_too_big": "The text is larger than {limit} MB; it was not read. Cut it and try again.",
    "neurons.text_binary": "This looks like a binary file, not text. Upload a plain UTF-8 text file.",
    "neurons.text_not_utf8": "This is not UTF-8 text (the first bad byte is at position {position}). Save it as UTF-8 and try again.",
    "neurons.text_too_short": "The text has {length} characters; one training sequence needs {needed}.",
    "neurons.text_one_character": "The text has only one distinct character: there is nothing to predict.",
}
