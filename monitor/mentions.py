"""Whether a known vendor named in a sentence is named as one that handles something of the reader's.

The catalogue knows brands people meet every day. "Follow us on Instagram", "find our shops on
Google Maps" and "our app is on the App Store" name them in passing; "videos embedded from YouTube",
"payments by Stripe" and "we share your e-mail address with Mailchimp" name a recipient. Only a
sentence that speaks of data, processing, sharing or cookies (its own words, the vendor's name
aside) makes a catalogue name a recipient.
"""

from __future__ import annotations

from policywatch.monitor.lang import language, text_cached

SIGNALS = ("processing_words", "sharing_words", "cookie_words", "data_categories", "purposes", "recipient_categories")
NEAR = 24  # characters between a cue and the name it introduces ("we use the ... of")
PROSE_WORDS = 5  # fewer make a name line ("Intercom, Inc."), not a sentence that mentions a brand


def running_prose(text: str) -> bool:
    """Whether ``text`` is a sentence of running prose: not a name or address line, nor a table row,
    where a vendor's name is listed, not mentioned."""
    return "\n" not in text and " | " not in text and len(text.split()) >= PROSE_WORDS


def speaks_of_data(text: str, lang_code: str | None) -> bool:
    """Whether ``text`` speaks of data, processing, sharing, cookies, a data category, a purpose or a
    recipient category in its own words."""
    lang = language(lang_code)
    return any(lang.phrases(key).first_in(text) is not None for key in SIGNALS)


@text_cached(maxsize=8192)
def about_processing(sentence: str, lang_code: str | None, names: tuple[tuple[int, int], ...]) -> bool:
    """Whether ``sentence``, without the vendor names at ``names`` (character spans), speaks of
    handling the reader's data, or introduces one of them as a provider ("we use X", "X hosts")."""
    lang = language(lang_code)
    if lang_code is None or not lang.words("processing_words"):
        return True  # a language without its words: nothing tells a mention from a recipient
    text = sentence
    for start, end in names:
        text = text[:start] + " " * (end - start) + text[end:]
    if speaks_of_data(text, lang_code):
        return True
    tokens = lang.tokens(text)
    articles = lang.words("articles") | lang.stopwords
    for m in lang.phrases("instrument_words").find(tokens):
        end = tokens.span(m.start, m.end)[1]
        for start, _ in names:
            between = text[end:start].split()
            if 0 <= start - end and (not between or len(between) == 1 and between[0].lower() in articles):
                return True  # "handled through Intercom", "videos from the YouTube channel"
    for m in lang.phrases("processor_cues_before").find(tokens):
        end = tokens.span(m.start, m.end)[1]
        if any(0 <= start - end <= NEAR for start, _ in names):
            return True
    for m in lang.phrases("processor_cues_after").find(tokens):
        start = tokens.span(m.start, m.end)[0]
        if any(0 <= start - end <= NEAR for _, end in names):
            return True
    return False
