"""Each fact extractor on its own: the forms it must read, in four languages, and the traps it must not fall in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policywatch.monitor.catalogue import catalogue, normalise_name
from policywatch.monitor.compare import build_policy, summary
from policywatch.monitor.documents import policy_from_text
from policywatch.monitor.facts.contacts import emails, extract_contacts
from policywatch.monitor.facts.dates import read_own_date
from policywatch.monitor.facts.processors import extract_processors, processor_level
from policywatch.monitor.facts.retention import extract_retention
from policywatch.monitor.facts.transfers import extract_transfers
from policywatch.monitor.lang import detect_language
from policywatch.monitor.plaintext import to_markdown
from policywatch.monitor.structure import parse_sections

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def own_date(text: str) -> str | None:
    """The own date of a plain-text policy, as ISO text."""
    found = read_own_date(build_policy(to_markdown(text)))
    return found.iso if found else None


def plain_sections(text: str):
    """Sections of a plain-text policy, read as a fetched text/plain page is (through Markdown)."""
    return parse_sections(to_markdown(text))


# -- last-updated date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Last updated: May 20th, 2026", "en", date(2026, 5, 20)),
        ("Last Update: July 4, 2025", "en", date(2025, 7, 4)),
        ("Effective:April 8, 2026", "en", date(2026, 4, 8)),
        ("Effective date: Jul 10, 2024", "en", date(2024, 7, 10)),
        ("Updated on: 07/21/2022", "en", date(2022, 7, 21)),  # month/day, US order
        ("This Privacy Policy applies from August 25, 2024.", "en", date(2024, 8, 25)),
        ("This privacy statement was last revised and amended on October 19, 2023.", "en", date(2023, 10, 19)),
        ("Laatste update op 28 januari 2022", "nl", date(2022, 1, 28)),
        ("Laatst bijgewerkt op 3 maart 2026", "nl", date(2026, 3, 3)),
        ("Dernière mise à jour : le 01/10/2024", "fr", date(2024, 10, 1)),  # day/month
        ("Politique à jour du 10/12/2021", "fr", date(2021, 12, 10)),
        ("En vigueur au 13 décembre 2024", "fr", date(2024, 12, 13)),
        ("Date de dernière mise à jour 1er janvier 2025.", "fr", date(2025, 1, 1)),
        ("Zuletzt aktualisiert am 24. März 2025", "de", date(2025, 3, 24)),
        ("Gültig ab 13. November 2023", "de", date(2023, 11, 13)),
        ("Stand: 01.02.2024", "de", date(2024, 2, 1)),  # day first
    ],
)
def test_dates_in_four_languages(text, language, expected):
    assert own_date(f"Privacy policy\n\n{text}\n\nWe process data.") == expected.isoformat()


@pytest.mark.parametrize(
    "text",
    [
        "UK adequacy decision, valid until 27 December 2031",
        "General Data Protection Regulation (Regulation EU 2016/679)",
        "© 2025 Example Ltd. All rights reserved.",
        "We will notify you by updating the “Last Updated” date at the top of this policy.",
        "We keep invoices for 7 years and respond within 30 days.",
    ],
)
def test_date_distractors_are_not_read(text):
    assert own_date(f"Privacy notice\n\n{text}\n") is None


def test_anchor_without_date_does_not_stop_the_search():
    text = "We update the “Last Updated” date when we change this policy.\n\nLast updated: 2 March 2026"
    assert own_date(text) == "2026-03-02"


# -- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We process your personal data for the purposes and on the legal basis set out in this policy.", "en"),
        (
            "Wij verwerken uw persoonsgegevens voor de doeleinden die in dit beleid zijn beschreven en met uw toestemming.",
            "nl",
        ),
        (
            "Nous traitons vos données personnelles pour les finalités décrites dans la présente politique et avec votre accord.",
            "fr",
        ),
        (
            "Wir verarbeiten Ihre personenbezogenen Daten für die in dieser Erklärung beschriebenen Zwecke und mit Ihrer Einwilligung.",
            "de",
        ),
    ],
)
def test_language(text, expected):
    assert detect_language(text * 2) == expected


# -- processors --------------------------------------------------------------------------------


def keys(text: str) -> dict[str, bool]:
    return {p.key: p.listed for p in extract_processors(parse_sections(text))}


def test_processor_names_survive_case_and_legal_form_changes():
    a = keys(
        "## Sub-processors\n\n| Provider | Purpose |\n|---|---|\n| ChartMogul Inc. | Analytics |\n| Acme Widgets Ltd | Printing |\n"
    )
    b = keys(
        "## Sub-processors\n\n| Provider | Purpose |\n|---|---|\n| Chartmogul | Analytics |\n| ACME Widgets, Inc. | Printing |\n"
    )
    assert set(a) == set(b) and len(a) == 2
    assert normalise_name("Acme Widgets B.V. (Netherlands)") == normalise_name("ACME WIDGETS") == "acme widgets"


def test_processors_from_list_items_in_a_recipient_section():
    text = (
        "## Who we share your data with\n\n- HubSpot, Inc. (United States), our marketing platform.\n"
        "- Lovable (frontend hosting), which runs the website.\n- Law enforcement authorities when required.\n"
    )
    found = {p.name: p.listed for p in extract_processors(parse_sections(text))}
    assert found == {"HubSpot, Inc.": True, "Lovable": True}


def test_processor_key_value_table_and_label_lines():
    text = (
        "## Processors\n\n| | |\n|---|---|\n| Type | Infrastructure |\n| Processor | Amazon Web Services |\n\n"
        "Envoi des e-mails : Postmark\n\nPrestataire : Effinity\n\nPlateforme : Web\n"
    )
    names = {p.name for p in extract_processors(parse_sections(text))}
    assert names == {"Amazon Web Services", "Postmark", "Effinity"}


def test_processors_from_a_flattened_table():
    cells = [
        "Service",
        "Entity",
        "Purpose",
        "Website",
        "Support",
        "Intercom, Inc.",
        "Customer messaging",
        "https://www.intercom.com",
        "Analytics",
        "Quarkly GmbH",
        "Website analytics",
        "https://quarkly.example",
    ]
    text = "Sub processors\n\n" + "\n\n".join(cells) + "\n"
    listed = {p.name for p in extract_processors(plain_sections(text)) if p.listed}
    assert listed == {"Intercom, Inc.", "Quarkly GmbH"}


def test_processors_named_in_prose_in_dutch():
    text = "Derde partijen\n\nWe gebruiken betaaldiensten als Mollie en Stripe om betalingen veilig te verwerken voor onze klanten.\n"
    found = {p.key for p in extract_processors(plain_sections(text), None, "nl")}
    assert found == {"cat:mollie", "cat:stripe"}


def test_common_words_are_not_processors():
    text = "Your rights\n\nYou can adjust your settings, box in your answers, slack off, or segment the list at any time you like.\n"
    assert extract_processors(plain_sections(text)) == []


def test_social_network_mentioned_in_passing_is_minor():
    [twitter] = extract_processors(
        plain_sections(
            "Profiles\n\nYou may add names on social media like Twitter to your public profile page if you want.\n"
        )
    )
    assert processor_level(twitter) == "minor"
    [stripe] = extract_processors(
        plain_sections("Payments\n\nPayments are processed by Stripe on our behalf for all orders.\n")
    )
    assert processor_level(stripe) == "material"


def test_catalogue_prefers_the_specific_product():
    assert catalogue().lookup("Google Ireland Ltd (Google Analytics)").name == "Google Analytics"
    assert catalogue().lookup("Google (GA4)").name == "Google Analytics"
    assert catalogue().lookup("Twitter (X)").name == "Twitter"
    assert catalogue().lookup("SendGrid (Twilio Inc.)").name == "SendGrid"  # the company is the one with a legal form
    assert catalogue().lookup("Twilio Inc.").name == "Twilio"


# -- retention ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, lang, period",
    [
        ("We delete the record within three years of the last contact.", "en", "3 years"),
        ("We moeten factuurgegevens 7 jaar bewaren.", "nl", "7 years"),
        ("Les données sont conservées pendant 30 jours.", "fr", "30 days"),
        ("Die Daten werden nach 24 Monaten gelöscht.", "de", "24 months"),
        ("Les comptes inactifs sont supprimés après 10 ans sans activité.", "fr", "10 years"),
        ("Conservaremos sus datos durante cinco años.", "es", "5 years"),
        ("I dati sono conservati per dodici mesi.", "it", "12 months"),
    ],
)
def test_retention_periods_in_six_languages(sentence, lang, period):
    [found] = extract_retention(plain_sections(f"Section\n\n{sentence} Ceci.\n"), lang)
    assert found.period == period and "<period>" in found.context


def test_durations_that_are_not_retention_are_ignored():
    text = "Your rights\n\nWe will respond within 30 days. Our company was founded five years ago by two people.\n"
    assert extract_retention(plain_sections(text)) == []


# -- contacts ----------------------------------------------------------------------------------


def test_contacts():
    text = (
        "Who we are\n\nIonect SRL, Rue de Gerlache 37, 1040 Etterbeek, Belgium. Email: privacy@ionect.tech\n\n"
        "Data Protection Officer\n\nName: Marie Tremblay\n\nLIBHEROS a son siège social au 18 rue Germain Pilon 75018 Paris, RCS Paris.\n"
    )
    found = {(c.kind, c.value) for c in extract_contacts(plain_sections(text))}
    assert ("email", "privacy@ionect.tech") in found
    assert ("person", "Marie Tremblay") in found
    addresses = {v for k, v in found if k == "address"}
    assert any("Rue de Gerlache 37" in a and "1040 Etterbeek" in a for a in addresses)
    assert any("18 rue Germain Pilon 75018 Paris" in a for a in addresses)


# -- transfers ---------------------------------------------------------------------------------


def test_transfers_need_a_transfer_context():
    text = (
        "International transfers\n\nSome providers are located in the United States; transfers rely on "
        "Standard Contractual Clauses and the EU-US Data Privacy Framework.\n\n"
        "About us\n\nOur founders grew up in India and love the country and its people very much indeed.\n"
    )
    statements = extract_transfers(plain_sections(text))
    assert {c for t in statements for c in t.countries} == {"United States"}
    assert {m for t in statements for m in t.mechanisms} == {"Standard Contractual Clauses", "Data Privacy Framework"}


# -- structure ---------------------------------------------------------------------------------


def test_headings_from_plain_text_shapes():
    text = (
        "Privacy beleid\n\nArtikel 1 – Definities\n\nPersoonsgegevens zijn alle gegevens die betrekking hebben op een persoon.\n\n"
        "01 - Data collection\n\nWe collect the data you give us when you sign up for the service and use it.\n\n"
        "2.1 Cookies\n\nWe use a few cookies to keep you signed in and to remember your language choice.\n\n"
        "Hotjar\n\nHotjar Ltd.\n\nMalta\n"
    )
    sections = plain_sections(text)
    assert [(s.title, s.level) for s in sections] == [
        ("Privacy beleid", 1),
        ("Definities", 2),
        ("Data collection", 2),
        ("Cookies", 3),
    ]
    assert [b.text for b in sections[-1].blocks][-3:] == ["Hotjar", "Hotjar Ltd.", "Malta"]


def test_markdown_links_emphasis_and_escapes_are_cleaned():
    [section] = parse_sections("## 2\\. Mise à jour\n\n**Date** de [mise à jour](https://x.example) 01/01/2025\\.\n")
    assert section.title == "Mise à jour" and section.blocks[0].text == "Date de mise à jour 01/01/2025."


def test_a_heading_glued_to_the_paragraph_before_it_is_a_heading():
    """A converter that wrote a heading right after a sentence ("... safe.&nbsp;### 10. Children")
    leaves its number and title in the paragraph; read as the heading it is, the two versions of the
    page agree. A hash inside a sentence ("C#", "issue #12") is no heading."""
    glued = parse_sections("## 9. Retention\n\nWe keep it safe.\u00a0### **10\\. Children**\n\nNo children.\n")
    apart = parse_sections("## 9. Retention\n\nWe keep it safe.\n\n### **10\\. Children**\n\nNo children.\n")
    assert [(s.title, [b.text for b in s.blocks]) for s in glued] == [
        (s.title, [b.text for b in s.blocks]) for s in apart
    ]
    assert [s.title for s in glued] == ["Retention", "Children"]
    [section] = parse_sections("## Tools\n\nWe write C# and track issue #12. Then ## is no heading.\n")
    assert section.blocks[0].text == "We write C# and track issue #12. Then ## is no heading."


@pytest.mark.parametrize(
    "text",
    [
        "## Contact\n\nWrite to [](mailto:privacy@zentro.example)[privacy@zentro.example](mailto:privacy@zentro.example).\n",
        '<main><h2>Contact</h2><p>Write to <a href="mailto:privacy@zentro.example"><img src="m.svg"></a>'
        '<a href="mailto:privacy@zentro.example">privacy@zentro.example</a>.</p></main>',
    ],
)
def test_a_mail_link_without_text_is_its_address_set_apart(text):
    """An icon's mail link has no words, so it reads as its address, which must not run into the
    link after it ("privacy@x.exampleprivacy@x.example" is no address)."""
    policy = policy_from_text(text, "text/html" if text.startswith("<") else "text/markdown")
    [block] = policy.sections[0].blocks
    assert block.text == "Write to privacy@zentro.example privacy@zentro.example."
    assert set(emails(block.text)) == {"privacy@zentro.example"}


_CHUNKY = """# Privacy

Intro paragraph
that runs on a second line.

- first item
- second item

  continued in a second paragraph

  - nested item
- third item

- a loose item after a blank line

1. ordered one
2. ordered two

> a quote
> over two lines

> a second quote

Setext title
------------

| Name | Country |
|------|---------|
| Acme Ltd | Ireland |

<div>
an html block
</div>

[ref]: https://x.example

    indented code

Closing words with a [link][ref].
"""


def test_markdown_read_in_chunks_reads_as_the_whole_document():
    """Chunks start where nothing open can continue, so reading them one by one (and reusing the
    ones two versions share) gives the blocks a single parse gives."""
    from policywatch.monitor import markdown

    for text in (_CHUNKY * 4, _CHUNKY.replace("<div>", "<!-- a comment\n\n-->\n<div>") * 4):
        markdown.clear_caches()
        assert markdown.read_blocks(text) == markdown._read_with_tables(text)
    markdown.clear_caches()
    markdown.read_blocks(_CHUNKY * 4)
    assert markdown._read_chunk.cache_info().currsize > 4


_LINE_SHAPES = [
    "Plain words here",
    "More *words* and _x_",
    "**Bold line**",
    "  two spaces in",
    "    four spaces in",
    "\tA tab",
    "- item",
    "* item",
    "+ item",
    "-  item",
    "-     five spaces",
    "- # h",
    "- > q",
    "- 1. x",
    "- [r]: /u",
    "-",
    "--",
    "---",
    "***",
    "* * *",
    "- - -",
    "___",
    "1. one",
    "2) two",
    "# h",
    "## h ##",
    "### ###",
    "#tag",
    "# a #b",
    "> quote",
    "<div>",
    "<b>x</b> y",
    "[ref]: /u",
    "[link](u) text",
    "a | b",
    "|c|d|",
    "--|--",
    "===",
    "\\# escaped",
    "trailing spaces  ",
    "backslash\\",
    "&amp; entity",
    "\xa0",
    " ",
    "",
    "",
    "",
    "   - sub",
    "   1. sub",
    "Title:",
]


@pytest.mark.parametrize("seed", range(2))
def test_simple_blocks_read_directly_read_as_markdown_it_reads_them(seed):
    """Paragraphs, heading lines and one-line lists are read without markdown-it; every other
    shape goes to it. Random documents of the shapes that could tell them apart read the same."""
    import random

    from policywatch.monitor import markdown

    rng = random.Random(seed)
    for _ in range(2000):
        text = "\n".join(rng.choice(_LINE_SHAPES) for _ in range(rng.randint(1, 14)))
        assert markdown._read_blocks(text) == markdown._parse_blocks(text), text
    for text in (_CHUNKY, *(p.read_text() for p in sorted(CORPUS.glob("*/*.md"))[:20])):
        assert markdown._read_blocks(text) == markdown._parse_blocks(text)


def test_build_policy_summary():
    policy = build_policy(
        to_markdown(
            "Privacy Policy\n\nLast updated: 2 March 2026\n\n1. Who we are\n\n"
            "We are Example SRL and we process personal data as described in this policy for you.\n"
        )
    )
    assert summary(policy) == {"title": "Privacy Policy", "language": "en", "last_updated": "2026-03-02", "sections": 2}


def test_every_catalogue_name_is_found_in_a_sentence_and_not_inside_a_word():
    cat = catalogue()
    assert len(cat.entities) >= 500
    for entity in cat.entities:
        for written in (entity.name, *entity.aliases, *entity.former):
            assert [e for e, _ in cat.mentions(f"We use {written} for this.")] == [entity], written
            if written.isalnum():
                assert not [e for e, _ in cat.mentions(f"We use x{written}y for this.")], written


def test_common_word_names_and_links_are_not_vendors_in_prose():
    cat = catalogue()
    assert not list(cat.mentions_at("Adjust your browser settings to refuse cookies.", prose=True))
    assert [e.name for e, _, _ in cat.mentions_at("We measure installs with Adjust.", prose=True)] == ["Adjust"]
    assert not list(cat.mentions_at("Follow us on tiktok and see the pop-ups.", prose=True))
    assert not list(cat.mentions_at("Cookies set on google.com expire after a year.", prose=True))
    assert cat.lookup("hubspot.com").name == "HubSpot"  # a domain in a provider column names the vendor


def test_every_transfer_mechanism_of_every_language_is_found():
    from policywatch.monitor.lang import all_languages

    for lang in all_languages():
        for phrases in lang.table("mechanisms").values():
            for phrase in phrases:
                text = f"Transfers\n\n{lang.data['transfer_words'][0]} {phrase}.\n"
                statements = extract_transfers(plain_sections(text), lang.code)
                assert any(t.mechanisms for t in statements), (lang.code, phrase)


def test_a_company_named_inside_a_listed_name_is_one_processor_not_two():
    text = (
        "Who receives your data\n| Provider | Role |\n|---|---|\n"
        "| Google Ireland Ltd (Google Analytics) | Website analytics |\n"
        "| AuthSMTP (United Kingdom) | Email delivery |\n"
    )
    names = [p.name for p in extract_processors(plain_sections(text))]
    assert names == ["Google Ireland Ltd (Google Analytics)", "AuthSMTP (United Kingdom)"]


PASSING = {
    "en": [
        "Follow us on Instagram and Facebook for news.",
        "Our app is available on the Apple App Store and Google Play.",
    ],
    "fr": ["Suivez-nous sur Instagram et Facebook pour ne rien manquer."],
    "de": ["Folgen Sie uns auf Instagram und Facebook, um nichts zu verpassen."],
    "es": ["Síguenos en Instagram y Facebook para no perderte nada."],
}
RECIPIENT = {
    "en": [
        "Videos on our pages are embedded from YouTube, which may set cookies.",
        "We share your email address with Mailchimp to send newsletters.",
    ],
    "fr": ["Nos vidéos sont intégrées depuis YouTube, qui peut déposer des cookies."],
    "de": ["Wir geben Ihre E-Mail-Adresse an Mailchimp weiter, um den Newsletter zu versenden."],
    "es": ["Compartimos su correo electrónico con Mailchimp para enviar el boletín."],
}


@pytest.mark.parametrize("lang, sentence", [(lang, s) for lang, found in PASSING.items() for s in found])
def test_a_brand_named_in_passing_is_no_recipient(lang, sentence):
    """ "Follow us on Instagram": a sentence that speaks of no data names no processor; under a
    title about recipients it would."""
    assert extract_processors(plain_sections(f"Social media\n\n{sentence}\n"), None, lang) == []


@pytest.mark.parametrize("lang, sentence", [(lang, s) for lang, found in RECIPIENT.items() for s in found])
def test_a_brand_named_as_handling_data_is_a_recipient(lang, sentence):
    assert extract_processors(plain_sections(f"Social media\n\n{sentence}\n"), None, lang)


def test_a_vendor_still_named_in_a_reworded_sentence_is_not_added():
    """A vendor's sentence reworded so that it no longer speaks of data (and back) is no change of
    recipients: the vendor is named in both versions."""
    from policywatch.monitor.compare import compare

    def page(sentence: str):
        return build_policy(f"# Privacy\n\n## Partners\n\n{sentence}\n\nWe keep your data safe and never sell it.\n")

    result = compare(
        page("Our shop uses Stripe on the checkout page."), page("Stripe processes payments on the checkout page.")
    )
    assert not [e for e in result.events if e.type.startswith("processor_")], [e.to_json() for e in result.events]


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("en", "Customer support chats are handled through Intercom.", "Intercom"),
        ("en", "Videos on this page are played from the YouTube servers.", "YouTube"),
        ("es", "Los pagos se gestionan mediante Redsys, la pasarela de pago de nuestro banco.", "Redsys"),
        ("nl", "Voor het versturen van onze nieuwsbrief maken wij gebruik van Laposta.", "Laposta"),
    ],
)
def test_a_known_vendor_that_does_the_work_is_a_recipient(lang, sentence, name):
    found = {p.name for p in extract_processors(plain_sections(f"Services\n\n{sentence}\n"), None, lang)}
    assert name in found


def test_a_question_in_plain_text_titles_what_follows_in_any_language():
    """ "¿Quién es el responsable?" opens with its capital after the question mark."""
    text = (
        "Política de privacidad\n\n¿Quién es el responsable del tratamiento?\n\n"
        "Viajes Sol y Mar, S.L., con domicilio en Calle de Alcalá 45, 28014 Madrid, es el responsable.\n\n"
        "¡hola! no es un título\n\nEsta línea corta sigue a un texto que no es un título porque no empieza con mayúscula.\n"
    )
    titles = [s.title for s in plain_sections(text)]
    assert "¿Quién es el responsable del tratamiento?" in titles
    assert "¡hola! no es un título" not in titles
