"""Who, what and how long: contacts by role, processors and retention that hold on pages never seen,
in EN/FR/DE/NL (ES/IT where the language files cover them), each with look-alikes that must not fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text

INTRO = {
    "en": "We process personal data to provide the service you asked for and to answer your questions.",
    "fr": "Nous traitons des données personnelles pour fournir le service demandé et répondre à vos questions.",
    "de": "Wir verarbeiten personenbezogene Daten, um den gewünschten Dienst zu erbringen und Fragen zu beantworten.",
    "nl": "Wij verwerken persoonsgegevens om de gevraagde dienst te leveren en uw vragen te beantwoorden.",
    "es": "Tratamos datos personales para prestar el servicio solicitado y responder a sus preguntas.",
    "it": "Trattiamo dati personali per fornire il servizio richiesto e rispondere alle vostre domande.",
    "pt": "Tratamos dados pessoais para prestar o serviço pedido e responder às suas perguntas.",
    "sv": "Vi behandlar personuppgifter för att leverera den tjänst du bett om och för att svara på dina frågor.",
    "pl": "Przetwarzamy dane osobowe, aby świadczyć zamówioną usługę i odpowiadać na Twoje pytania.",
    "nb": "Vi er ansvarlige for behandlingen av personopplysningene dine og bruker dem til å levere tjenestene du har bestilt, og til å svare på spørsmålene dine til oss.",
    "da": "Vi er ansvarlige for behandlingen af dine personoplysninger og bruger dem til at levere de ydelser, du har bestilt, og til at besvare dine spørgsmål til os.",
}


def page(lang: str, *sections: tuple[str, str]) -> str:
    body = "\n\n".join(f"{title}\n\n{text}" for title, text in sections)
    return f"Privacy policy\n\n{INTRO[lang]} {INTRO[lang]}\n\n{body}\n"


def events(lang: str, old: list[tuple[str, str]], new: list[tuple[str, str]], kind: str | None = None) -> list[dict]:
    result = compare(policy_from_text(page(lang, *old)), policy_from_text(page(lang, *new))).to_json()
    return [e for e in result["events"] if kind is None or e["type"] == kind]


def events_of_a_sentence_added(lang: str, sentence: str) -> list[dict]:
    """The events of one sentence added to a section about data: the shape of most recipient cases."""
    return events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {sentence}")])


# -- contacts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, sentence, new_name",
    [
        ("en", "You can reach our data protection officer, Dr. Jane Smith, at dpo@example.com.", "Dr. Mark Jones"),
        (
            "fr",
            "Vous pouvez joindre notre délégué à la protection des données, Marie Dupont, à dpo@example.fr.",
            "Paul Martin",
        ),
        ("de", "Unser Datenschutzbeauftragter ist Hans Müller, erreichbar unter dsb@example.de.", "Karl Weber"),
        (
            "nl",
            "Onze functionaris voor gegevensbescherming is Anna de Vries, bereikbaar via fg@example.nl.",
            "Piet Jansen",
        ),
        (
            "it",
            "Il Responsabile della protezione dei dati (RPD) è l'Avv. Marco Bianchi, contattabile a rpd@example.it.",
            "Dott.ssa Giulia Verdi",
        ),
        ("es", "El Delegado de Protección de Datos es D. Juan García López (dpd@example.es).", "Dña. Ana Ruiz"),
        ("de", "Unser Datenschutzbeauftragter ist Herr Dr. Max Mustermann (dsb@example.de).", "Frau Eva Schulz"),
        ("fr", "Notre délégué à la protection des données (DPO) est Mme Claire Dubois.", "M. Luc Bernard"),
    ],
)
def test_a_dpo_named_in_prose_who_changes(lang, sentence, new_name):
    names = ("Dr. Jane Smith", "Marie Dupont", "Hans Müller", "Anna de Vries", "l'Avv. Marco Bianchi")
    names += ("D. Juan García López", "Herr Dr. Max Mustermann", "Mme Claire Dubois")
    old_name = next(n for n in names if n in sentence)
    found = events(
        lang, [("Contact", sentence)], [("Contact", sentence.replace(old_name, new_name))], "contact_changed"
    )
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "person")], found
    assert new_name.split(". ")[-1].split(" ", 1)[-1] in found[0]["new"]


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "en",
            "Who we are",
            "We have appointed Anna Nowak as our data protection officer (dpo@example.com).",
            "We have appointed John Doe as our data protection officer (dpo@example.com).",
        ),
        (
            "de",
            "Verantwortlicher",
            "Wir haben Herrn Max Müller als Datenschutzbeauftragten benannt.",
            "Wir haben Frau Erika Schmidt als Datenschutzbeauftragte benannt.",
        ),
        (
            "fr",
            "Responsable du traitement",
            "Nous avons désigné Marie Dupont comme déléguée à la protection des données.",
            "Nous avons désigné Jean Martin comme délégué à la protection des données.",
        ),
        (
            "pl",
            "Administrator danych",
            "Wyznaczyliśmy Annę Nowak na inspektora ochrony danych (iod@example.pl).",
            "Wyznaczyliśmy Jana Kowalskiego na inspektora ochrony danych (iod@example.pl).",
        ),
    ],
)
def test_a_person_appointed_to_a_role_is_named_before_it(lang, title, old, new):
    """ "We have appointed Jane Smith as our DPO": the person stands before the role. A new one is a
    contact change, and no processor: the appointing verb is a provider cue for a DPO firm."""
    found = events(lang, [(title, old)], [(title, new)])
    assert [(e["type"], e.get("role"), e.get("kind")) for e in found if e["type"] != "section_changed"] == [
        ("contact_changed", "dpo", "person")
    ], found


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "en",
            "Who we are",
            "Our data protection officer is Anna Nowak (dpo@example.com).",
            "We have appointed Anna Nowak as our data protection officer (dpo@example.com).",
        ),
        (
            "pl",
            "Administrator danych",
            "Inspektorem ochrony danych jest Anna Nowak (iod@example.pl).",
            "Wyznaczyliśmy Annę Nowak na inspektora ochrony danych (iod@example.pl).",
        ),
    ],
)
def test_the_same_person_named_before_the_role_or_declined_is_no_change(lang, title, old, new):
    """Polish declines names ("Anna", "Annę"): people are compared by their words' stems."""
    assert [e for e in events(lang, [(title, old)], [(title, new)]) if e["type"] != "section_changed"] == []


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "We have appointed DataRep Ltd as our representative in the European Union."),
        ("en", "We have appointed Privacy Partners as our data protection officer."),
        ("de", "Wir haben die Beispiel Datenschutz GmbH als Datenschutzbeauftragten benannt."),
    ],
)
def test_a_firm_appointed_to_a_role_is_no_person(lang, sentence):
    from policywatch.monitor.facts.contacts import _role_span, people

    assert people(sentence, _role_span(sentence, lang), lang) == []


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "Our data protection officer is available at dpo@example.com. Write to Privacy Team if needed."),
        ("en", "Our data protection officer is The Privacy Company Ltd, 1 High Street, London."),
        ("it", "Il Responsabile della protezione dei dati (RPD) è raggiungibile a rpd@example.it."),
        ("es", "El Delegado de Protección de Datos es Responsable de supervisar el cumplimiento."),
        ("de", "Unser Datenschutzbeauftragter ist Ihr Ansprechpartner für alle Fragen."),
    ],
)
def test_words_after_a_role_that_are_no_person(lang, sentence):
    """What follows a role and looks capitalised is not a person unless it is a first and a last name."""
    from policywatch.monitor.facts.contacts import _role_span, people

    assert people(sentence, _role_span(sentence, lang), lang) == []


@pytest.mark.parametrize(
    "sentence, role",
    [
        (
            "If you have questions, or want to know how to lodge a complaint with the appropriate authority, "
            "please contact us by email at {mail}.",
            "contact",
        ),
        ("You can also lodge a complaint with the supervisory authority at {mail}.", "authority"),
    ],
)
def test_details_after_an_authority_named_as_where_to_complain_are_ours(sentence, role):
    old = [("Questions", sentence.format(mail="privacy@quarkly.example"))]
    new = [("Questions", sentence.format(mail="help@quarkly.example"))]
    found = events("en", old, new, "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [(role, "email")], found


@pytest.mark.parametrize(
    "lang, title, details, sentence",
    [
        (
            "en",
            "Contact us",
            "Write to Quarkly Ltd, 1 Main Street, Dublin 2, Ireland, or privacy@quarkly.example.",
            "We also share your personal data with Pinecone Systems, Inc., which hosts our search index.",
        ),
        (
            "fr",
            "Nous contacter",
            "Écrivez à Quarkly SAS, 12 rue des Lilas, 75011 Paris, ou à privacy@quarkly.example.",
            "Nous partageons également vos données personnelles avec Pinecone Systems, Inc., qui héberge notre index.",
        ),
    ],
)
def test_a_paragraph_giving_data_to_a_company_under_a_contact_title_is_no_contact(lang, title, details, sentence):
    """Under "Contact us", a paragraph of its own that gives data to a company names a recipient,
    not a new contact organisation."""
    found = events(lang, [(title, details)], [(title, f"{details}\n\n{sentence}")])
    assert [e["type"] for e in found if e["type"].startswith("contact")] == [], found
    assert [e["name"] for e in found if e["type"] == "processor_added"] == ["Pinecone Systems Inc"], found


def test_a_company_with_its_country_in_brackets_is_read_whole():
    text = (
        "Privacy policy\n\nContact\n\nAttention: Data Protection Officer/Alibaba Cloud (Singapore) Private Limited, "
        "c/o 26/F, Tower One, Times Square, 1 Matheson Street, Causeway Bay, Hong Kong.\n"
    )
    contacts = policy_from_text(text).facts["contacts"]
    assert sorted(contacts["dpo"].organisations) == ["Alibaba Cloud (Singapore) Private Limited"]


def test_a_companys_possessive_is_no_person():
    text = (
        "Privacy policy\n\nPersonal data breach\n\nThe notice gives the name and contact details of Mistral AI’s "
        "data protection officer, at privacy@mistral.example.\n"
    )
    assert all(not block.people for block in policy_from_text(text).facts["contacts"].values())


@pytest.mark.parametrize(
    "lang, block",
    [
        (
            "en",
            "Our representative in the European Union is Rep Europe Ltd, 5 Main Street, Dublin 2, Ireland. "
            "Email: rep@rep-europe.example",
        ),
        (
            "fr",
            "Notre représentant dans l'Union européenne est Rep Europe SAS, 10 rue de la Paix, 75002 Paris. "
            "E-mail : rep@rep-europe.example",
        ),
        (
            "de",
            "Unser Vertreter in der Europäischen Union ist Rep Europe GmbH, Hauptstraße 12, 10115 Berlin. "
            "E-Mail: rep@rep-europe.example",
        ),
        (
            "nl",
            "Onze vertegenwoordiger in de Europese Unie is Rep Europe B.V., Kerkstraat 12, 1012 AB Amsterdam. "
            "E-mail: rep@rep-europe.example",
        ),
    ],
)
def test_a_representative_added(lang, block):
    found = events(lang, [("Contact", INTRO[lang])], [("Contact", f"{INTRO[lang]}\n\n{block}")], "contact_changed")
    assert found and all(e["role"] == "representative" and e["old"] is None for e in found), found
    assert {"organisation", "email"} <= {e["kind"] for e in found}


def test_a_controllers_legal_entity_renamed():
    old = "The data controller is Example Holdings Ltd, 1 High Street, London EC1A 1BB."
    new = "The data controller is Example Group Limited, 1 High Street, London EC1A 1BB."
    [found] = events("en", [("Who we are", old)], [("Who we are", new)], "contact_changed")
    assert (found["role"], found["kind"]) == ("controller", "organisation") and "Example Group" in found["new"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "Data Protection Officer\n\nExample Ltd\n10 Downing St.\nLondon SW1A 2AA\nUnited Kingdom",
            "Data Protection Officer\n\nExample Ltd\n221B Baker St.\nLondon NW1 6XE\nUnited Kingdom",
        ),  # UK, abbreviated
        (
            "en",
            "Contact us\n\nExample Inc.\n3400 N. Ashton Blvd, Suite 175\nLehi, UT 84043",
            "Contact us\n\nExample Inc.\n3731 W South Jordan Pkwy, Suite 102\nSouth Jordan, UT 84009",
        ),  # US
        (
            "fr",
            "Nous contacter\n\nExemple SAS\n18 bd Haussmann\n75009 Paris",
            "Nous contacter\n\nExemple SAS\n229 av. des Champs-Élysées\n75008 Paris",
        ),  # "bd", "av."
        (
            "de",
            "Kontakt\n\nBeispiel GmbH\nHauptstr. 5\n10115 Berlin",
            "Kontakt\n\nBeispiel GmbH\nLindenallee 7\n80331 München",
        ),
        (
            "nl",
            "Contact\n\nVoorbeeld B.V.\nKerkstraat 12\n1012 AB Amsterdam",
            "Contact\n\nVoorbeeld B.V.\nDamrak 1\n1012 LG Amsterdam",
        ),
        (
            "pt",
            "Contacto\n\nExemplo Lda.\nRua Augusta 100\n1100-053 Lisboa",
            "Contacto\n\nExemplo Lda.\nAvenida da Liberdade 200\n1250-147 Lisboa",
        ),
        (
            "sv",
            "Kontakt\n\nExempel AB\nDrottninggatan 12\n111 51 Stockholm",
            "Kontakt\n\nExempel AB\nStortorget 3\n211 22 Malmö",
        ),  # three digits and two
        (
            "pl",
            "Kontakt\n\nPrzykład Sp. z o.o.\nul. Piotrkowska 10\n90-001 Łódź",
            "Kontakt\n\nPrzykład Sp. z o.o.\nal. Jerozolimskie 20\n00-590 Warszawa",
        ),  # two digits, a hyphen, three; a place that opens with "Ł"
    ],
)
def test_a_multi_line_address_moved(lang, old, new):
    title, old_block = old.split("\n\n", 1)
    _, new_block = new.split("\n\n", 1)
    found = events(lang, [(title, old_block)], [(title, new_block)], "contact_changed")
    assert [e["kind"] for e in found] == ["address"], found


@pytest.mark.parametrize(
    "lang, title",
    [
        ("en", "Contact"),
        ("en", "Questions?"),
        ("en", "12. Contacting us"),
        ("de", "Fragen"),
        ("es", "Preguntas"),
        ("nl", "Vragen"),
        ("it", "Domande"),
    ],
)
def test_a_title_that_alone_names_the_contact(lang, title):
    """English "contact" in a sentence is no role; a section titled just "Contact" holds the contact details."""
    old = f"# Privacy policy\n\n{INTRO[lang]} {INTRO[lang]}\n\n## {title}\n\nWrite to privacy@example.com.\n"
    new = old.replace("privacy@", "dpo@")
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    [found] = [e for e in result["events"] if e["type"] == "contact_changed"]
    assert (found["role"], found["kind"], found["level"]) == ("contact", "email", "material")


@pytest.mark.parametrize(
    "title, old, new",
    [
        (
            "Contact preferences",
            "Write to news@example.com to change them.",
            "Write to mail@example.com to change them.",
        ),
        ("Questions about cookies", "Write to cookies@example.com.", "Write to web@example.com."),
    ],
)
def test_titles_that_only_hold_the_word_contact_are_no_contact_section(title, old, new):
    """The title as a whole names the role, not a word of it."""

    def read(text: str):
        return policy_from_text(f"# Privacy policy\n\n{INTRO['en']}\n\n## {title}\n\n{text}\n", "text/markdown")

    result = compare(read(old), read(new)).to_json()
    assert [e for e in result["events"] if e["type"] == "contact_changed"] == []


@pytest.mark.parametrize(
    "lang, text",
    [
        ("de", "Wir sind seit 20 Jahren am Markt tätig und Sie müssen mindestens 16 Jahre alt sein."),
        ("en", "We have served customers for 12 years on Market Street's high-street shops."),
    ],
)
def test_a_period_before_a_street_word_is_no_address(lang, text):
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == []
    assert address_lines("Am Markt 5, 10115 Berlin") == ["Am Markt 5, 10115 Berlin"]


def test_a_portuguese_postcode_ends_an_address_in_a_sentence():
    """ "1100-053 Lisboa": four digits, a hyphen, three more (Brazil: five and three)."""
    old = "Exemplo Lda., Rua Augusta 100, 1100-053 Lisboa. Contacto: privacidade@exemplo.pt"
    new = "Exemplo Lda., Avenida da Liberdade 200, 1250-147 Lisboa. Contacto: privacidade@exemplo.pt"
    title = "Responsável pelo tratamento"
    [found] = events("pt", [(title, old)], [(title, new)], "contact_changed")
    assert (found["role"], found["kind"], found["level"]) == ("controller", "address", "material")
    assert "1250-147 Lisboa" in found["new"]


@pytest.mark.parametrize(
    "lang, title, old, new, place",
    [
        (
            "pl",
            "Administrator danych",
            "Administratorem danych jest Przykład Sp. z o.o., ul. Marszałkowska 10, 00-590 Warszawa. Kontakt: prywatnosc@przyklad.pl",
            "Administratorem danych jest Przykład Sp. z o.o., ul. Piotrkowska 10, 90-001 Łódź. Kontakt: prywatnosc@przyklad.pl",
            "90-001 Łódź",
        ),
        (
            "sv",
            "Personuppgiftsansvarig",
            "Exempel AB, Drottninggatan 12, 111 51 Stockholm, är personuppgiftsansvarig. Kontakt: integritet@exempel.se",
            "Exempel AB, Stortorget 3, 211 22 Malmö, är personuppgiftsansvarig. Kontakt: integritet@exempel.se",
            "211 22 Malmö",
        ),
    ],
)
def test_polish_and_swedish_postcodes_end_an_address_in_a_sentence(lang, title, old, new, place):
    """ "00-590 Warszawa": two digits, a hyphen, three; "111 51 Stockholm": three digits and two."""
    [found] = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert (found["role"], found["kind"], found["level"]) == ("controller", "address", "material")
    assert place in found["new"]


def test_an_address_written_over_other_lines_is_no_change():
    old = ("Contact us", "Example Ltd, 10 Downing Street, London SW1A 2AA, United Kingdom")
    new = ("Contact us", "Example Ltd\n10 Downing Street\nLondon SW1A 2AA\nUnited Kingdom")
    assert events("en", [old], [new], "contact_changed") == []


def test_a_phone_number_changed():
    old = ("Contact us", "Call our privacy team on +44 20 7946 0018 or write to privacy@example.com.")
    new = ("Contact us", "Call our privacy team on +44 20 7946 0958 or write to privacy@example.com.")
    [found] = events("en", [old], [new], "contact_changed")
    assert (found["kind"], found["old"], found["new"]) == ("phone", "+442079460018", "+442079460958")


@pytest.mark.parametrize(
    "lang, title, old, new, expected",
    [
        ("es", "Contacto", "Teléfono: 954 123 456.", "Teléfono: 955 987 654.", "+34955987654"),
        ("en", "Contact us", "Call us at (415) 555-0132.", "Call us at (415) 555-0199.", "+14155550199"),
        ("it", "Contatti", "Telefono: 02 1234 5678.", "Telefono: 02 8765 4321.", "+390287654321"),
    ],
)
def test_a_national_phone_number_changed(lang, title, old, new, expected):
    """National numbers in the page's own region, with or without a leading 0."""
    [found] = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert (found["kind"], found["new"]) == ("phone", expected), found


@pytest.mark.parametrize(
    "text",
    [
        "Regulation (EU) 2016/679 applies; see Article 6(1)(f) and Directive 2002/58/EC.",
        "Company number 12345678, VAT GB 123 4567 89, order reference 2025-000123-456.",
        "Last updated 2025-01-01 10:00:00.",
    ],
)
def test_numbers_that_are_no_phone(text):
    from policywatch.monitor.facts.contacts import phones

    assert phones(text, "en") == []


@pytest.mark.parametrize("lang, title", [("en", "Contact us"), ("es", "Contacto"), ("it", "Contatti")])
def test_an_obfuscated_email_changed(lang, title):
    old = (title, "privacy(at)example.com")
    new = (title, "dpo [at] example [dot] com")
    [found] = events(lang, [old], [new], "contact_changed")
    assert (found["kind"], found["old"], found["new"]) == ("email", "privacy@example.com", "dpo@example.com")


def test_an_obfuscation_placeholder_is_never_a_change():
    old = ("Contact us", "Write to our DPO at [email protected] with any question.")
    new = ("Contact us", "Write to our DPO at dpo@example.com with any question.")
    assert events("en", [old], [new], "contact_changed") == []


def test_emails_outside_any_role_are_not_contacts():
    old = ("Trademarks", "Our logo may be used with permission.")
    new = ("Trademarks", "Our logo may be used with permission: ask brand@example.com or legal@example.com.")
    assert events("en", [old], [new], "contact_changed") == []


# -- processors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "We use Quarkly Analytics Ltd to measure how our website is used."),
        ("en", "Our newsletter is provided by Brightwave Mailers Inc."),
        ("fr", "Nous utilisons Quarkly Analytics SAS pour mesurer l'audience de notre site."),
        ("de", "Unsere Website wird gehostet von Quarkly Hosting GmbH."),
        ("nl", "Wij maken gebruik van Quarkly Analytics B.V. om het gebruik van de website te meten."),
        ("fr", "Nous faisons appel à la société Quarkly Logistique SARL pour la livraison de vos commandes."),
        ("de", "Für den Versand arbeiten wir mit der Firma Quarkly Versand GmbH zusammen."),
        ("it", "Collaboriamo con Quarkly Spedizioni S.p.A. per la consegna degli ordini."),
        ("es", "Colaboramos con Quarkly Envíos S.L. para la entrega de los pedidos."),
    ],
)
def test_a_processor_in_prose_not_in_the_catalogue(lang, sentence):
    found = events(lang, [("Details", INTRO[lang])], [("Details", f"{INTRO[lang]} {sentence}")], "processor_added")
    assert len(found) == 1 and "Quarkly" in found[0]["name"] or "Brightwave" in found[0]["name"], found


def added_processors(lang: str, sentence: str) -> list[str]:
    """The processors a sentence added to a paragraph names, as the page writes them."""
    found = events(lang, [("Details", INTRO[lang])], [("Details", f"{INTRO[lang]} {sentence}")], "processor_added")
    return [e["name"] for e in found]


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("en", "We use Pixels to track conversions of your data.", "Pixels"),  # alike: hence minor
        ("en", "We use Resend to send transactional emails.", "Resend"),
        ("en", "We use Resend (resend.com) to send transactional emails.", "Resend"),
        ("en", "We use Umami to measure website traffic without cookies.", "Umami"),
        ("en", "Our newsletters are sent through Loops.", "Loops"),
        ("fr", "Nous utilisons Umami pour la mesure d'audience.", "Umami"),
        ("es", "Utilizamos Plunk para enviar correos electrónicos.", "Plunk"),
        ("nl", "Wij gebruiken Plunk om e-mails te versturen.", "Plunk"),
    ],
)
def test_one_capitalised_word_after_a_provider_cue_is_a_company(lang, sentence, name):
    """A brand of one everyday word ("Resend", "Loops") has no legal form or second word to show it
    is a company; written capitalised after a provider cue in a sentence about data, on a page that
    never writes the word in lowercase, it is one. "We use Pixels to track ..." reads the same, so
    it is reported as a minor change, never an alarm."""
    found = events(lang, [("Details", INTRO[lang])], [("Details", f"{INTRO[lang]} {sentence}")])
    assert [(e["type"], e["name"], e["level"]) for e in found if e["type"] == "processor_added"] == [
        ("processor_added", name, "minor")
    ]
    assert all(e["level"] != "material" for e in found), found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "We use Cookies to remember your cookies choices."),  # the page writes the word in lowercase
        ("en", "We rely on Article 6 of the GDPR to process your data."),  # a word before a number
        ("en", "We use Encryption to protect your data."),  # a word of the language file
        ("en", "Your headphones pair via Bluetooth once you are signed in."),  # a one-word cue
        ("en", "The editor can run in partnership with Spotlight."),  # nothing about data
        ("de", "Wir nutzen Cookies, um Ihre Einstellungen zu speichern."),  # German capitalises every noun
        ("en", "We use Quarkly to deliver parcels, and quarkly means fast."),  # lowercase on the page
    ],
)
def test_a_capitalised_word_that_is_no_company_after_a_cue(lang, sentence):
    assert added_processors(lang, sentence) == []


def test_a_company_said_short_is_the_company_the_page_names():
    """ "sent by Zentro" on a page that names Zentro Cloud Ltd elsewhere is that company, said short:
    one processor, not two."""
    text = (
        f"{INTRO['en']} We use Umami Analytics Ltd to measure how our website is used.\n\n"
        "Reports about your data may be provided by Umami in phases."
    )
    processors = policy_from_text(page("en", ("Details", text))).facts["processors"]
    assert [p.name for p in processors] == ["Umami Analytics Ltd"]


# A company named in prose, by its own shape: reported as written, with the dot of its legal form.
PROSE_PROCESSORS = [
    # after an active cue ("we use", "provided by")
    ("nl", "Voor betalingen maken wij gebruik van Mollie B.V., die uw bankgegevens verwerkt.", "Mollie B.V."),
    ("en", "Our newsletter is provided by Brightwave Mailers Inc.", "Brightwave Mailers Inc."),
    ("it", "Collaboriamo con Quarkly Spedizioni S.p.A. per la consegna degli ordini.", "Quarkly Spedizioni S.p.A."),
    ("en", "We use Quarkly Analytics Ltd to measure how our website is used.", "Quarkly Analytics Ltd"),
    # as the agent of a passive ("handled by", "erfolgt über die")
    ("en", "Payments are handled by Quarkpay GmbH.", "Quarkpay GmbH"),
    ("de", "Der Versand unserer Newsletter erfolgt über die Postwerk GmbH.", "Postwerk GmbH"),
    ("es", "Los pagos son gestionados por Pagofacil S.L.", "Pagofacil S.L."),
    ("it", "Le spedizioni sono effettuate tramite Corriere Veloce S.p.A.", "Corriere Veloce S.p.A."),
    ("nl", "De betalingen worden afgehandeld door Betaalhuis B.V.", "Betaalhuis B.V."),
    # after a noun that says what kind of thing the company's product is (capitalised in German)
    ("de", "Für Buchungen nutzen wir die Plattform Kursfix Booking GmbH.", "Kursfix Booking GmbH"),
    ("fr", "Nous utilisons la plateforme Kursfix Booking SAS pour les réservations.", "Kursfix Booking SAS"),
    # as the provider of a tool the section is about ("Anbieter ist die ...", a template's phrasing)
    (
        "de",
        "Für die Buchung nutzen wir die Plattform Kursfix. Anbieter ist die Kursfix GmbH, Hauptstraße 1, 1010 Wien.",
        "Kursfix GmbH",
    ),
    ("en", "This website uses Kursfix for bookings. The provider is Kursfix Ltd, 1 High Street, Leeds.", "Kursfix Ltd"),
]


@pytest.mark.parametrize("lang, sentence, name", PROSE_PROCESSORS)
def test_a_company_named_in_prose_is_a_processor_as_written(lang, sentence, name):
    assert added_processors(lang, sentence) == [name]


@pytest.mark.parametrize(
    "lang, title, sentence, names",
    [
        (
            "fr",
            "Sous-traitants",
            "Le 26 septembre 2025, nous avons ajouté 2 sous-traitants : RevenueCat et Apple.",
            ["Apple", "RevenueCat"],
        ),
        (
            "en",
            "Sub-processors",
            "We added two sub-processors: Mailjet and Pinecone Systems, Inc.",
            ["Mailjet", "Pinecone Systems, Inc."],
        ),
        (
            "de",
            "Unterauftragsverarbeiter",
            "Neu hinzugekommen: Mailjet und Quarkly Hosting GmbH.",
            ["Mailjet", "Quarkly Hosting GmbH"],
        ),
        ("en", "Sub-processors", "New sub-processor: Smith and Quarkly LLP.", ["Smith and Quarkly LLP"]),  # one firm
    ],
)
def test_companies_a_list_joins_are_each_a_processor(lang, title, sentence, names):
    """ "RevenueCat et Apple" names two companies, each known by itself; "Smith and Quarkly LLP",
    whose first part is no company alone, stays one name."""
    found = events(lang, [(title, INTRO[lang])], [(title, f"{INTRO[lang]}\n\n{sentence}")], "processor_added")
    assert sorted(e["name"] for e in found) == names, found


@pytest.mark.parametrize(
    "lang, title, text",
    [
        # a numbered clause of a processing agreement, before a company and a provider cue
        (
            "en",
            "Sub-processors",
            "- 2.4 Data Subject Requests. Quarkly will, where the law permits, tell you of any request and "
            "assists us in answering it.",
        ),
        # a category of recipients or of data in title case, on a page that writes its words in lowercase
        (
            "en",
            "Who we share data with",
            "- Business Partners. If you reach our services through a partner, or by a code provided by such "
            "partner, we may share your data with that partner. Our business partners are listed here.",
        ),
        (
            "en",
            "Who we share data with",
            "- **Sensitive Information**, such as your religion, is provided by you; sensitive information stays with us.",
        ),
        (
            "en",
            "Categories of data",
            "Customer may send us names, contact details or other information provided by Customer’s End Users, "
            "whose end users choose what to share.",
        ),
        ("fr", "Destinataires", "- **Données Traitées** : les données traitées sont partagées avec nos prestataires."),
        # a function word before a name or a noun
        (
            "en",
            "Cookies",
            "At Quarkly, we believe in being open about how we collect your data, and our host processes it.",
        ),
        (
            "en",
            "Definitions",
            "**Account:** The Member’s personal area. The Member, once registered, provides a photo; every member can see it.",
        ),
        # a kind of cookie
        ("en", "Recipients", "- **Functionality Cookies**: these are provided by us to remember your choices."),
        ("de", "Empfänger", "- **Erforderliche Cookies**: Diese Cookies werden von uns bereitgestellt."),
        # a legal form alone is no company
        ("en", "Sub-processors", "- Company. The company that provides the service shares data with us."),
    ],
)
def test_phrases_in_a_recipients_section_are_no_processors(lang, title, text):
    found = events(lang, [(title, INTRO[lang])], [(title, f"{INTRO[lang]}\n\n{text}")], "processor_added")
    assert found == [], found


@pytest.mark.parametrize(
    "lang, sentence, names",
    [
        ("en", "The CCPA provides California residents with the right to know what we collect.", []),
        ("en", "The GDPR provides you with rights over your data.", []),
        ("fr", "La CNIL fournit des informations sur vos droits et traite les plaintes.", []),
        ("en", "The Federal Trade Commission provides information about your rights.", []),
        ("en", "Interactive Advertising Bureau provides a framework for consent.", []),
        # a company's acronym without an article, and a company after an article, still are
        ("en", "QRKL provides us with statistics about your data.", ["QRKL"]),
        ("de", "Ihre Daten werden von der Quarkly Hosting GmbH verarbeitet.", ["Quarkly Hosting GmbH"]),
    ],
)
def test_laws_and_authorities_named_before_a_provider_cue_are_no_processors(lang, sentence, names):
    """ "The GDPR provides you with rights": a law, named by its acronym after an article; "The
    Federal Trade Commission provides information": an institution, by its last word."""
    assert added_processors(lang, sentence) == names


def test_the_company_the_page_is_about_is_no_processor_in_its_own_prose():
    """ "Mailjet Privacy Policy ... Mailjet provides this service": the company writing, named in the
    title, also when the catalogue knows it; listed among sub-processors, it is one."""
    doc = (
        "# Mailjet Privacy Policy\n\nMailjet provides this service and processes your personal data as "
        "described here.\n\n## Recipients\n\nWe share data with our hosting provider.\n"
    )
    assert [p.name for p in policy_from_text(doc, "text/markdown").facts["processors"]] == []
    listed = doc + "\n| Sub-processor | Purpose |\n|---|---|\n| Mailjet | E-mail |\n"
    assert [p.name for p in policy_from_text(listed, "text/markdown").facts["processors"]] == ["Mailjet"]


def test_an_acronym_the_page_defines_is_no_processor():
    """ "this Data Processing Addendum (the “DPA”)": the page's own term, however it is used later."""
    doc = (
        "Data Processing Addendum\n\nThis Data Processing Addendum (the “Data Processing Addendum” or the “DPA”) "
        "forms part of the Agreement between Quarkly and Customer.\n\nSubprocessors\n\nGeneral authorization\n\n"
        "Quarkly will enter into a written agreement with each Subprocessor imposing data protection terms that "
        "require the Subprocessor to protect the Personal Data to the same standards provided by this DPA, and\n"
    )
    assert [p.name for p in policy_from_text(doc).facts["processors"]] == []
    # a company's own short name, given after its legal form, stays a company
    doc = doc.replace("forms part of", "is agreed with Brightwave Mailers Inc. (“BMI”) and forms part of")
    doc = doc.replace("Quarkly will enter", "BMI provides hosting. Quarkly will enter")
    assert "BMI" in [p.name for p in policy_from_text(doc).facts["processors"]]


@pytest.mark.parametrize(
    "name, plausible",
    [
        ("NEXT_LOCALE", False),
        ("_ga", False),
        ("intercom-device-id, intercom-id, intercom-session", False),
        ("Quarkly", True),
    ],
)
def test_a_cookies_name_is_no_company(name, plausible):
    from policywatch.monitor.facts.processors import implausible

    assert (implausible(name, "en") is None) is plausible


TABLE = "| Sub-processor | Purpose | Location |\n|---|---|---|\n{rows}"
ROWS = {
    "hubspot": "| HubSpot, Inc. | CRM | United States |",
    "acme": "| Acme Print Ltd | Printing | Ireland |",
    "mail": "| Mailjet | E-mail | France |",
}


def table(*rows: str, replace: dict | None = None) -> str:
    text = TABLE.format(rows="\n".join(ROWS[r] for r in rows))
    for a, b in (replace or {}).items():
        text = text.replace(a, b)
    return text


def test_a_processor_removed_from_a_table():
    found = events(
        "en", [("Sub-processors", table("hubspot", "acme", "mail"))], [("Sub-processors", table("hubspot", "mail"))]
    )
    assert [(e["type"], e["name"]) for e in found if e["type"].startswith("processor")] == [
        ("processor_removed", "Acme Print Ltd")
    ]


def test_a_location_change_in_a_sub_processor_table():
    found = events(
        "en",
        [("Sub-processors", table("hubspot", "acme"))],
        [("Sub-processors", table("hubspot", "acme", replace={"| Printing | Ireland |": "| Printing | India |"}))],
        "processor_changed",
    )
    assert [(e["name"], e["what"], e["old"], e["new"]) for e in found] == [
        ("Acme Print Ltd", "location", "Ireland", "India")
    ]
    assert found[0]["level"] == "material"


@pytest.mark.parametrize(
    "old_place, new_place, changed",
    [
        ("Ireland", "Irelnad", None),  # a letter swapped: the same country
        ("Germany, Netherlands", "Germany, Nehterlands", None),
        ("United States", "United Sttaes", None),
        ("weltweit", "welwteit", None),  # no country: the cell as written, a letter slipped
        ("Ireland", "Iceland", ("Ireland", "Iceland")),  # another country, one letter apart
        ("Ireland", "India", ("Ireland", "India")),
    ],
)
def test_a_misspelt_place_is_the_same_place(old_place, new_place, changed):
    found = events(
        "en",
        [
            (
                "Sub-processors",
                table("hubspot", "acme", replace={"| Printing | Ireland |": f"| Printing | {old_place} |"}),
            )
        ],
        [
            (
                "Sub-processors",
                table("hubspot", "acme", replace={"| Printing | Ireland |": f"| Printing | {new_place} |"}),
            )
        ],
        "processor_changed",
    )
    assert [(e["old"], e["new"]) for e in found] == ([changed] if changed else []), found


def vendor_table(*rows: str) -> str:
    return "We use these processors:\n\n| Processor | Service | Country |\n|---|---|---|\n" + "\n".join(rows)


@pytest.mark.parametrize(
    "lang, old_row, new_row",
    [
        ("nb", "| Vipps MobilePay AS | Betaling | Norge |", "| Vipps AS | Betaling | Norge |"),
        ("en", "| Loopwise Labs Ltd | Surveys | Ireland |", "| Loopwise Ltd | Surveys | Ireland |"),
    ],
)
def test_a_vendor_renamed_in_its_row_is_a_rename(lang, old_row, new_row):
    """The row's other cells unchanged and the name keeping or dropping words: the vendor's new
    name, not a vendor replaced (the catalogue need not know it)."""
    other = "| Tripletex AS | Regnskap | Norge |" if lang == "nb" else "| Ledgerly Ltd | Accounting | Ireland |"
    result = compare(
        policy_from_text(page(lang, ("Processors", vendor_table(old_row, other))), "text/markdown"),
        policy_from_text(page(lang, ("Processors", vendor_table(new_row, other))), "text/markdown"),
    ).to_json()
    kinds = {e["type"] for e in result["events"]}
    assert "processor_renamed" in kinds and not kinds & {"processor_added", "processor_removed"}, result["events"]
    assert result["level"] == "minor", result["events"]


@pytest.mark.parametrize(
    "old_row, new_row",
    [
        ("| Pinnacle Sweden AB | Support | Sweden |", "| Pnnacle Sweden AB | Support | Sweden |"),
        (
            "| Runways Information Services Ltd | Hosting | Ireland |",
            "| Runways Information Sevices Ltd | Hosting | Ireland |",
        ),
    ],
)
def test_a_vendor_misspelt_in_its_row_is_a_rename_not_a_new_vendor(old_row, new_row):
    """Said as the vendor renamed, or not at all (a slip the page makes nowhere else): never a vendor
    added and one removed."""
    other = "| Ledgerly Ltd | Accounting | Ireland |"
    result = compare(
        policy_from_text(page("en", ("Processors", vendor_table(old_row, other))), "text/markdown"),
        policy_from_text(page("en", ("Processors", vendor_table(new_row, other))), "text/markdown"),
    ).to_json()
    kinds = {e["type"] for e in result["events"]}
    assert kinds <= {"processor_renamed", "section_changed"}, result["events"]
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        # named in a sentence, the sentence otherwise the same
        (
            "en",
            (
                "Who we share it with",
                "We use VetSoft Cloud Ltd to host our practice system and Xero Limited for invoices.",
            ),
            (
                "Who we share it with",
                "We use VetSoft Coud Ltd to host our practice system and Xero Limited for invoices.",
            ),
        ),
        # a vendor whose section is titled by its name
        (
            "sv",
            ("Fortnox AB", "Bokföring och fakturering. Sverige."),
            ("Forenox AB", "Bokföring och fakturering. Sverige."),
        ),
        # a catalogue name that is also a word, slipped so that only the legal form reads it
        (
            "fr",
            ("Outils", "- Crisp IM SAS – messagerie du support client – France\n- Brevo – e-mails – France"),
            ("Outils", "- Cresp IM SAS – messagerie du support client – France\n- Brevo – e-mails – France"),
        ),
        # listed under its new name, its former one in brackets: slipped, it is still listed
        (
            "fr",
            ("Outils", "- Brevo (Sendinblue SAS) – envoi des e-mails – France\n- Crisp – support – France"),
            ("Outils", "- Bevo (Sendinblue SAS) – envoi des e-mails – France\n- Crisp – support – France"),
        ),
    ],
)
def test_a_vendor_misspelt_anywhere_is_no_vendor_added_or_removed(lang, old, new):
    result = compare(policy_from_text(page(lang, old)), policy_from_text(page(lang, new))).to_json()
    assert result["level"] != "material", result["events"]
    assert not {e["type"] for e in result["events"]} & {"processor_added", "processor_removed"}, result["events"]


@pytest.mark.parametrize(
    "lang, title, text, word, slip",
    [
        # a vendor named in an example sentence, which the clause reading leaves aside
        (
            "en",
            "How we disclose information",
            "We disclose data to service providers. For example, we use Klaviyo to send emails and Zendesk to "
            "handle support requests.",
            "Zendesk",
            "Zednesk",
        ),
        # a change log's word of removal, capitalised after the date
        ("en", "Changes", "- 3 February 2026: Removed Sendgrid.\n- 9 March 2026: Added Postmark.", "Removed", "Remoed"),
        # a verb opening the sentence, capitalised as it opens
        (
            "es",
            "Encargados del tratamiento",
            "Utilizamos a Amadeus IT Group para gestionar las reservas de nuestros clientes.",
            "Utilizamos",
            "Utilzamos",
        ),
        # a German noun, capitalised as every German noun is
        (
            "de",
            "Zwecke",
            "Wir verarbeiten Zählerdaten im Rahmen des Messstellenbetriebsgesetzes für die Abrechnung.",
            "Messstellenbetriebsgesetzes",
            "Messstellenbetriebseesetzes",
        ),
        # a month of a change log's date, and a vendor's name in a change log's line
        (
            "en",
            "Changes",
            "- 3 February 2026: Removed Sendgrid.\n- 1 July 2026: Added MongoDB Limited.",
            "February",
            "Fberuary",
        ),
        (
            "en",
            "Changes",
            "- 3 February 2026: Removed Sendgrid.\n- 1 July 2026: Added MongoDB Limited.",
            "Added MongoDB",
            "Added MoongoDB",
        ),
        # a legal form, punctuation inside the name
        ("en", "Sub-processors", "- Intercom R&D Unlimited Company: support chat, Ireland", "Company", "Comapny"),
        # a street's word, so that the address reads shorter
        (
            "da",
            "Dataansvarlig",
            "Havblik Sko ApS\nSøndergade 18, 1. sal\n8000 Aarhus C\nE-mail: kontakt@havblik.dk",
            "Søndergade",
            "Søndergde",
        ),
    ],
)
def test_a_slip_that_breaks_a_facts_reading_is_no_change(lang, title, text, word, slip):
    old = policy_from_text(page(lang, (title, text)))
    result = compare(old, policy_from_text(page(lang, (title, text.replace(word, slip, 1))))).to_json()
    assert result["level"] != "material", result["events"]


@pytest.mark.parametrize(
    "old_row, new_row",
    [
        ("| Google Analytics | Statistics | USA |", "| Google Ads | Statistics | USA |"),  # another product
        ("| Loopwise Ltd | Surveys | Ireland |", "| Poopwise Ltd | Surveys | Ireland |"),  # another first letter
        ("| Loopwise Labs Ltd | Surveys | Ireland |", "| Loopwise Ltd | Surveys | India |"),  # moved too
        ("| Loopwise Labs Ltd | Surveys | Ireland |", "| Labs Ltd | Surveys | Ireland |"),  # not its first word
    ],
)
def test_a_vendor_replaced_in_its_row_is_no_rename(old_row, new_row):
    other = "| Ledgerly Ltd | Accounting | Ireland |"
    result = compare(
        policy_from_text(page("en", ("Processors", vendor_table(old_row, other))), "text/markdown"),
        policy_from_text(page("en", ("Processors", vendor_table(new_row, other))), "text/markdown"),
    ).to_json()
    assert "processor_renamed" not in {e["type"] for e in result["events"]}, result["events"]
    assert result["level"] == "material", result["events"]


def test_a_rebrand_is_a_rename_not_an_addition():
    old = ("Service providers", "We send our newsletter with Sendinblue, which stores subscribers' e-mail addresses.")
    new = ("Service providers", "We send our newsletter with Brevo, which stores subscribers' e-mail addresses.")
    found = events("en", [old], [new])
    kinds = {e["type"] for e in found}
    assert "processor_renamed" in kinds and not kinds & {"processor_added", "processor_removed"}, found
    [renamed] = [e for e in found if e["type"] == "processor_renamed"]
    assert (renamed["old"], renamed["new"], renamed["level"]) == ("Sendinblue", "Brevo", "minor")


@pytest.mark.parametrize(
    "text",
    [
        "Last updated: January 30, 2025",  # a date under a sub-processor table
        "Effective date: 1 March 2026",
        "Version: 4.2",
        "- Fraud Prevention\n- Customer Support\n- Marketing Communications",  # Title-Case purposes
        "| Recipient | Purpose |\n|---|---|\n| Service Providers | Hosting |\n| Law enforcement authorities | Legal requests |",
        "- November 20, 2025 – Added a data centre\n- May 2nd – Updated this page",  # a change log's dates
        "- 1er décembre 2025 : mise à jour\n- 15. März 2025 – Aktualisierung",
    ],
)
def test_look_alikes_are_never_processors(text):
    base = table("hubspot")
    found = events(
        "en",
        [("Sub-processors", f"{base}\n\n{text.replace('2025', '2024').replace('2026', '2025')}")],
        [("Sub-processors", f"{base}\n\n{text}")],
    )
    assert not [e for e in found if e["type"].startswith("processor")], found
    found = events("en", [("Sub-processors", base)], [("Sub-processors", f"{base}\n\n{text}")])
    assert not [e for e in found if e["type"].startswith("processor")], found


def test_a_change_log_dated_with_the_policys_own_date_is_no_change_when_only_the_date_moves():
    """The log's entry "May 2, 2025 – Added Anthropic" stays the same entry when the page's own date
    moves from 2 May to 20 November: the own date is masked as either version writes it."""
    log = "- May 2, 2025 – Added Anthropic, PBC\n- January 14, 2025 – Removed Segment.io"
    old = [("Sub-processors", table("hubspot")), ("Changelog", f"{log}\n\nLast updated: May 2, 2025")]
    new = [("Sub-processors", table("hubspot")), ("Changelog", f"{log}\n\nLast updated: November 20, 2025")]
    found = events("en", old, new)
    assert [(e["type"], e["level"]) for e in found] == [("last_updated_changed", "minor")], found
    added = "- November 20, 2025 – Added Pinecone Systems, Inc.\n"
    newer = [("Sub-processors", table("hubspot")), ("Changelog", f"{added}{log}\n\nLast updated: November 20, 2025")]
    found = events("en", old, newer)
    assert not [e for e in found if e["type"] == "processor_added" and "November" in e["name"]], found


# -- retention -----------------------------------------------------------------------------------


def test_retention_without_a_retention_verb():
    old = ("Your account", "After 24 months of inactivity we close your account.")
    new = ("Your account", "After 12 months of inactivity we close your account.")
    [found] = events("en", [old], [new], "retention_changed")
    assert (found["old"], found["new"]) == ("24 months", "12 months")


def test_retention_in_a_table_column():
    head = "| Data | Retention period |\n|---|---|\n"
    old = ("Data we keep", head + "| Invoices | 10 years |\n| Support tickets | 2 years |")
    new = ("Data we keep", head + "| Invoices | 10 years |\n| Support tickets | 3 years |")
    [found] = events("en", [old], [new], "retention_changed")
    assert (found["old"], found["new"]) == ("2 years", "3 years") and "support tickets" in found["context"].lower()


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We keep your order history for five years.",
            "We keep your order history for as long as your account is active.",
        ),
        (
            "fr",
            "Nous conservons vos données pendant trois ans.",
            "Nous conservons vos données aussi longtemps que nécessaire.",
        ),
        ("de", "Wir speichern Ihre Daten zwei Jahre lang.", "Wir speichern Ihre Daten, solange dies erforderlich ist."),
        ("nl", "Wij bewaren uw gegevens twee jaar.", "Wij bewaren uw gegevens zo lang als nodig."),
        ("nl", "Ritgegevens bewaren we 24 maanden.", "Ritgegevens bewaren we zolang je account actief is."),
        ("en", "We keep your messages for 90 days.", "We keep your messages until the user deletes their account."),
        ("es", "Conservamos sus datos durante dos años.", "Conservamos sus datos mientras tu cuenta siga activa."),
        ("it", "Conserviamo i dati per due anni.", "Conserviamo i dati fino alla revoca del tuo consenso."),
        ("de", "Wir speichern Ihre Daten zwei Jahre lang.", "Wir speichern Ihre Daten, solange dein Konto besteht."),
        ("fr", "Nous conservons vos données trois ans.", "Nous conservons vos données tant que ton compte est actif."),
    ],
)
def test_an_open_ended_period_is_a_value(lang, old, new):
    [found] = events(lang, [("Data", old)], [("Data", new)], "retention_changed")
    assert found["old"] and found["new"] and not found["new"][0].isdigit(), found


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "You can ask us to delete your account at any time until you are satisfied."),
        ("nl", "Zolang je niet bent ingelogd, zie je geen account-instellingen."),
        ("fr", "Tant que vous naviguez, votre compte n'est pas concerné."),
    ],
)
def test_words_of_an_open_ended_period_without_keeping_are_no_retention(lang, text):
    assert events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {text}")], "retention_changed") == []


@pytest.mark.parametrize(
    "lang, title, old, sentence, period",
    [
        (
            "en",
            "Data retention",
            "We keep your data while you use the service.",
            "When you close your account, we permanently delete your data.",
            None,
        ),
        (
            "en",
            "Data retention",
            "We keep your data while you use the service.",
            "Your data is deleted permanently once you close your account.",
            None,
        ),
        (
            "de",
            "Speicherdauer",
            "Wir speichern Ihre Daten, solange Sie den Dienst nutzen.",
            "Nach der Kündigung werden Ihre Daten dauerhaft gelöscht.",
            None,
        ),
        (
            "es",
            "Conservación",
            "Conservamos sus datos mientras use el servicio.",
            "Al cerrar su cuenta, sus datos se eliminan permanentemente.",
            None,
        ),
        (
            "nl",
            "Bewaartermijn",
            "Wij bewaren uw gegevens zolang u de dienst gebruikt.",
            "Na opzegging worden uw gegevens permanent verwijderd.",
            None,
        ),
        # kept for good is still a period without end
        (
            "en",
            "Data retention",
            "We keep your data while you use the service.",
            "We keep your posts permanently.",
            "indefinitely",
        ),
        (
            "de",
            "Speicherdauer",
            "Wir speichern Ihre Daten, solange Sie den Dienst nutzen.",
            "Ihre Beiträge speichern wir dauerhaft.",
            "indefinitely",
        ),
    ],
)
def test_permanently_deleted_is_no_period_without_end(lang, title, old, sentence, period):
    found = events(lang, [(title, old)], [(title, f"{old} {sentence}")], "retention_changed")
    assert [e["new"] for e in found] == ([period] if period else []), found


@pytest.mark.parametrize(
    "lang, title, old, sentence, period",
    [
        # a right's word in the title ("erasure", "effacement", "Löschung"): the time to answer a request
        (
            "en",
            "Access and erasure requests",
            "We answer within 30 days.",
            "We may extend this period by 45 days.",
            None,
        ),
        (
            "fr",
            "Demandes d'accès et d'effacement",
            "Nous répondons sous 30 jours.",
            "Nous pouvons prolonger ce délai de deux mois si nécessaire.",
            None,
        ),
        (
            "de",
            "Anträge auf Auskunft und Löschung",
            "Wir antworten innerhalb von 30 Tagen.",
            "Wir können diese Frist um zwei Monate verlängern.",
            None,
        ),
        # a title about keeping, even beside a right's word: its periods are kept periods
        ("en", "Data retention", "We keep your data only as long as needed.", "Invoices: 10 years.", "10 years"),
        (
            "en",
            "Retention and deletion of your data",
            "We keep your data only as long as needed.",
            "Invoices are needed for 10 years.",
            "10 years",
        ),
        (
            "fr",
            "Durée de conservation",
            "Nous conservons vos données le temps nécessaire.",
            "Les factures sont gardées 10 ans.",
            "10 years",
        ),
    ],
)
def test_a_title_about_a_right_is_no_retention_section(lang, title, old, sentence, period):
    found = events(lang, [(title, old)], [(title, f"{old} {sentence}")], "retention_changed")
    assert [e["new"] for e in found] == ([period] if period else []), found


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We retain invoices for seven years to meet our tax obligations.",
            "To comply with tax law, invoices are kept for seven years.",
        ),
        (
            "fr",
            "Les factures sont conservées dix ans pour nos obligations comptables.",
            "Pour nos obligations comptables, nous gardons les factures dix ans.",
        ),
        (
            "de",
            "Rechnungen bewahren wir zehn Jahre auf, um steuerliche Pflichten zu erfüllen.",
            "Um steuerliche Pflichten zu erfüllen, werden Rechnungen zehn Jahre lang aufbewahrt.",
        ),
        (
            "nl",
            "Facturen bewaren wij zeven jaar vanwege de fiscale bewaarplicht.",
            "Vanwege de fiscale bewaarplicht worden facturen zeven jaar bewaard.",
        ),
        (
            "it",
            "Conserviamo i dati di fatturazione per 10 anni, come richiesto dalla legge.",
            "I dati di fatturazione sono conservati per 10 anni, come previsto dalla legge.",
        ),
        ("fr", "Nous conservons vos données pendant 3 ans.", "Nous conservons vos données pendant trois (3) ans."),
        # an open-ended period with a word of emphasis inside it is the same period
        (
            "nl",
            "Wij bewaren uw persoonsgegevens niet langer dan nodig is.",
            "Wij bewaren uw persoonsgegevens niet langer dan strikt noodzakelijk is.",
        ),
        (
            "en",
            "We keep your data no longer than necessary.",
            "We keep your data no longer than strictly necessary.",
        ),
        (
            "de",
            "Wir speichern Ihre Daten nicht länger als erforderlich.",
            "Wir speichern Ihre Daten nicht länger als unbedingt erforderlich.",
        ),
        (
            "it",
            "Conserviamo i dati per il tempo necessario.",
            "Conserviamo i dati per il tempo strettamente necessario.",
        ),
        (
            "es",
            "Conservamos sus datos durante el tiempo necesario.",
            "Conservamos sus datos durante el tiempo estrictamente necesario.",
        ),
    ],
)
def test_a_reworded_retention_clause_with_the_same_period_is_no_event(lang, old, new):
    assert events(lang, [("Data", old)], [("Data", new)], "retention_changed") == []


def test_an_aside_in_brackets_is_not_part_of_a_name():
    from policywatch.monitor.documents import policy_from_text

    text = (
        "Sub-processors\n\nWe use Acme Print Ltd (United Kingdom) to print and post your letters. "
        "Zeta Mail GmbH (Germany) provides our e-mail delivery.\n"
    )
    names = {p.name for p in policy_from_text(text).facts["processors"]}
    assert {"Acme Print Ltd", "Zeta Mail GmbH"} <= names and not any("United" in n or "Germany" in n for n in names)


def test_the_company_a_page_is_about_is_not_its_own_processor():
    from policywatch.monitor.documents import policy_from_text

    html = (
        "<html><head><title>Subprocessors - Acme Analytics</title></head><body><main><h1>Subprocessors</h1>"
        "<p>Acme Analytics, Inc. uses the following subprocessors to provide the Services.</p>"
        "<ul><li>Twilio Inc. – SMS notifications – United States</li></ul></main></body></html>"
    )
    names = {p.name for p in policy_from_text(html, "text/html").facts["processors"]}
    assert names == {"Twilio Inc."}


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "de",
            "Verantwortlicher",
            "Beispiel Reisen GmbH, Seestraße 12, 80331 München",
            "Beispiel Reisen GmbH, Seestr. 12, 80331 München",
        ),
        (
            "nl",
            "Contact",
            "Voorbeeld B.V., Kerkstraat 10, 3511 AB Utrecht",
            "Voorbeeld B.V., Kerkstr. 10, 3511 AB Utrecht",
        ),
        (
            "en",
            "Contact us",
            "Example Ltd, 10 Downing Street, London SW1A 2AA",
            "Example Ltd, 10 Downing St., London SW1A 2AA",
        ),
        (
            "fr",
            "Nous contacter",
            "Exemple SAS, 18 boulevard Haussmann, 75009 Paris",
            "Exemple SAS, 18 bd Haussmann, 75009 Paris",
        ),
        (
            "es",
            "Responsable",
            "Ejemplo S.L., Avenida de América 12, 28028 Madrid",
            "Ejemplo S.L., Avda. de América 12, 28028 Madrid",
        ),
        ("es", "Responsable", "Ejemplo S.L., Calle Mayor 21, 28013 Madrid", "Ejemplo S.L., C/ Mayor 21, 28013 Madrid"),
    ],
)
def test_a_street_word_abbreviated_is_the_same_address(lang, title, old, new):
    found = events(lang, [(title, old)], [(title, new)])
    assert [e for e in found if e["level"] == "material"] == [], found


def test_an_address_ends_where_its_sentence_goes_on():
    text = "Fruitz SAS is registered at 5 rue du Pont aux Choux 75003 Paris and represented by its President, Julian Smith."
    old = events("en", [("Who we are", text)], [("Who we are", text.replace(" and represented", " & represented"))])
    assert [e for e in old if e["level"] == "material"] == [], old


CONTROLLER_PAGE = """# Privacy policy

## Who we are

The controller of your personal data is Example Ltd, 10 Downing Street, London SW1A 2AA, {country}.

## Data we collect

We collect your name and e-mail address to send you our newsletter.
"""


@pytest.mark.parametrize(
    "old, new, level",
    [
        ("United Kingdom", "UK", "none|minor"),
        ("United Kingdom", "the United Kingdom", "none|minor"),
        ("United Kingdom", "Ireland", "material"),
    ],
)
def test_the_country_of_an_address_is_compared_as_a_country(old, new, level):
    result = compare(
        policy_from_text(CONTROLLER_PAGE.format(country=old), "text/markdown"),
        policy_from_text(CONTROLLER_PAGE.format(country=new), "text/markdown"),
    ).to_json()
    assert result["level"] in level.split("|"), result["events"]


@pytest.mark.parametrize(
    "lang, text, old_name, new_name",
    [
        (
            "nl",
            "Voorbeeld B.V. is verantwoordelijk voor de verwerking van uw gegevens. Onze functionaris "
            "gegevensbescherming is mevrouw Sanne de Vries (fg@voorbeeld.nl).",
            "mevrouw Sanne de Vries",
            "de heer Pieter Jansen",
        ),
        (
            "fr",
            "Exemple SAS est responsable du traitement de vos données. Notre délégué à la protection des "
            "données est Madame Claire Dubois.",
            "Madame Claire Dubois",
            "Monsieur Luc Bernard",
        ),
        (
            "en",
            "Example Ltd is the controller of your personal data. Our data protection officer is Mrs Priya "
            "Raman, dpo@example.com.",
            "Mrs Priya Raman",
            "Mr Tom Okafor",
        ),
    ],
)
def test_a_dpo_named_in_the_controllers_paragraph(lang, text, old_name, new_name):
    found = events(lang, [("Details", text)], [("Details", text.replace(old_name, new_name))], "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "person")], found


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "nl",
            "Fietsmaatje B.V., Kerkstraat 10, 3511 AB Utrecht, is verantwoordelijk voor de verwerking van uw gegevens.",
            "Fietsvriend B.V., Kerkstraat 10, 3511 AB Utrecht, is verantwoordelijk voor de verwerking van uw gegevens.",
        ),
        (
            "de",
            "Verantwortlich für die Datenverarbeitung ist die Bergblick Reisen GmbH, Seestraße 12, 80331 München.",
            "Verantwortlich für die Datenverarbeitung ist die Bergblick Touristik GmbH, Seestraße 12, 80331 München.",
        ),
    ],
)
def test_the_controller_named_in_prose_is_no_processor(lang, old, new):
    found = events(lang, [("Details", old)], [("Details", new)])
    assert not [e for e in found if e["type"].startswith("processor_")], found
    assert [(e["role"], e["kind"]) for e in found if e["type"] == "contact_changed"] == [("controller", "organisation")]


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "it",
            "Titolare del trattamento",
            "Il titolare è Esempio S.r.l., Via Roma 5, 10122 Torino, P.IVA 01234567890.",
            "Il titolare è Esempio S.r.l., Via Roma 5, 10122 Torino, P.IVA 09876543210.",
        ),
        (
            "nl",
            "Contact",
            "Voorbeeld B.V., Damrak 1, 1012 LG Amsterdam, KvK-nummer 12345678, telefoon 020 123 4567.",
            "Voorbeeld B.V., Damrak 1, 1012 LG Amsterdam, KvK-nummer 87654321, telefoon 020 123 4567.",
        ),
        (
            "en",
            "Who we are",
            "The controller is Example Ltd, 1 High Street, London EC1A 1BB (company number 01234567).",
            "The controller is Example Ltd, 1 High Street, London EC1A 1BB (company number 07654321).",
        ),
    ],
)
def test_a_registration_number_is_no_phone_nor_address(lang, title, old, new):
    found = events(lang, [(title, old)], [(title, new)])
    assert [e["level"] for e in found] == ["minor"] and "registration number" in found[0]["reason"], found


def test_a_phone_beside_a_registration_number_is_still_a_phone():
    old = "Voorbeeld B.V., Damrak 1, 1012 LG Amsterdam, KvK 12345678, telefoon 020 123 4567."
    found = events(
        "nl", [("Contact", old)], [("Contact", old.replace("020 123 4567", "020 765 4321"))], "contact_changed"
    )
    assert [e["kind"] for e in found] == ["phone"], found


@pytest.mark.parametrize(
    "new_row, kinds",
    [
        ("| Twilio SendGrid | Email | United States |", set()),  # the product named with its company, rewritten
        ("| Mailgun (Sinch) | Email | United States |", {"processor_added", "processor_removed"}),
    ],
)
def test_a_product_named_with_its_company_in_brackets_is_one_vendor(new_row, kinds):
    old = TABLE.format(rows="| SendGrid (Twilio Inc.) | Email | United States |")
    found = events("en", [("Sub-processors", old)], [("Sub-processors", TABLE.format(rows=new_row))])
    assert {e["type"] for e in found if e["type"].startswith("processor_")} == kinds, found
    assert kinds or not [e for e in found if e["level"] == "material"], found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "Support requests are handled by our Customer Success team."),
        ("en", "Some details are provided by you when you sign up."),
        ("de", "Anfragen werden durch unseren Kundenservice bearbeitet."),
        ("fr", "Les demandes sont gérées par notre Service Client."),
        ("nl", "Vragen worden afgehandeld door onze afdeling Klantenservice."),
    ],
)
def test_work_done_in_house_is_no_processor(lang, sentence):
    assert added_processors(lang, sentence) == []


# Title Case after a cue is no company when it is a transfer mechanism, a technique or a term being
# defined; a company of the same shape still is.
TERMS_AFTER_CUES = [
    ("en", "For transfers to the United States we rely on Standard Contractual Clauses.", []),
    ("en", "Transfers are made under the Data Privacy Framework.", []),
    ("fr", "Nous nous appuyons sur les Clauses Contractuelles Types de la Commission européenne.", []),
    ("de", "Die Übermittlung erfolgt auf Grundlage der Standardvertragsklauseln.", []),
    ("en", "We use Cookies and Similar Technologies to remember your preferences.", []),
    ("en", "We work with Trusted Partners to deliver your orders.", []),
    ("en", "We use Two-Factor Authentication to protect your account.", []),
    ("en", "We use Quantum Ledger Verification (QLV) to secure payments.", []),
    ("de", "Wir nutzen Künstliche Intelligenz, um Betrug zu erkennen.", []),
    ("en", "We use Quarkly Ledger Ltd (QLL) to secure payments.", ["Quarkly Ledger Ltd"]),
    ("en", "We use Quarkly Analytics to measure traffic.", ["Quarkly Analytics"]),
    ("en", "We use the Quarkly App Store to distribute our app.", ["Quarkly App Store"]),  # not the verb 'stores'
]


@pytest.mark.parametrize("lang, sentence, names", TERMS_AFTER_CUES)
def test_a_mechanism_or_technique_named_after_a_cue_is_no_processor(lang, sentence, names):
    assert added_processors(lang, sentence) == names


@pytest.mark.parametrize(
    "lang, title, old, new, level",
    [
        (
            "en",
            "Complaints",
            "You can complain to the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow SK9 5AF.",
            "You can complain to the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF.",
            "minor",
        ),
        (
            "fr",
            "Réclamation",
            "Vous pouvez saisir la CNIL, 3 Place de Fontenoy, 75007 Paris.",
            "Vous pouvez saisir la CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.",
            "minor",
        ),
        (
            "en",
            "Who we are",
            "The controller is Example Ltd, 1 High Street, London EC1A 1BB.",
            "The controller is Example Ltd, 20 Market Square, Leeds LS1 6DT.",
            "material",
        ),
    ],
)
def test_the_regulators_address_is_minor_the_controllers_material(lang, title, old, new, level):
    found = events(lang, [(title, old)], [(title, new)])
    assert max((e["level"] for e in found), key=["none", "minor", "material"].index) == level, found
    assert [e["kind"] for e in found if e["type"] == "contact_changed"] in ([], ["address"]), found


def test_an_address_run_together_with_labelled_lines_ends_before_them():
    """Markdown soft breaks join an imprint's lines; the address ends where 'Geschäftsführer:' begins."""
    from policywatch.monitor.facts.contacts import address_lines

    text = "Beispiel GmbH Musterweg 5 10115 Berlin Geschäftsführer: Thomas Becker E-Mail: info@beispiel.de"
    assert address_lines(text) == ["Musterweg 5 10115 Berlin"]
    old = "Beispiel GmbH\nMusterweg 5\n10115 Berlin\nGeschäftsführer: Thomas Becker\nE-Mail: info@beispiel.de"
    found = events(
        "de", [("Verantwortliche Stelle", old)], [("Verantwortliche Stelle", old.replace("Musterweg 5", "Musterweg 7"))]
    )
    assert [(e["type"], e.get("kind")) for e in found if e["level"] == "material"] == [("contact_changed", "address")]


@pytest.mark.parametrize("written", ["the United States", "the US", "the U.S.", "the U.S.A."])
def test_a_destination_is_read_however_abbreviated(written):
    from policywatch.monitor.facts.transfers import extract_transfers

    read = policy_from_text(
        f"# Policy\n\n## Transfers\n\nYour data may be transferred to {written}.\n", "text/markdown"
    )
    assert [t.countries for t in extract_transfers(read.sections, "en")] == [("United States",)]


@pytest.mark.parametrize(
    "lang, controller, used, name",
    [
        (
            "en",
            "Acme Widgets Ltd is the controller of your personal data.",
            "We use Quarkly Analytics Ltd to measure how our services are used.",
            "Quarkly Analytics Ltd",
        ),
        (
            "de",
            "Verantwortlicher für die Verarbeitung Ihrer Daten ist die Beispiel GmbH.",
            "Wir nutzen die Quarkly Analytics GmbH, um die Nutzung unserer Dienste zu messen.",
            "Quarkly Analytics GmbH",
        ),
    ],
)
def test_a_company_the_controller_uses_is_a_processor_not_the_controller(lang, controller, used, name):
    found = events(lang, [("Who we are", controller)], [("Who we are", f"{controller} {used}")])
    assert [e["name"] for e in found if e["type"] == "processor_added"] == [name], found
    assert "contact_changed" not in {e["type"] for e in found}, found


SUMMARY_TABLE = {
    "es": (
        "Información básica",
        "| Epígrafe | Información |\n|---|---|\n| Responsable | Muebles Arrieta, S.L. |\n"
        "| Finalidad | Gestionar los pedidos |\n| Destinatarios | {recipients} |",
    ),
    "en": (
        "Summary",
        "| Topic | Information |\n|---|---|\n| Controller | Acme Widgets Ltd |\n"
        "| Purpose | To handle your orders |\n| Recipients | {recipients} |",
    ),
}


@pytest.mark.parametrize(
    "lang, before, after",
    [
        ("es", "No se cederán datos a terceros, salvo obligación legal", "Google Ireland Limited (analítica web)"),
        ("en", "No data is shared with third parties unless the law requires it", "Google Ireland Limited (analytics)"),
    ],
)
def test_a_row_under_the_controllers_row_is_not_the_controllers(lang, before, after):
    """A summary table's rows each carry their own label: the recipients row below the controller's
    row names a recipient, not a second controller."""
    title, table = SUMMARY_TABLE[lang]
    found = events(lang, [(title, table.format(recipients=before))], [(title, table.format(recipients=after))])
    added = [e["name"] for e in found if e["type"] == "processor_added"]
    assert len(added) == 1 and added[0].startswith("Google Ireland Limited"), found
    assert "contact_changed" not in {e["type"] for e in found}, found


def test_a_row_naming_a_role_is_still_read_as_that_role():
    table = (
        "| Topic | Details |\n|---|---|\n| Data protection officer | {name}, dpo@acme.example |\n| Purpose | Orders |"
    )
    found = events(
        "en", [("Contacts", table.format(name="Jane Smith"))], [("Contacts", table.format(name="Mark Jones"))]
    )
    changed = [e for e in found if e["type"] == "contact_changed"]
    assert changed and changed[0]["role"] == "dpo", found


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "es",
            "En Muebles Arrieta tratamos la información que nos facilitan las personas interesadas.",
            "En Arrieta Hogar tratamos la información que nos facilitan las personas interesadas.",
        ),
        (
            "it",
            "In Mobili Rossi trattiamo i dati che ci vengono forniti dagli interessati.",
            "In Casa Rossi trattiamo i dati che ci vengono forniti dagli interessati.",
        ),
        (
            "pt",
            "Na Móveis Lusitânia tratamos as informações que nos fornece.",
            "Na Casa Lusitânia tratamos as informações que nos fornece.",
        ),
    ],
)
def test_a_verb_whose_unwritten_subject_is_we_names_no_processor(lang, old, new):
    """Spanish, Italian and Portuguese leave "we" unwritten: the name before "tratamos" is where the
    work is done, not a company doing it, so renaming it is no processor change."""
    found = events(lang, [("Finalidades", old)], [("Finalidades", new)])
    assert not [e for e in found if e["type"].startswith("processor_")], found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("es", "Quarkly Analytics S.L. trata los datos de navegación por cuenta nuestra."),
        ("it", "Quarkly Analytics S.r.l. tratta i dati di navigazione per nostro conto."),
    ],
)
def test_a_company_that_is_the_subject_of_the_verb_is_still_a_processor(lang, sentence):
    found = events(lang, [("Finalidades", "Sin cambios.")], [("Finalidades", f"Sin cambios. {sentence}")])
    assert [e["name"] for e in found if e["type"] == "processor_added"] == [sentence.split(" tra")[0]], found


@pytest.mark.parametrize(
    "old_item, new_item, added",
    [
        # the company in brackets is the product's owner, renamed or bought: the same vendor
        ("Mailchimp (The Rocket Science Group LLC), for newsletters", "Mailchimp (Intuit Inc.), for newsletters", []),
        ("SendGrid (Twilio Inc.), for e-mail", "SendGrid (Twilio Ireland Ltd), for e-mail", []),
        # a second vendor written beside the first is still a vendor of its own
        ("Stripe, for payments", "Stripe (and Adyen N.V. for card payments in Europe)", ["Adyen N.V."]),
    ],
)
def test_a_company_in_brackets_after_a_vendor_is_that_vendors_company(old_item, new_item, added):
    def section(item: str) -> tuple[str, str]:
        return ("Recipients", f"We share data with these providers:\n\n- {item}\n- Our accountants")

    found = events("en", [section(old_item)], [section(new_item)])
    assert [e["name"] for e in found if e["type"] == "processor_added"] == added, found
    assert not [e for e in found if e["type"] == "processor_removed"], found


@pytest.mark.parametrize(
    "lang, old, new, material",
    [
        ("nl", "Ons KvK-nummer is 30123456.", "KvK: 30123456.", False),
        ("en", "Our company number is 01234567.", "Company number: 01234567.", False),
        ("nl", "Ons KvK-nummer is 30123456.", "Ons KvK-nummer is 30999999.", False),  # a registry entry, not a term
        ("en", "We keep invoices for 6 years.", "We keep invoices: 10 years.", True),
    ],
)
def test_a_registration_number_stated_with_a_verb_is_still_a_registration(lang, old, new, material):
    found = events(lang, [("Who we are", f"{INTRO[lang]} {old}")], [("Who we are", f"{INTRO[lang]} {new}")])
    assert any(e["level"] == "material" for e in found) == material, found


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("da", "CVR-nr.: 38 21 47 65", "CVR-nummer: 38214765"),
        ("fr", "SIREN 123 456 789", "SIREN : 123456789"),
        ("sv", "Org.nr. 556677-8899", "Organisationsnummer: 556677-8899"),
    ],
)
def test_a_registration_number_written_in_groups_is_one_number(lang, old, new):
    """ "918 443 207" and "918443207" are one registration number: respelt, no term changed."""
    intro = INTRO.get(lang, INTRO["en"])
    found = events(lang, [("Who we are", f"{intro}\n\n{old}")], [("Who we are", f"{intro}\n\n{new}")])
    assert not [e for e in found if e["level"] == "material"], found


def test_a_number_after_a_registration_number_is_its_own():
    """Only digits written straight on in groups join the number: "since 2019" does not."""
    from policywatch.monitor.substance import features

    assert features("Company number 01234567 since 2019", "en").registrations == ("01234567",)
    assert features("CVR-nr. 38 21 47 65", "da").registrations == ("38214765",)


@pytest.mark.parametrize(
    "lang, old, new, changed",
    [
        (
            "nl",
            "De Spaak B.V., gevestigd aan de Oudegracht 112, 3511 AX Utrecht, is verantwoordelijk voor de verwerking.",
            "De Spaak B.V., met vestigingsadres Oudegracht 112, 3511 AX Utrecht, is verantwoordelijk voor de verwerking.",
            False,
        ),
        (
            "it",
            "Titolare del trattamento è Ottica Bella S.r.l., con sede in Via Roma 1, 10122 Torino.",
            "Titolare del trattamento è Ottica Bella S.r.l., con sede legale in Via Roma 1, 10122 Torino.",
            False,
        ),
        (
            "nl",
            "De Spaak B.V., gevestigd aan de Oudegracht 112, 3511 AX Utrecht, is verantwoordelijk voor de verwerking.",
            "De Spaak B.V., gevestigd aan de Vredenburg 40, 3511 BD Utrecht, is verantwoordelijk voor de verwerking.",
            True,
        ),
    ],
)
def test_the_words_that_lead_to_an_address_are_no_part_of_it(lang, old, new, changed):
    found = events(lang, [("Contact", old)], [("Contact", new)], "contact_changed")
    assert bool([e for e in found if e["kind"] == "address"]) == changed, found


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "fr",
            "Le responsable de traitement est Le Pélican SAS, dont le siège est situé 14, rue Mercière, 69002 Lyon.",
            "Le responsable de traitement est Le Pélican SAS, dont le siège est situé 3, place Bellecour, 69002 Lyon.",
        ),
        (
            "fr",
            "Le responsable de traitement est Le Pélican SAS, 14, rue Mercière, 69002 Lyon.",
            "Le responsable de traitement est Le Pélican SAS, 22, rue Mercière, 69002 Lyon.",
        ),
    ],
)
def test_a_number_written_before_its_street_with_a_comma_is_part_of_the_address(lang, old, new):
    """French writes "14, rue Mercière": the street starts lowercase, after the number and a comma."""
    found = events(lang, [("Qui sommes-nous ?", old)], [("Qui sommes-nous ?", new)], "contact_changed")
    [moved] = [e for e in found if e["kind"] == "address"]
    assert moved["old"].split(",")[0] in old and moved["new"].split(",")[0] in new, moved


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "Le Pélican SAS, au capital de {} €, est le responsable de traitement."),
        ("en", "Acme Widgets Ltd, with a share capital of £{}, is the controller."),
        ("it", "Il titolare è Ottica Bella S.r.l., capitale sociale i.v. € {}."),
        ("de", "Verantwortlich ist die Beispiel GmbH (Stammkapital {} Euro)."),
    ],
)
def test_the_share_capital_is_the_companys_identity_not_a_term(lang, sentence):
    found = events(lang, [("Controller", sentence.format("10 000"))], [("Controller", sentence.format("50 000"))])
    assert found and not [e for e in found if e["level"] == "material"], found


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        (
            "en",
            "We share your email address with Larkspur Mail Inc. so that it can send our newsletter.",
            "Larkspur Mail Inc.",
        ),
        (
            "fr",
            "Nous transmettons votre adresse e-mail à Larkspur Mail SAS pour l'envoi de la lettre.",
            "Larkspur Mail SAS",
        ),
        (
            "nl",
            "Wij delen uw e-mailadres met Larkspur Mail B.V. voor het versturen van de nieuwsbrief.",
            "Larkspur Mail B.V.",
        ),
        (
            "es",
            "Comunicamos su correo electrónico a Larkspur Mail S.A. para el envío del boletín.",
            "Larkspur Mail S.A.",
        ),
        (
            "it",
            "Comunichiamo il tuo indirizzo email a Larkspur Mail S.p.A. per l'invio della newsletter.",
            "Larkspur Mail S.p.A.",
        ),
    ],
)
def test_a_company_named_by_its_legal_form_that_receives_data_is_a_recipient(lang, sentence, name):
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == [name], found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "We never share your email address with Larkspur Mail Inc. or any other mailer."),
        ("fr", "Nous ne transmettons jamais votre adresse e-mail à Larkspur Mail SAS."),
        ("en", "Larkspur Mail Inc. shares the newsletter statistics with its customers."),  # the giver, not a receiver
        ("en", "This notice explains how we share information when you use the services of Larkspur Mail Inc."),
    ],
)
def test_a_company_that_gives_or_is_denied_data_is_no_recipient(lang, sentence):
    found = events_of_a_sentence_added(lang, sentence)
    assert not [e for e in found if e["type"] == "processor_added"], found


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("en", "Quillfeather Analytics B.V. helps us understand how the app is used.", "Quillfeather Analytics B.V."),
        ("de", "Die Quillfeather GmbH unterstützt uns bei der Auswertung der Nutzung.", "Quillfeather GmbH"),
        (
            "es",
            "Quillfeather Analytics S.L. nos ayuda a entender el uso de la aplicación.",
            "Quillfeather Analytics S.L.",
        ),
        # look-alikes: what helps is no company
        ("en", "Your feedback helps us understand what to fix.", None),
        ("de", "Ihr Feedback hilft uns, den Dienst zu verbessern.", None),
        ("en", "Our Customer Success Team helps us answer questions.", None),
    ],
)
def test_a_company_that_helps_us_is_a_processor(lang, sentence, name):
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == ([name] if name else []), found


def test_a_version_too_short_to_tell_its_language_is_read_in_the_others():
    """A few words edited on a short page can tip the language detection either way; read in no
    language, "vierzehn Tagen" is no period, and a rewording became a removed retention."""
    old = policy_from_text("# Speicherdauer\n\nProtokolldaten werden nach 14 Tagen gelöscht.\n")
    new = policy_from_text("# Speicherdauer\n\nWir löschen Protokolldaten nach vierzehn Tagen.\n")
    old.language, new.language = "de", None
    result = compare(old, new).to_json()
    assert result["new"]["language"] == "de"
    assert not [e for e in result["events"] if e["type"].startswith("retention")], result["events"]


def test_operated_by_names_the_controller_only_when_the_site_is_what_is_operated():
    site = "This website is operated by Acme Widgets Ltd."
    hosted = "Our website is hosted on servers operated by Nimbus Hosting GmbH in Germany."
    found = events("en", [("About", f"{INTRO['en']} {site}")], [("About", f"{INTRO['en']} {site} {hosted}")])
    assert [e["name"] for e in found if e["type"] == "processor_added"] == ["Nimbus Hosting GmbH"], found
    assert not [e for e in found if e["type"] == "contact_changed"], found
    controller = policy_from_text(page("en", ("About", site))).facts["contacts"]["controller"]
    assert controller.organisations == {"Acme Widgets Ltd"}


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        # German and Dutch close a clause with the verb or its particle: the bracket holds the data
        (
            "de",
            "Wir geben Ihre E-Mail-Adresse und Ihren Namen an die Larkspur Mail GmbH weiter.",
            "Larkspur Mail GmbH",
        ),
        ("de", "Ihre Bestelldaten werden an die Kassenwerk Payments GmbH übermittelt.", "Kassenwerk Payments GmbH"),
        ("de", "Unsere Website wird bei der Nimbus Hosting GmbH gehostet.", "Nimbus Hosting GmbH"),
        ("nl", "Wij geven uw naam en e-mailadres aan Tulpmail B.V. door.", "Tulpmail B.V."),
        ("nl", "Onze website wordt bij Polderhost B.V. gehost.", "Polderhost B.V."),
        # look-alikes: no company, a denied transfer, a country
        ("de", "Wir geben Ihre E-Mail-Adresse nicht an Dritte weiter.", None),
        ("de", "Ihre Daten werden auf Servern in Deutschland gehostet.", None),
        ("de", "Die Inhalte werden über Ihren Browser bereitgestellt.", None),
        ("nl", "Wij geven uw gegevens niet aan derden door.", None),
        ("nl", "Uw gegevens worden op servers in Nederland gehost.", None),
    ],
)
def test_a_recipient_inside_a_verb_bracket_is_read(lang, sentence, name):
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == ([name] if name else []), found


RETENTION_TITLE = {
    "en": "How long we keep data",
    "fr": "Durée de conservation",
    "de": "Speicherdauer",
    "es": "Plazo de conservación",
    "it": "Periodo di conservazione",
    "pt": "Prazo de conservação",
}


@pytest.mark.parametrize(
    "lang, old, new, fires",
    [
        # an age, written with the verb "to have" in the Romance languages, is no period
        (
            "fr",
            "Vous devez avoir au moins 15 ans pour utiliser le service.",
            "Vous devez avoir au moins 13 ans.",
            False,
        ),
        ("es", "Debes tener al menos 14 años para usar el servicio.", "Debes tener al menos 16 años.", False),
        ("it", "Devi avere almeno 14 anni per usare il servizio.", "Devi avere almeno 16 anni.", False),
        ("pt", "Deve ter pelo menos 13 anos para usar o serviço.", "Deve ter pelo menos 16 anos.", False),
        # a time to answer, in a retention section, keeps nothing
        ("en", "We answer requests within 30 days.", "We answer requests within 45 days.", False),
        (
            "de",
            "Wir beantworten Anfragen innerhalb eines Monats.",
            "Wir beantworten Anfragen innerhalb von zwei Monaten.",
            False,
        ),
        (
            "fr",
            "Nous répondons aux demandes dans un délai d'un mois.",
            "Nous répondons aux demandes dans un délai de deux mois.",
            False,
        ),
        ("es", "Responderemos en el plazo de un mes.", "Responderemos en el plazo de dos meses.", False),
        # a time to delete, or a period kept, is
        (
            "en",
            "We delete your data within 30 days of your request.",
            "We delete your data within 60 days of your request.",
            True,
        ),
        ("fr", "Les CV sont conservés six mois.", "Les CV sont conservés douze mois.", True),
        ("es", "Conservamos las incidencias hasta 2 años.", "Conservamos las incidencias hasta 3 años.", True),
        (
            "it",
            "Conserviamo i ticket di assistenza fino a 2 anni.",
            "Conserviamo i ticket di assistenza fino a 3 anni.",
            True,
        ),
    ],
)
def test_only_a_time_data_is_kept_for_is_a_retention_period(lang, old, new, fires):
    title = RETENTION_TITLE[lang]
    found = events(lang, [(title, old)], [(title, new)])
    assert any(e["type"] == "retention_changed" for e in found) == fires, found


SUBPROCESSOR_PAGE = (
    "<html><head><title>Subprocessors | Acme</title></head><body><main><h1>Acme subprocessors</h1>"
    "<p>Acme shares personal data with the following subprocessors.</p>{}"
    "<h2>Contact</h2><p>Write to privacy@acme.example.</p></main></body></html>"
)


@pytest.mark.parametrize(
    "shape",
    [
        "<dl><dt>{name}</dt><dd>Product analytics, United Kingdom</dd></dl>",  # a definition list
        "<details><summary>{name}</summary><p>Product analytics.</p></details>",  # an accordion
        "<h3>{name}</h3><p>Purpose: product analytics.</p><p>Location: United Kingdom.</p>",  # a heading each
    ],
)
def test_a_recipient_named_alone_in_a_list_of_recipients_is_read(shape):
    name = "Quillfeather Analytics Ltd"
    old = policy_from_text(SUBPROCESSOR_PAGE.format(""), "text/html")
    new = policy_from_text(SUBPROCESSOR_PAGE.format(shape.format(name=name)), "text/html")
    found = [e for e in compare(old, new).to_json()["events"] if e["type"] == "processor_added"]
    assert [e["name"] for e in found] == [name], found


@pytest.mark.parametrize(
    "title, text",
    [
        ("Who we are", "Acme Widgets Ltd"),  # a company alone, but not where recipients are listed
        ("Our subprocessors", "Data Retention"),  # two capitalised words are no company on their own
        ("Our subprocessors", "We review every subprocessor each year."),
    ],
)
def test_a_paragraph_alone_is_a_recipient_only_as_a_company_where_recipients_are_listed(title, text):
    found = events("en", [(title, INTRO["en"])], [(title, f"{INTRO['en']}\n\n{text}")])
    assert not [e for e in found if e["type"] == "processor_added"], found


@pytest.mark.parametrize(
    "lang, header, old, new",
    [
        ("en", "| Cookie | Provider | Purpose | Expiry |", "2 years", "14 months"),
        ("es", "| Cookie | Proveedor | Finalidad | Caducidad |", "2 años", "14 meses"),
        ("it", "| Cookie | Fornitore | Finalità | Scadenza |", "2 anni", "14 mesi"),
        ("nl", "| Cookie | Aanbieder | Doel | Looptijd |", "2 jaar", "14 maanden"),
        ("pt", "| Cookie | Fornecedor | Finalidade | Expiração |", "2 anos", "14 meses"),
    ],
)
def test_a_cookie_tables_expiry_column_holds_retention_periods(lang, header, old, new):
    def table(expiry: str, reverse: bool = False) -> str:
        rows = [f"| _ga | Google | Analytics | {expiry} |", "| _fbp | Meta | Advertising | 3 months |"]
        return "\n".join([header, "|---|---|---|---|", *(rows[::-1] if reverse else rows)])

    title = "Cookies"
    changed = events(lang, [(title, f"{INTRO[lang]}\n\n{table(old)}")], [(title, f"{INTRO[lang]}\n\n{table(new)}")])
    assert [e["type"] for e in changed if e["type"] == "retention_changed"] == ["retention_changed"], changed
    reordered = events(
        lang, [(title, f"{INTRO[lang]}\n\n{table(old)}")], [(title, f"{INTRO[lang]}\n\n{table(old, True)}")]
    )
    assert not [e for e in reordered if e["level"] == "material"], reordered


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "de",
            "Datenübermittlung",
            "Ihre Daten werden in Deutschland gespeichert.",
            "Ihre Daten werden in Deutschland und in den USA gespeichert.",
        ),
        (
            "nl",
            "Gegevensdoorgifte",
            "Uw gegevens worden in Nederland opgeslagen.",
            "Uw gegevens worden in Nederland en in de Verenigde Staten opgeslagen.",
        ),
    ],
)
def test_a_new_country_of_storage_in_a_verb_final_clause_is_a_transfer(lang, title, old, new):
    found = events(lang, [(title, old)], [(title, new)])
    assert [e["type"] for e in found if e["type"] == "transfer_changed"] == ["transfer_changed"], found


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        (
            "pt",
            "O nosso site é alojado pela Nimbus Cloud, Lda.",
            "Nimbus Cloud, Lda.",
        ),  # the form after its comma is the name's
        (
            "pt",
            "Utilizamos a Quillfeather Analytics Lda. para medir a utilização do serviço.",
            "Quillfeather Analytics Lda.",
        ),
        ("es", "Los pagos son gestionados por Kassenwerk Payments S.L.", "Kassenwerk Payments S.L."),
        ("it", "Il nostro sito è ospitato da Nimbus Cloud S.r.l.", "Nimbus Cloud S.r.l."),
        # look-alikes: a kind of cookie, the reader's own data
        ("es", "Utilizamos Cookies Técnicas para recordar sus preferencias.", None),
        ("it", "Utilizziamo Cookie Tecnici per ricordare le tue preferenze.", None),
        ("pt", "Utilizamos a sua morada para enviar encomendas.", None),
    ],
)
def test_a_company_after_a_romance_cue_is_read_past_its_article(lang, sentence, name):
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == ([name] if name else []), found


def markdown_events(lang: str, title: str, old: str, new: str) -> list[dict]:
    """The events of one section's text edited, on a Markdown page whose headings are plain questions."""

    def read(text: str):
        return policy_from_text(
            f"# Privacy policy\n\n{INTRO[lang]} {INTRO[lang]}\n\n## {title}\n\n{text}\n", "text/markdown"
        )

    return compare(read(old), read(new)).to_json()["events"]


@pytest.mark.parametrize(
    "lang, title, text, before, after",
    [
        (
            "es",
            "¿Quién es el responsable del tratamiento?",
            "Viajes Sol y Mar, S.L., con CIF B12345678 y domicilio en {street}, 28014 Madrid. "
            "Puede contactar con nosotros en privacidad@viajessol.es.",
            "Calle de Alcalá 45",
            "Calle de Goya 12",
        ),
        (
            "de",
            "Verantwortliche Stelle",
            "Verantwortlich ist die Wolkenwerk GmbH, {street}, 60311 Frankfurt am Main. Sie erreichen uns unter info@wolkenwerk.de.",
            "Kaiserstr. 12",
            "Mainzer Landstraße 50",
        ),
    ],
)
def test_an_address_inside_a_sentence_is_read_past_numbers_and_to_its_full_stop(lang, title, text, before, after):
    """A registration number before the street ("con CIF B123 y domicilio en ...") and the sentence
    that goes on after the place ("... 28014 Madrid. Puede contactar ...") leave the address whole:
    a moved controller is a contact change, naming its new street."""
    found = markdown_events(lang, title, text.format(street=before), text.format(street=after))
    changed = [e for e in found if e["type"] == "contact_changed"]
    assert changed and changed[0]["role"] == "controller" and changed[0]["level"] == "material", found
    assert after in changed[0]["new"], changed


def test_a_registration_label_without_its_number_joins_no_address():
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines("Acme SL, Calle Mayor 3, 28013 Madrid, Registro Mercantil de Madrid") == [
        "Calle Mayor 3, 28013 Madrid"
    ]
    assert address_lines("Example Ltd, 1 High Street, London EC1A 1BB (company no 123)") == [
        "1 High Street, London EC1A 1BB"
    ]


def test_contact_us_under_the_controllers_title_gives_the_controllers_email():
    text = "Acme Ltd is responsible for your data. Contact us at {email}."
    found = markdown_events(
        "en",
        "Who is the controller?",
        text.format(email="privacy@acme.example"),
        text.format(email="legal@acme.example"),
    )
    assert [(e["type"], e["role"]) for e in found if e["type"] == "contact_changed"] == [
        ("contact_changed", "controller")
    ]


RETENTION_TABLE = """# Política de privacidad

## {title}

| Datos | Plazo |
| --- | --- |
| Datos de reservas | {period} |
| Datos de marketing | Hasta que retire su consentimiento |
"""


@pytest.mark.parametrize(
    "title, changed",
    [
        ("¿Durante cuánto tiempo conservamos sus datos?", True),
        ("¿Qué datos tratamos y en qué plazos respondemos?", False),
    ],
)
def test_a_period_column_under_a_title_about_keeping_is_retention(title, changed):
    """ "Plazo" (term) alone is no retention word: a table of terms is retention only under a title
    about keeping data."""
    result = compare(
        policy_from_text(RETENTION_TABLE.format(title=title, period="5 años"), "text/markdown"),
        policy_from_text(RETENTION_TABLE.format(title=title, period="10 años"), "text/markdown"),
    )
    found = [e for e in result.events if e.type.startswith("retention_")]
    assert bool(found) == changed, [e.to_json() for e in result.events]
    if changed:
        assert found[0].type == "retention_changed" and found[0].level == "material"


@pytest.mark.parametrize(
    "text, names",
    [
        ("Olivar de la Vega, S.L.\nCIF: B-23456789", ["Olivar de la Vega S.L."]),
        ("Muebles del Sur, S.L.U.", ["Muebles del Sur S.L.U."]),
        ("Fratelli della Valle S.r.l.", ["Fratelli della Valle S.r.l."]),
        ("Maison du Monde SAS", ["Maison du Monde SAS"]),
        # two companies stay two; a role's line stays off the name
        ("Hosting is provided by Hetzner Online GmbH and by the team of Acme Ltd", ["Hetzner Online GmbH", "Acme Ltd"]),
        ("Data Protection Officer\nMTCH Technology Services Limited", ["MTCH Technology Services Limited"]),
    ],
)
def test_a_company_name_joined_by_any_languages_small_words_is_one_name(text, names):
    """ "Olivar de la Vega, S.L." read as "Vega S.L.": the words that join a name's parts ("de la",
    "del", "della") are the language files' `name_connectors`, of every language."""
    from policywatch.monitor.facts.contacts import organisations

    assert organisations(text) == names


@pytest.mark.parametrize(
    "old, new, changed",
    [
        ("Bellavista Optics S.r.l.", "Bellavista Optics S.p.A.", True),
        ("Acme Widgets GmbH", "Acme Widgets AG", True),
        ("Bellavista Optics S.r.l.", "Bellavista Optics Srl", False),
        ("Acme Widgets Ltd", "Acme Widgets Limited", False),
        ("Acme Widgets, Inc.", "Acme Widgets Incorporated", False),
    ],
)
def test_a_controller_that_changes_its_legal_form_is_another_company(old, new, changed):
    """ "S.r.l." and "S.p.A." are two companies of one name; "Ltd" and "Limited" one spelling."""
    text = "The controller of your personal data is {}, 1 High Street, London EC1A 1BB."
    found = markdown_events("en", "Who is responsible", text.format(old), text.format(new))
    contact = [e for e in found if e["type"] == "contact_changed" and e["kind"] == "organisation"]
    assert bool(contact) == changed, found
    if changed:
        assert contact[0]["level"] == "material" and contact[0]["role"] == "controller"


@pytest.mark.parametrize(
    "short, long_",
    [
        ("V.le Monza 12", "Viale Monza 12"),
        ("C.so Vittorio Emanuele II 5", "Corso Vittorio Emanuele II 5"),
        ("P.zza Duomo 1", "Piazza Duomo 1"),
    ],
)
def test_an_italian_street_abbreviated_is_the_same_address(short, long_):
    text = "Il titolare del trattamento è Acme S.r.l., {}, 20121 Milano."
    found = markdown_events("it", "Titolare del trattamento", text.format(long_), text.format(short))
    assert not [e for e in found if e["level"] == "material"], found


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "de",
            "Datenschutzbeauftragter",
            "Dr. Katrin Hoffmann\nBertoldstraße 8\n79098 Freiburg\nE-Mail: dsb@beispiel.example",
            "Markus Weber\nBertoldstraße 8\n79098 Freiburg\nE-Mail: dsb@beispiel.example",
        ),
        (
            "en",
            "Data Protection Officer",
            "Jane Whitfield\n14 Harbour Street\nLeeds LS1 4AB\nEmail: dpo@example.com",
            "Dr. Samuel Okafor\n14 Harbour Street\nLeeds LS1 4AB\nEmail: dpo@example.com",
        ),
    ],
)
def test_a_person_heading_a_block_of_contact_lines(lang, title, old, new):
    """A DPO's block addressed as an envelope is (name, street, postcode, e-mail): the first line is
    the person, and a new person is a changed contact."""
    found = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "person")], found
    assert found[0]["old"] and found[0]["new"], found


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "da",
            "Databeskyttelsesrådgiver",
            "Sofie Lindqvist\nE-mail: dpo@eksempel.dk",
            "Jonas Brandt\nE-mail: dpo@eksempel.dk",
        ),
        (
            "en",
            "Data Protection Officer",
            "Jane Whitfield\nPhone: +44 20 7946 0321",
            "Tom Ashby\nPhone: +44 20 7946 0321",
        ),
    ],
)
def test_a_person_over_a_single_contact_line(lang, title, old, new):
    """A DPO named over one line of contact (an e-mail address, a phone number) is as much a person
    as one over a whole address."""
    found = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "person")], found


@pytest.mark.parametrize(
    "lang, text, person",
    [
        (
            "nb",
            "Vi har et personvernombud som du kan kontakte om alt som gjelder behandlingen av "
            "personopplysningene dine: Ingrid Solberg, e-post ombud@eksempel.no.",
            ["Ingrid Solberg"],
        ),
        (
            "en",
            "We have appointed a data protection officer, whom you can ask about anything concerning "
            "your data: Dr. Jane Smith, dpo@example.com.",
            ["Jane Smith"],
        ),
        # a colon in another sentence, before an address, or before what the officer handles
        ("en", "We have appointed a data protection officer. Write to: Privacy Team, dpo@example.com.", []),
        ("en", "Our data protection officer can be reached at: dpo@example.com.", []),
        (
            "de",
            "Unseren Datenschutzbeauftragten erreichen Sie unter: Datenschutz Süd GmbH, Musterweg 3, 79098 Freiburg.",
            [],
        ),
        ("en", "Contact our data protection officer for the following: Access Requests, Deletion Requests.", []),
    ],
)
def test_the_person_an_appointed_role_names_after_a_colon(lang, text, person):
    """ "... personvernombud som du kan kontakte om alt ...: Ingrid Solberg": the name comes after a
    colon, however long the way there, in the role's own sentence."""
    from policywatch.monitor.facts.contacts import _role_span, people

    assert people(text, _role_span(text, lang), lang) == person


@pytest.mark.parametrize("lang", ["da", "de", "fr", "nl"])
@pytest.mark.parametrize("first", ["Privacy Team", "Customer Service", "Data Protection Team"])
def test_an_english_team_heading_contact_lines_is_no_person(lang, first):
    """Pages in every language borrow English for their teams and desks; "Privacy Team" over an
    e-mail address on a Danish page is no one's name."""
    from policywatch.monitor.facts.contacts import people

    assert people(f"{first}\nE-mail: privacy@example.com", None, lang, "dpo") == []
    assert people(f"{first}\nHavnegade 14\n8000 Aarhus C\nprivacy@example.com", None, lang, "dpo") == []


@pytest.mark.parametrize(
    "lang, title, first, other",
    [
        ("en", "Data Protection Officer", "Acme Medical Supply France", "Acme Medical Supply Belgium"),
        ("en", "Data Protection Officer", "Wenlock Road", "Harbour Road"),
        ("de", "Datenschutzbeauftragter", "Datenschutzbeauftragter", "Datenschutzbeauftragte"),
        # a company by its legal form, though its name before the form reads as a person's
        ("en", "Contact", "Harbour Outfitters, Inc.", "Harbour Traders, Inc."),
        ("nl", "Contact", "Zeewind Energie B.V.", "Zeewind Stroom B.V."),
    ],
)
def test_a_company_a_street_or_a_role_heading_contact_lines_is_no_person(lang, title, first, other):
    """The first line of an address block that is a company of a country, a street named without its
    number or the role itself is no person."""
    from policywatch.monitor.facts.contacts import people

    block = f"{first}\n12 Quay Street\nLondon EC1A 1BB\nEmail: dpo@example.com"
    assert people(block, None, lang, "dpo") == []
    assert people(block.replace(first, other), None, lang, "dpo") == []


def test_a_title_in_lowercase_after_an_elided_article_opens_a_name():
    """ "è l'avv. Giulia Bernardi": the lowercase title neither ends the sentence nor hides the name."""
    sentence = (
        "Il Responsabile della protezione dei dati (RPD) è l'avv. Giulia Bernardi, contattabile a rpd@esempio.it."
    )
    found = events(
        "it",
        [("Contatti", sentence)],
        [("Contatti", sentence.replace("l'avv. Giulia Bernardi", "il dott. Marco Ferri"))],
        "contact_changed",
    )
    assert [(e["role"], e["kind"], e["old"], e["new"]) for e in found] == [
        ("dpo", "person", "Giulia Bernardi", "Marco Ferri")
    ], found


HEADERLESS = """<html><body><main><h1>Privacy policy</h1><p>{intro}</p>
<h2>{title}</h2><p>{lead}</p>
<table>{rows}</table></main></body></html>"""


def _headerless(title: str, lead: str, rows: list[tuple[str, ...]]) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return HEADERLESS.format(intro=INTRO["en"], title=title, lead=lead, rows=cells)


def test_a_table_of_processors_without_a_header_row():
    """A table with no header row (its first row is read as one) lists processors all the same,
    each with the country of its row; a new row is a new processor, a new country a changed one."""
    rows = [("Acme Cloud Ltd", "Hosting", "Ireland"), ("Zentro Mail GmbH", "E-mail", "Germany")]
    title, lead = "Who we share your data with", "We share your data with these processors:"
    old = policy_from_text(_headerless(title, lead, rows), "text/html")
    assert {(p.name, p.location) for p in old.facts["processors"]} == {
        ("Acme Cloud Ltd", "Ireland"),
        ("Zentro Mail GmbH", "Germany"),
    }
    added = policy_from_text(
        _headerless(title, lead, [*rows, ("Brightdesk Inc.", "Support", "United States")]), "text/html"
    )
    moved = policy_from_text(_headerless(title, lead, [rows[0], ("Zentro Mail GmbH", "E-mail", "India")]), "text/html")
    assert [e["name"] for e in compare(old, added).to_json()["events"] if e["type"] == "processor_added"] == [
        "Brightdesk Inc."
    ]
    changed = [e for e in compare(old, moved).to_json()["events"] if e["type"] == "processor_changed"]
    assert [(e["name"], e["old"], e["new"]) for e in changed] == [("Zentro Mail GmbH", "Germany", "India")]


def test_a_headerless_table_of_something_else_names_no_processor():
    """Rows that do not open with a company (periods of keeping), or a table outside any section about
    recipients, are no processors."""
    periods = [("Account data", "2 years"), ("Invoices", "10 years")]
    assert (
        policy_from_text(_headerless("Who we share your data with", "Periods:", periods), "text/html").facts[
            "processors"
        ]
        == []
    )
    companies = [("Acme Cloud Ltd", "Founded 2004"), ("Zentro Mail GmbH", "Founded 2011")]
    assert policy_from_text(_headerless("Our history", "Milestones:", companies), "text/html").facts["processors"] == []


@pytest.mark.parametrize(
    "lang, title, old, new, kind",
    [
        (
            "pt",
            "Encarregado",
            "O nosso Encarregado pelo Tratamento de Dados Pessoais (DPO) é o Sr. Rafael Moreira Lima, contatável em dpo@exemplo.com.br.",
            "O nosso Encarregado pelo Tratamento de Dados Pessoais (DPO) é a Sra. Juliana Castro Alves, contatável em dpo@exemplo.com.br.",
            "person",
        ),
        (
            "pt",
            "Controlador",
            "A controladora dos seus dados é a Jangada Tecnologia Ltda., inscrita no CNPJ sob o nº 12.345.678/0001-90.",
            "A controladora dos seus dados é a Jangada Digital Ltda., inscrita no CNPJ sob o nº 12.345.678/0001-90.",
            "organisation",
        ),
        (
            "de",
            "Verantwortlicher",
            "Verantwortlich ist die Muster Software GmbH & Co. KG, Hauptstraße 1, 10115 Berlin.",
            "Verantwortlich ist die Muster Cloud GmbH & Co. KG, Hauptstraße 1, 10115 Berlin.",
            "organisation",
        ),
    ],
)
def test_a_role_named_after_an_article_or_with_a_form_of_another_country(lang, title, old, new, kind):
    """ "é o Sr. ...": an article is no name; "Ltda.", "Lda." and "GmbH & Co. KG" close a company's
    name as "Ltd" does."""
    found = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert [e["kind"] for e in found] == [kind], found


def test_a_processors_data_location_moving_is_a_changed_processor():
    """A table gives the entity's country and where the data is kept ("Entity country", "Data
    location"): the data moving to another country changes the processor."""
    header = "| Entity name | Purpose | Entity country | Data location |\n|---|---|---|---|\n"
    page = (
        "# Sub-processors\n\nAcme uses these sub-processors.\n\n"
        + header
        + "| Zentro Mail GmbH | E-mail | Germany | {} |\n"
    )
    old = policy_from_text(page.format("Germany"), "text/markdown")
    new = policy_from_text(page.format("United States"), "text/markdown")
    assert [p.location for p in old.facts["processors"]] == ["Germany"]
    changed = [e for e in compare(old, new).to_json()["events"] if e["type"] == "processor_changed"]
    assert [(e["old"], e["new"]) for e in changed] == [("Germany", "Germany, United States")]


def test_a_vendor_on_two_rows_is_in_both_places_and_either_moving_counts():
    """One vendor named on two rows (two services, or a cell spanning both rows) is in the places of
    both; the second service moving abroad changes it, the first row alone reworded does not."""
    page = (
        "# Sub-processors\n\nAcme uses these sub-processors.\n\n| Sub-processor | Service | Location |\n|---|---|---|\n"
        "| Zentro Mail GmbH | E-mail | Germany |\n| Zentro Mail GmbH | {service} | {place} |\n"
        "| Lindqvist Data AB | Backups | Sweden |\n"
    )
    old = policy_from_text(page.format(service="Calendars", place="Ireland"), "text/markdown")
    assert {p.name: p.location for p in old.facts["processors"]}["Zentro Mail GmbH"] == "Germany, Ireland"
    moved = policy_from_text(page.format(service="Calendars", place="United States"), "text/markdown")
    changed = [e for e in compare(old, moved).to_json()["events"] if e["type"] == "processor_changed"]
    assert [(e["name"], e["old"], e["new"]) for e in changed] == [
        ("Zentro Mail GmbH", "Germany, Ireland", "Germany, United States")
    ]
    reworded = policy_from_text(page.format(service="Calendar sync", place="Ireland"), "text/markdown")
    assert compare(old, reworded).to_json()["level"] != "material"


CHANGE_LOG = (
    "# Sub-processors\n\nLast updated: {date}\n\nAcme uses these sub-processors.\n\n"
    "| Sub-processor | Purpose |\n|---|---|\n{rows}\n\n## Change log\n\n{log}\n"
)


@pytest.mark.parametrize(
    "entry, names",
    [
        ("- September 15, 2025: Removed Zentro Mail GmbH", ["Stripe, Inc."]),
        ("- Zentro Mail GmbH removed (September 2025)", ["Stripe, Inc."]),
        ("- 15 September 2025 – Added Zentro Mail GmbH", ["Stripe, Inc.", "Zentro Mail GmbH"]),
        ("- Zentro Mail GmbH (added on 3 March 2025)", ["Stripe, Inc.", "Zentro Mail GmbH"]),
    ],
)
def test_a_change_log_line_lists_what_it_added_and_not_what_it_removed(entry, names):
    page = CHANGE_LOG.format(date="March 2, 2026", rows="| Stripe, Inc. | Payments |", log=entry)
    assert [p.name for p in policy_from_text(page, "text/markdown").facts["processors"]] == names


def test_a_vendor_removed_from_the_table_and_logged_as_removed_is_one_removal():
    rows = "| Stripe, Inc. | Payments |\n| Zentro Mail GmbH | E-mail |"
    old_log = "- September 15, 2025: Added Zentro Mail GmbH"
    old = CHANGE_LOG.format(date="March 2, 2026", rows=rows, log=old_log)
    new = CHANGE_LOG.format(
        date="April 9, 2026",
        rows="| Stripe, Inc. | Payments |",
        log=f"- April 9, 2026: Removed Zentro Mail GmbH\n{old_log}",
    )
    events = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()["events"]
    assert [(e["type"], e.get("name")) for e in events if e["type"].startswith("processor_")] == [
        ("processor_removed", "Zentro Mail GmbH")
    ]


@pytest.mark.parametrize(
    "lang, title, block, old, new, people",
    [
        (
            "de",
            "Verantwortliche Stelle",
            "Wiesengrund Yoga\nInhaberin: {}\nSchillerstraße 22\n04109 Leipzig",
            "Miriam Sommer",
            "Johanna Brandt",
            1,
        ),
        (
            "en",
            "Who we are",
            "Harbour Tea Rooms\nProprietor: {}\n14 Quay Street\nWhitby YO21 1AB",
            "Alice Hart",
            "Tom Reed",
            1,
        ),
        # an owner that is a company names no person
        (
            "de",
            "Verantwortliche Stelle",
            "Wiesengrund Yoga\nInhaber: {}\nSchillerstraße 22\n04109 Leipzig",
            "Sommer Holding GmbH",
            "Brandt Holding GmbH",
            0,
        ),
    ],
)
def test_a_sole_traders_owner_is_the_controllers_person(lang, title, block, old, new, people):
    """ "Inhaberin: Miriam Sommer": the owner of a one-person business is who controls the data."""
    found = events(lang, [(title, block.format(old))], [(title, block.format(new))], "contact_changed")
    assert len([e for e in found if e["kind"] == "person"]) == people, found


SUBPROCESSOR_INTRO = "Acme uses the following sub-processors to provide its service."
SHAPES = {
    # a definition list: the name, then a paragraph of labelled details
    "dl": lambda vs: "<dl>" + "".join(f"<dt>{n}</dt><dd>{p}. Location: {at}.</dd>" for n, p, at in vs) + "</dl>",
    # one card per vendor: its name as a heading over labelled lines
    "cards": lambda vs: "".join(f"<div><h3>{n}</h3><p>Purpose: {p}</p><p>Location: {at}</p></div>" for n, p, at in vs),
    # one paragraph per vendor: its name, then labelled lines
    "lines": lambda vs: "".join(f"<p><strong>{n}</strong><br>Purpose: {p}<br>Location: {at}</p>" for n, p, at in vs),
}
VENDORS = [("Resend", "Transactional email", "United States"), ("Linear", "Issue tracking", "United States")]


def _subprocessor_page(shape: str, vendors: list[tuple[str, str, str]]) -> str:
    body = SHAPES[shape](vendors)
    return f"<html><body><main><h1>Sub-processors</h1><p>{SUBPROCESSOR_INTRO}</p>{body}</main></body></html>"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_vendor_named_by_its_brand_over_labelled_details(shape):
    """A sub-processor list that gives each vendor as a bare brand ("Resend") over its labelled
    details ("Purpose: ...", "Location: ...") lists them, with their countries: a new one is added,
    one gone is removed, one moved is changed."""
    old = policy_from_text(_subprocessor_page(shape, VENDORS), "text/html")
    assert sorted((p.name, p.location) for p in old.facts["processors"]) == [
        ("Linear", "United States"),
        ("Resend", "United States"),
    ]

    def processor_events(vendors):
        new = policy_from_text(_subprocessor_page(shape, vendors), "text/html")
        return [
            (e["type"], e["name"]) for e in compare(old, new).to_json()["events"] if e["type"].startswith("processor_")
        ]

    assert processor_events([*VENDORS, ("Loops", "Newsletter", "United States")]) == [("processor_added", "Loops")]
    assert processor_events(VENDORS[1:]) == [("processor_removed", "Resend")]
    assert processor_events([VENDORS[0], ("Linear", "Issue tracking", "Canada")]) == [("processor_changed", "Linear")]


def test_labelled_details_under_a_category_or_a_heading_name_no_vendor():
    """Categories of recipients and headings of the page over labelled lines are no vendors."""
    page = (
        "# Who we share data with\n\nWe share your personal data with these recipients.\n\n"
        "### Payment Providers\n\nPurpose: processing payments\n\nLocation: European Union\n\n"
        "### Data Retention\n\nPurpose: compliance\n"
    )
    assert policy_from_text(page, "text/markdown").facts["processors"] == []


def test_a_change_log_line_that_adds_a_processor_in_a_sentence_lists_it():
    """ "Le 20 septembre 2022, nous avons ajouté un sous-traitant : Zentro" lists Zentro: the line,
    read without its date and its verb, names it after its label."""
    page = (
        "# Politique de confidentialité\n\nEn vigueur au 13 décembre 2024\n\n"
        "- Le 20 février 2023, nous avons retiré deux sous-traitants\n"
        "- Le 20 septembre 2022, nous avons ajouté un sous-traitant : Zentro\n\n"
        "Nous traitons vos données personnelles pour fournir le service et nous les partageons avec nos sous-traitants.\n"
    )
    assert "Zentro" in [p.name for p in policy_from_text(page, "text/markdown").facts["processors"]]


@pytest.mark.parametrize(
    "entry, place",
    [
        ("- Zentro Mail GmbH (e-mail, {})", True),
        ("- Zentro Mail GmbH ({})", True),
        ("- Zentro Mail GmbH, e-mail, {}", True),
        ("- Zentro Mail GmbH – e-mail – {}", True),
        # a country inside a sentence or a note is no entry's place
        ("- Zentro Mail GmbH, which sends our e-mail from {}", False),
        ("- Zentro Mail GmbH (see our notice for {})", False),
    ],
)
def test_a_list_entry_ending_in_a_country_gives_the_vendors_place(entry, place):
    """ "Name (purpose, Country)" is a row written as a list entry: the country it ends in is where
    the vendor is, and the vendor moving is a changed processor."""
    page = "# Privacy\n\n## Recipients\n\nWe share your data with our processors:\n\n{}\n- Lindqvist Data AB (backups, Sweden)\n"
    old = policy_from_text(page.format(entry.format("Germany")), "text/markdown")
    new = policy_from_text(page.format(entry.format("United States")), "text/markdown")
    located = {p.name: p.location for p in old.facts["processors"]}
    assert located["Lindqvist Data AB"] == "Sweden"
    assert located["Zentro Mail GmbH"] == ("Germany" if place else None)
    changed = [e for e in compare(old, new).to_json()["events"] if e["type"] == "processor_changed"]
    assert [(e["old"], e["new"]) for e in changed] == ([("Germany", "United States")] if place else [])


LOGGED = (
    "# Subverwerkers\n\nWij schakelen de volgende subverwerkers in.\n\n"
    "| Subverwerker | Dienst | Locatie |\n|---|---|---|\n"
    "| Postmark (ActiveCampaign, LLC) | Transactionele e-mails | Verenigde Staten |\n"
    "| Zentro Mail GmbH | Nieuwsbrieven | Duitsland |\n\n"
    "## Wijzigingslogboek\n\n{log}- 12 mei 2026: Zentro Mail GmbH toegevoegd.\n"
)


@pytest.mark.parametrize(
    "line, level",
    [
        # a line recording a change of a company both versions list: the lists carry the change
        ("- 4 september 2026: Locatie van Postmark bijgewerkt.\n", "minor"),
        ("- 4 september 2026: Doel van Zentro Mail GmbH bijgewerkt.\n", "minor"),
        ("- 4 september 2026: Locatie van Zentro Mail GmbH gewijzigd.\n", "minor"),
        # a company only the new line names is a new party
        ("- 4 september 2026: Twilio toegevoegd voor sms-verificatie.\n", "material"),
        ("- 4 september 2026: Lindqvist Data AB toegevoegd.\n", "material"),
    ],
)
def test_a_change_log_line_naming_a_listed_company_is_no_new_party(line, level):
    """A dated line of a change log that names a company both versions list records a change the
    page's lists show (as a processor's event when they changed); only a company the line alone
    names is new."""
    old = policy_from_text(LOGGED.format(log=""), "text/markdown")
    new = policy_from_text(LOGGED.format(log=line), "text/markdown")
    assert compare(old, new).to_json()["level"] == level
    assert "Zentro Mail GmbH" in [p.name for p in new.facts["processors"]]
    assert not [p.name for p in new.facts["processors"] if p.name.endswith(" Zentro Mail GmbH")]


@pytest.mark.parametrize(
    "line, names",
    [
        ("Provider: Zentro Analytics Ltd", ["Zentro Analytics Ltd"]),
        ("Partner: Zentro Analytics", ["Zentro Analytics"]),
        # a service's labelled details: a purpose, kinds of data, a place
        ("Purpose: Website Analytics", []),
        ("Personal Data processed: Trackers; Usage Data", []),
        ("Place of processing: United States – Privacy Policy", []),
    ],
)
def test_a_labelled_line_in_a_list_of_recipients_names_a_company_by_its_label_and_value(line, names):
    """Among recipients, "Label: Value" names a company unless its label names another column (a
    purpose, a place) or its value is a list of data or a country."""
    page = f"# Third parties\n\nWe share your personal data with the following third parties.\n\n{line}\n"
    assert [p.name for p in policy_from_text(page, "text/markdown").facts["processors"]] == names


@pytest.mark.parametrize(
    "old, new, changes",
    [
        ("six (6) months", "twelve (12) months", [("6 months", "12 months")]),
        ("twenty-four (24) months", "thirty-six (36) months", [("24 months", "36 months")]),
        ("six (6) months", "6 months", []),
    ],
)
def test_a_number_in_words_repeated_in_digits_is_one_period(old, new, changes):
    """ "Six (6) months", as contracts write it, is one period of six months, not two."""
    sentence = "We keep your personal information for no longer than {} after you close your account."
    found = events(
        "en", [("Retention", sentence.format(old))], [("Retention", sentence.format(new))], "retention_changed"
    )
    assert [(e["old"], e["new"]) for e in found] == changes


@pytest.mark.parametrize(
    "lang, header, old, new",
    [
        ("nl", "| Subverwerker | Doel | Vestigingsland |", "Frankrijk", "Verenigde Staten"),
        ("de", "| Unterauftragsverarbeiter | Zweck | Serverstandort |", "Frankreich", "USA"),
    ],
)
def test_a_location_column_named_by_a_compound_word(lang, header, old, new):
    """Dutch and German write a column's place as one compound word ("Vestigingsland",
    "Serverstandort"): a vendor moving there is a changed processor."""
    table = (
        "# Subprocessors\n\nAcme uses these subprocessors.\n\n"
        + header
        + "\n|---|---|---|\n| Brevo SAS | E-mail | {} |\n"
    )
    before = policy_from_text(table.format(old), "text/markdown")
    after = policy_from_text(table.format(new), "text/markdown")
    assert [e["type"] for e in compare(before, after).to_json()["events"] if e["type"].startswith("processor_")] == [
        "processor_changed"
    ]


@pytest.mark.parametrize(
    "lang, title, block, person",
    [
        (
            "en",
            "Contact",
            "Data Protection Officer\nJane Whitfield\n14 Harbour Street\nLeeds LS1 4AB\ndpo@example.com",
            "Jane Whitfield",
        ),
        (
            "de",
            "Kontakt",
            "Datenschutzbeauftragter:\nDr. Jane Whitfield\nMusterstraße 1\n10115 Berlin",
            "Jane Whitfield",
        ),
        (
            "fr",
            "Contact",
            "Délégué à la protection des données :\nMme Claire Dubois\n12 rue de la Paix\n75002 Paris",
            "Claire Dubois",
        ),
        # the line after the role is an address or a company: no person
        ("en", "Contact", "Data Protection Officer\n14 Harbour Street\nLeeds LS1 4AB\ndpo@example.com", None),
        ("en", "Contact", "Data Protection Officer\nPrivacy Partners Ltd\n14 Harbour Street\ndpo@example.com", None),
    ],
)
def test_a_role_as_a_label_on_its_own_line_then_its_person(lang, title, block, person):
    """ "Data Protection Officer" on a line of its own, then the person on the next: the person of
    that role; and a company so named is the role's organisation, without the label's words."""
    dpo = policy_from_text(page(lang, (title, block))).facts["contacts"]["dpo"]
    assert sorted(dpo.people) == ([person] if person else [])
    assert all("\n" not in org and "Officer" not in org for org in dpo.organisations)


def test_a_business_whose_owner_a_line_below_names_is_no_person():
    """ "Wiesengrund Yoga" over "Inhaberin: Miriam Sommer": the business's name heads the block, and
    the owner is its person."""
    from policywatch.monitor.facts.contacts import people

    block = "Wiesengrund Yoga\nInhaberin: Miriam Sommer\nSchillerstraße 22\n04109 Leipzig"
    assert people(block, None, "de", "controller") == ["Miriam Sommer"]
    assert people(block, None, "de", "dpo") == ["Miriam Sommer"]


@pytest.mark.parametrize("first", ["Compliance Department", "Head Office"])
def test_a_department_heading_a_controllers_contact_lines_is_no_person(first):
    """A controller's or a contact's block is as often headed by a department as by a person: a
    name heads contact lines as a person only in a role a person is appointed to, or after a title."""
    from policywatch.monitor.facts.contacts import people

    block = f"{first}\n12 Quay Street\nLondon EC1A 1BB\nEmail: privacy@example.com"
    assert people(block, None, "en", "controller") == []
    assert people(block, None, "en", "contact") == []
    assert people(block.replace(first, "Dr. Jane Whitfield"), None, "en", "controller") == ["Jane Whitfield"]


@pytest.mark.parametrize(
    "lang, text, period",
    [
        ("de", "Wir speichern die Daten ein halbes Jahr.", "6 months"),
        ("en", "We keep the data for half a year.", "6 months"),
        ("nl", "Wij bewaren de gegevens een half jaar.", "6 months"),
        ("da", "Vi opbevarer oplysningerne et halvt år.", "6 months"),
        ("es", "Conservamos los datos durante medio año.", "6 months"),
        ("it", "Conserviamo i dati per mezzo anno.", "6 months"),
        ("pl", "Przechowujemy dane przez pół roku.", "6 months"),
        ("en", "We keep the data for a year and a half.", "18 months"),
        ("fr", "Nous conservons les données un an et demi.", "18 months"),
        ("es", "Conservamos los datos durante un año y medio.", "18 months"),
        ("de", "Wir speichern die Daten 1,5 Jahre.", "18 months"),
        ("en", "We keep the data for 2.5 years.", "30 months"),
        ("en", "We keep the data for 2.5 days.", "60 hours"),
        # one word for one and a half
        ("nl", "Wij bewaren uw gegevens maximaal anderhalf jaar.", "18 months"),
        ("de", "Wir speichern die Daten anderthalb Jahre.", "18 months"),
        ("de", "Wir speichern die Daten eineinhalb Jahre lang.", "18 months"),
        ("da", "Vi opbevarer oplysningerne i halvandet år.", "18 months"),
        ("nb", "Vi lagrer opplysningene i halvannet år.", "18 months"),
    ],
)
def test_a_half_or_a_decimal_is_one_period(lang, text, period):
    """ "ein halbes Jahr" is six months, not a year; "1,5 Jahre" is eighteen months, not one year
    and five years."""
    from policywatch.monitor.facts.retention import find_periods
    from policywatch.monitor.lang import language

    found = [p for _, _, p in find_periods(language(lang), language(lang).tokens(text))]
    assert found == [period], found


@pytest.mark.parametrize(
    "lang, old, new, material",
    [
        ("de", "Wir speichern Ihre Daten 6 Monate.", "Wir speichern Ihre Daten ein halbes Jahr.", False),
        ("en", "We keep your data for 18 months.", "We keep your data for a year and a half.", False),
        ("en", "We keep your data for 1 year.", "We keep your data for 1.5 years.", True),
        ("en", "We keep half of the records for 3 years.", "We keep half of the records for 4 years.", True),
    ],
)
def test_a_period_respelt_as_a_half_is_no_change(lang, old, new, material):
    found = events(lang, [("Retention", old)], [("Retention", new)])
    assert any(e["level"] == "material" for e in found) == material, found


@pytest.mark.parametrize(
    "table, removed, extra, level",
    [
        # a cookie's row gone with the cookie: it keeps nothing for longer
        ("| Cookie | Purpose | Expiry |", "| cart | Remembers your basket | 30 days |", "", "minor"),
        # a kind of data the page still names, no longer with its period: the period is gone
        (
            "| Data | Purpose | Retention |",
            "| Account data | Running your account | 2 years |",
            "We use your account data to run your account.",
            "material",
        ),
    ],
)
def test_a_retention_row_gone_with_its_subject_keeps_nothing_longer(table, removed, extra, level):
    rows = f"{table}\n|---|---|---|\n| session | Keeps you signed in | 1 day |\n"
    page = "# Privacy policy\n\n" + INTRO["en"] + " {}\n\n## How long we keep data\n\nWe keep data as follows.\n\n{}"
    old = policy_from_text(page.format(extra, rows + removed + "\n"), "text/markdown")
    new = policy_from_text(page.format(extra, rows), "text/markdown")
    found = [e for e in compare(old, new).to_json()["events"] if e["type"] == "retention_changed"]
    assert [e["level"] for e in found] == [level], found


@pytest.mark.parametrize(
    "lang, sentence, names",
    [
        (
            "it",
            "Google reCAPTCHA è un servizio di protezione dallo SPAM fornito da Google Ireland Limited.",
            {"Google reCAPTCHA"},
        ),
        (
            "en",
            "Our forms use hCaptcha, a SPAM protection service provided by Intuition Machines, Inc.",
            {"Intuition Machines, Inc."},
        ),
    ],
)
def test_what_a_service_guards_against_is_no_company(lang, sentence, names):
    """ "protezione dallo SPAM fornito da ...": the word before "provided by" is what the service
    protects from, written in capitals, not a company."""
    found = events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {sentence}")], "processor_added")
    assert "SPAM" not in {e["name"] for e in found} and names <= {e["name"] for e in found}, found


@pytest.mark.parametrize(
    "lang, old, new, material",
    [
        # a mailbox named after a role is that role's address, when nothing else names one
        (
            "fr",
            "Pour toute question, écrivez à dpo@exemple.fr.",
            "Pour toute question, écrivez à privacy@exemple.fr.",
            True,
        ),
        ("it", "Per informazioni scrivete a rpd@esempio.it.", "Per informazioni scrivete a info@esempio.it.", True),
        ("de", "Fragen richten Sie an dsb@beispiel.de.", "Fragen richten Sie an hilfe@beispiel.de.", True),
        # other mailboxes name no role: a changed one is a rewording
        (
            "en",
            "For any question, write to privacy@example.com.",
            "For any question, write to hello@example.com.",
            False,
        ),
        (
            "fr",
            "Pour toute question, écrivez à info@exemple.fr.",
            "Pour toute question, écrivez à bonjour@exemple.fr.",
            False,
        ),
    ],
)
def test_a_mailbox_named_after_a_role_is_that_roles_address(lang, old, new, material):
    """ "écrivez à dpo@exemple.fr" in a section that names no role: the mailbox says whose it is."""
    found = events(lang, [("Transfers", f"{INTRO[lang]} {old}")], [("Transfers", f"{INTRO[lang]} {new}")])
    assert any(e["type"] == "contact_changed" and e["level"] == "material" for e in found) == material, found


@pytest.mark.parametrize(
    "lang, item, moved",
    [
        ("fr", "**Crisp IM SAS** – messagerie du support client – France", "États-Unis"),
        ("en", "Loopwise Ltd - customer surveys - Ireland", "India"),
        ("de", "Hetzner Online GmbH · Hosting · Deutschland", "USA"),
    ],
)
def test_a_list_entry_written_as_a_row_gives_its_country(lang, item, moved):
    """ "Name – purpose – Country": a list entry that ends in a country says where the vendor is, as a
    table's row does, and the vendor moving is a changed processor."""
    intro = {"fr": "Nos sous-traitants :", "en": "Our sub-processors:", "de": "Unsere Auftragsverarbeiter:"}[lang]
    country = _ITEM_COUNTRY[lang]
    old = f"{intro}\n\n- {item}\n- Stripe Payments Europe, Ltd. - payments"
    found = events(lang, [("Sub-processors", old)], [("Sub-processors", old.replace(country, moved))])
    assert [(e["type"], e["what"]) for e in found if e["type"].startswith("processor")] == [
        ("processor_changed", "location")
    ], found


_ITEM_COUNTRY = {"fr": "France", "en": "Ireland", "de": "Deutschland"}


def test_a_way_to_reach_the_dpo_is_no_vendor_sentence():
    """ "Hij is te bereiken via fg@...": "via" introduces vendors ("sent via Mailchimp"), but a
    sentence that names no company is the role's own."""
    text = "Onze Functionaris Gegevensbescherming is dhr. Pieter de Graaf. Hij is te bereiken via fg@voorbeeld.nl."
    found = events(
        "nl",
        [("Functionaris Gegevensbescherming", text)],
        [("Functionaris Gegevensbescherming", text.replace("fg@", "privacy@"))],
        "contact_changed",
    )
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "email")], found


@pytest.mark.parametrize(
    "lang, text, ours",
    [
        (
            "nl",
            "U kunt een verzoek sturen naar privacy@voorbeeld.nl. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.",
            ("contact", "privacy@voorbeeld.nl"),
        ),
        (
            "en",
            "Send your request to rights@example.com. You may also complain to the Information Commissioner's Office.",
            ("contact", "rights@example.com"),
        ),
    ],
)
def test_an_address_before_the_authoritys_sentence_is_ours(lang, text, ours):
    """A rights paragraph that ends by naming the supervisory authority: the address given before, in
    a sentence of its own, is where to send requests to us, not the authority's."""
    from policywatch.monitor.facts.contacts import role_blocks

    blocks = role_blocks(policy_from_text(page(lang, ("Your rights", text))))
    assert ours[1] in blocks[ours[0]].emails and ("authority" not in blocks or not blocks["authority"].emails)


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("de", "Wir nutzen die Hetzner Online GmbH für das Hosting unserer Website.", "Hetzner Online GmbH"),
        ("de", "Wir nutzen die Muster Logistik GmbH & Co. KG für den Versand.", "Muster Logistik GmbH & Co. KG"),
        ("en", "We use Bank of Ireland PLC for card payments.", "Bank of Ireland PLC"),
    ],
)
def test_a_legal_form_ends_a_vendors_name_in_prose(lang, sentence, name):
    """German capitalises its nouns: "GmbH für das Hosting" ran on as one name. A legal form ends
    it, unless what follows carries the form on ("& Co.")."""
    found = events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {sentence}")], "processor_added")
    assert [e["name"] for e in found] == [name], found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("pl", "Przechowujemy dane konta tak długo, jak Twoje konto jest aktywne."),
        ("pl", "Przechowujemy dane konta, dopóki Twoje konto istnieje."),
    ],
)
def test_a_polish_period_while_the_account_lasts(lang, sentence):
    from policywatch.monitor.facts.retention import extract_retention

    found = extract_retention(policy_from_text(page(lang, ("Okres przechowywania", sentence))).sections, lang)
    assert [r.period for r in found] == ["while account active"], found


@pytest.mark.parametrize(
    "sentence, names",
    [
        ('Zentro Labs, Inc. ("Zentro", "we") provides route planning software to couriers.', {"Zentro Labs Inc"}),
        ("Brightdesk Analytics, LLC provides our usage statistics.", {"Brightdesk Analytics LLC"}),
        # a comma before a name that is no legal form still ends the name read backwards
        ("For our usage statistics, Brightdesk Analytics provides the dashboards.", {"Brightdesk Analytics"}),
    ],
)
def test_a_legal_form_after_a_comma_belongs_to_its_name(sentence, names):
    """ "Acme, Inc. provides ...": the form is part of the name before the comma, never a company
    called "Inc." of its own."""
    from policywatch.monitor.facts.processors import _names_after_cues

    found = set(_names_after_cues(sentence, "en"))
    assert names <= found and not {n for n in found if n.strip(".").lower() in {"inc", "llc"}}, found


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("You can opt out by turning on the Global Privacy Control signal in your browser.", None),
        ("Acme Ltd is the controller of your personal data.", "controller"),
        ("Acme Ltd acts as data controller.", "controller"),
    ],
)
def test_a_word_with_a_doubled_consonant_and_ending_is_another_word(sentence, role):
    """ "control" and "controller" stem alike, but the second is a derivation of the first (its
    last letter doubled, then "-er"): a browser's privacy control names no controller."""
    from policywatch.monitor.facts.contacts import _first_role

    assert _first_role(sentence, "en") == role


DL_PAGE = """<html><body><main><h1>Sub-processors</h1>
<p>We use the sub-processors below to provide our service. Each is bound by a data processing agreement.</p>
<h2>Infrastructure</h2>
<dl><dt>Zentro Cloud Ltd</dt><dd>Purpose: Hosting and storage</dd><dd>{label}: {first}</dd>
<dt>Brightdesk Analytics GmbH</dt><dd>Purpose: Usage statistics</dd><dd>Location: Germany</dd></dl>
<h2>Support</h2>
<div class="card"><h3>Helpwise Software Ltd</h3><p>Customer support chat</p><p>{card}</p></div>
</main></body></html>"""


@pytest.mark.parametrize(
    "old, new, changed",
    [
        # a definition list's entry: its location is in its second detail
        (("Location", "Ireland", "Ireland"), ("Location", "United States", "Ireland"), "Zentro Cloud Ltd"),
        # a card: the vendor's heading, what it does, and its country in a paragraph of its own
        (("Location", "Ireland", "Ireland"), ("Location", "Ireland", "India"), "Helpwise Software Ltd"),
        # the same place under another label, or written otherwise: no move
        (("Location", "Ireland", "Ireland"), ("Hosting location", "Ireland", "Ireland"), None),
        (("Location", "Ireland", "United Kingdom"), ("Location", "Ireland", "UK"), None),
    ],
)
def test_a_vendor_moved_in_a_definition_list_or_a_card(old, new, changed):
    """Sub-processor pages lay vendors out as a definition list ("Zentro Cloud Ltd" / "Purpose: ..."
    / "Location: ...") or as cards (heading, purpose, country): a vendor's new country is a
    processor_changed of that vendor, and a label or spelling changed is none."""

    def read(values):
        label, first, card = values
        return policy_from_text(DL_PAGE.format(label=label, first=first, card=card), "text/html")

    found = [e for e in compare(read(old), read(new)).to_json()["events"] if e["type"] == "processor_changed"]
    assert [e["name"] for e in found] == ([changed] if changed else []), found


@pytest.mark.parametrize(
    "lang, title, sentence",
    [
        ("en", "Your rights", "To exercise your rights, call us toll-free at {phone} or email us."),
        ("fr", "Vos droits", "Pour exercer vos droits, appelez-nous au {phone}."),
        ("de", "Ihre Rechte", "Um Ihre Rechte auszuüben, rufen Sie uns unter {phone} an."),
        ("es", "Sus derechos", "Para ejercer sus derechos, llámenos al {phone}."),
        ("nl", "Uw rechten", "Om uw rechten uit te oefenen, bel ons op {phone}."),
    ],
)
def test_a_phone_number_to_call_us_on_is_the_contacts(lang, title, sentence):
    """ "Call us at ..." in any section gives the privacy contact's number, as "contact us at"
    does: a new number is a contact_changed."""
    old, new = (sentence.format(phone=p) for p in ("+44 20 7946 0321", "+44 20 7946 0999"))
    found = events(lang, [(title, old)], [(title, new)], "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [("contact", "phone")], found


def test_calling_the_reader_is_no_contact_of_ours():
    """ "We may call you" tells how we reach the reader, not how to reach us: its number is no contact."""
    sentence = "We may call you at {phone} to confirm a large order."
    old, new = (sentence.format(phone=p) for p in ("+44 20 7946 0321", "+44 20 7946 0999"))
    assert events("en", [("Orders", old)], [("Orders", new)], "contact_changed") == []


def test_a_phone_number_written_with_non_breaking_hyphens_is_the_same_number():
    """Typesetting writes "1‑800‑555‑0134" with non-breaking hyphens so that it never wraps: the
    same number, no contact change."""
    sentence = "To exercise your rights, call us at {phone}."
    old, new = (sentence.format(phone=p) for p in ("1-800-555-0134", "1\u2011800\u2011555\u20110134"))
    assert events("en", [("Your rights", old)], [("Your rights", new)], "contact_changed") == []


@pytest.mark.parametrize(
    "sentence, named",
    [
        ("Laboratory samples are sent to Axwell Diagnostics Ltd together with your name.", True),
        ("Your order is forwarded to Brindle Couriers Ltd for delivery.", True),
        # sent by the company, to nobody named
        ("Reminders are sent to you by Hollowbrook Clinics Ltd each spring.", False),
    ],
)
def test_a_company_data_is_sent_to_is_a_recipient(sentence, named):
    """ "sent to" and "forwarded to" give data away as "shared with" does: the company after them
    receives it; the company that sends is no recipient."""
    found = events_of_a_sentence_added("en", sentence)
    assert any(e["type"] == "processor_added" for e in found) is named, found


def test_a_data_protection_lead_named_in_prose_is_the_dpo():
    """Organisations without a designated DPO name a "Data Protection Lead": the same role to a
    reader, whose change of person is a contact change."""
    sentence = "To use these rights, write to our Data Protection Lead, {name}, at privacy@example.com."
    found = events(
        "en",
        [("Your rights", sentence.format(name="Mrs Helen Carver"))],
        [("Your rights", sentence.format(name="Mr David Pryce"))],
        "contact_changed",
    )
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", "person")], found


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("de", "Ihre Bestellung wird an die Brindle Kurier GmbH weitergeleitet.", "Brindle Kurier GmbH"),
        ("fr", "Les échantillons sont envoyés à Axwell Diagnostics SAS avec votre nom.", "Axwell Diagnostics SAS"),
        ("es", "Su pedido se remite a Brindle Mensajería S.L. para la entrega.", "Brindle Mensajería S.L."),
        (
            "it",
            "I campioni vengono inviati ad Axwell Diagnostica S.r.l. insieme al suo nome.",
            "Axwell Diagnostica S.r.l.",
        ),
        (
            "nl",
            "Uw bestelling wordt doorgestuurd naar Brindle Koeriers B.V. voor de bezorging.",
            "Brindle Koeriers B.V.",
        ),
        ("pt", "A sua encomenda é encaminhada para a Brindle Estafetas Lda. para entrega.", "Brindle Estafetas Lda."),
        ("sv", "Proverna skickas till Axwell Diagnostik AB tillsammans med ditt namn.", "Axwell Diagnostik AB"),
        ("da", "Din ordre videresendes til Brindle Kurer ApS til levering.", "Brindle Kurer ApS"),
        ("nb", "Prøvene sendes til Axwell Diagnostikk AS sammen med navnet ditt.", "Axwell Diagnostikk AS"),
        (
            "pl",
            "Próbki są wysyłane do Axwell Diagnostyka sp. z o.o. wraz z Twoim imieniem.",
            "Axwell Diagnostyka sp. z o.o.",
        ),
    ],
)
def test_a_company_data_is_sent_or_forwarded_to_in_every_language(lang, sentence, name):
    """Sending and forwarding give data away in every language file, as sharing does."""
    found = [e["name"] for e in events_of_a_sentence_added(lang, sentence) if e["type"] == "processor_added"]
    assert found == [name], found


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "Personal information has the meaning provided by the California Consumer Privacy Act."),
        ("de", "Die Verarbeitung erfolgt nach dem Bundesdatenschutzgesetz, das die Behörde durchsetzt."),
        (
            "de",
            "Daten eines intelligenten Messsystems werden nur im Rahmen des Messstellenbetriebsgesetzes verarbeitet.",
        ),
        ("fr", "Ce traitement est encadré par la Loi Informatique et Libertés qui protège vos données."),
    ],
)
def test_a_law_is_no_processor(lang, sentence):
    """ "provided by the California Consumer Privacy Act": a cue before a law's name; the name of a
    law (its last word "Act", "-gesetz", or a first "Loi" before lowercase words) is no company."""
    found = events_of_a_sentence_added(lang, sentence)
    assert not [e for e in found if e["type"].startswith("processor")], found


def test_a_term_spelt_out_before_its_acronym_is_no_processor():
    """ "Multi-Factor Authentication (MFA): ... we use MFA for ...": the page defines the acronym as
    a term, and "we use" before it names no vendor. A vendor named the same way still is one."""
    sentence = "Multi-Factor Authentication (MFA): to protect accounts, we use MFA for access to sensitive systems."
    assert not [e for e in events_of_a_sentence_added("en", sentence) if e["type"] == "processor_added"]
    vendor = "To protect accounts, we use Brightgate Identity for access to sensitive systems."
    assert [e["name"] for e in events_of_a_sentence_added("en", vendor) if e["type"] == "processor_added"] == [
        "Brightgate Identity"
    ]


@pytest.mark.parametrize(
    "item, named",
    [
        # an entry that reads on as a sentence, its first word one the page writes in lowercase
        ("Platforms to help us receive and answer support requests.", False),
        ("Responding to the requests for support our members send.", False),
        # a vendor's entry: its name, then a mark
        ("Helpwise – support requests.", True),
        ("Helpwise to answer support requests.", True),
    ],
)
def test_a_list_entry_that_reads_as_a_sentence_names_no_vendor(item, named):
    """In a list of recipients, "Acme – hosting" names Acme; "Platforms to help us ..." is a sentence
    whose first word the page uses as a common word ("our platforms", "when responding")."""
    page = (
        "# Policy\n\n{intro} When responding, we use platforms and tools.\n\n"
        "## Who receives your data\n\nWe share data with these recipients:\n\n- {item}\n- Zentro Cloud Ltd – hosting.\n"
    )
    old = policy_from_text(page.format(intro=INTRO["en"], item="Zentro Mail Ltd – e-mail."), "text/markdown")
    new = policy_from_text(page.format(intro=INTRO["en"], item=item), "text/markdown")
    added = [e["name"] for e in compare(old, new).to_json()["events"] if e["type"] == "processor_added"]
    assert bool(added) is named, added


def test_a_table_of_contents_entry_with_a_colon_names_no_vendor():
    """ "[Appendix: Technical Notes](#appendix)" in a table of contents reads "Label: Name" but is a
    link to a part of the page, not a vendor given data."""
    page = "# Policy\n\n## Contents\n\n[Recipients of your data](#recipients)\n\n[{entry}](#appendix)\n\n## Recipients of your data\n\nWe share data with Zentro Cloud Ltd.\n"
    old, new = (
        policy_from_text(page.format(entry=e), "text/markdown") for e in ("Appendix", "Appendix: Technical Notes")
    )
    assert not [e for e in compare(old, new).to_json()["events"] if e["type"].startswith("processor")]


def test_the_company_in_the_title_named_with_its_legal_form_is_no_processor():
    """A US notice opens "Zentro Labs, Inc. (“Zentro”, “we”) provides ...": the company the page is
    about, as its title says ("Privacy Policy | Zentro Labs"), with its legal form; no processor."""
    html = (
        "<html><head><title>Privacy Policy | Zentro Labs</title></head><body><main><h1>Privacy Policy</h1>"
        "<p>Zentro Labs, Inc. (“Zentro”, “we”) provides route planning software to couriers.</p>"
        "<h2>Service providers</h2><p>We use Brightdesk Analytics to measure how the app is used.</p></main></body></html>"
    )
    found = policy_from_text(html, "text/html").facts["processors"]
    assert [p.name for p in found] == ["Brightdesk Analytics"], found


@pytest.mark.parametrize(
    "text, address",
    [
        ("Our office is at Unit 3, Blackbrook Park, Taunton, TA1 2PX.", "Unit 3, Blackbrook Park, Taunton, TA1 2PX"),
        ("The unit price of 5 pounds applies to each order.", None),
    ],
)
def test_a_uk_address_that_opens_with_its_unit(text, address):
    """UK business addresses open with the unit on an estate ("Unit 3, Blackbrook Park"); "unit"
    before a number in prose is no address."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == ([address] if address else [])


@pytest.mark.parametrize(
    "lang, header, row, names",
    [
        # a brand's name that is a word of the page's language, as a whole cell beside the row's vendor
        ("sv", "Leverantör | Ändamål | Land", "Zentro Cloud AB | Drift | Sverige", ["Zentro Cloud AB"]),
        ("it", "Fornitore | Finalità | Paese", "Zentro Cloud S.r.l. | Piano | Italia", ["Zentro Cloud S.r.l."]),
        # a brand named within a cell is the service the vendor uses: still read
        (
            "en",
            "Provider | Purpose | Country",
            "Zentro Cloud Ltd | Analytics via Segment | Ireland",
            ["Zentro Cloud Ltd", "Segment"],
        ),
    ],
)
def test_a_one_word_brand_filling_a_purpose_cell_is_that_cells_word(lang, header, row, names):
    """Swedish "Drift" (operation) and Italian "Piano" (plan) are brands in the catalogue too; as
    the whole purpose cell of a row whose vendor cell names its vendor, they are the purpose."""
    page = f"# Policy\n\n{INTRO[lang]}\n\n## Recipients\n\n| {header} |\n|---|---|---|\n| {row} |\n"
    assert [p.name for p in policy_from_text(page, "text/markdown").facts["processors"]] == names


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "Our servers are hosted by Amazon Web Services, Inc. in Frankfurt.",
            "Our servers are hosted by AWS in Frankfurt.",
        ),
        ("We keep backups for thirty days.", "We keep encrypted backups for thirty days in the EU."),
    ],
)
def test_a_plain_text_title_stays_one_however_long_its_sentence(old, new):
    """In plain text, a short line alone over a paragraph is a title; the sentence under it
    growing or shrinking past 60 characters must not make the title a paragraph of the section
    before (a section removed, a false material alert)."""
    found = events("en", [("Hosting", old)], [("Hosting", new)])
    assert not [e for e in found if e["type"] in ("section_removed", "section_added")], found
    from policywatch.monitor.plaintext import to_markdown

    assert "## Hosting" in to_markdown(page("en", ("Hosting", new)))


@pytest.mark.parametrize(
    "text, address",
    [
        # a floor or suite in lowercase beside the street, in three languages
        ("Nuestra oficina está en la Calle Mayor 5, piso 3, 28013 Madrid.", "Calle Mayor 5, piso 3, 28013 Madrid"),
        ("La nostra sede si trova in Via Roma 1, scala B, 20121 Milano.", "Via Roma 1, scala B, 20121 Milano"),
        # a Brazilian street, its number after a comma, a suite, after prose
        (
            "A Acme Ltda. tem sede na Rua Augusta, 1500, conjunto 42, São Paulo – SP, CEP 01304-001.",
            "Rua Augusta, 1500, conjunto 42, São Paulo, SP, CEP 01304-001",
        ),
        # a street word that begins a company's name is no unit: the address starts at the street
        ("Cantina Le Colline S.r.l, Corso Langhe 5, 12051 Alba (CN)", "Corso Langhe 5, 12051 Alba (CN)"),
    ],
)
def test_an_address_with_its_floor_or_suite_is_read_whole(text, address):
    """ "piso 3", "scala B", "conjunto 42" are part of the address they stand in: read as its start,
    the street before them was lost, and a street that moved read as half an address."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == [address]


@pytest.mark.parametrize(
    "old, new, entity",
    [
        ("Google LLC", "Google Ireland Limited", True),  # the same vendor through another company
        ("Stripe, Inc.", "Stripe Inc", False),  # the same company written otherwise
        ("Google", "Google Ireland Limited", False),  # a brand, then its company: no company before
    ],
)
def test_a_vendor_contracting_through_another_company(old, new, entity):
    """ "provided by Google LLC" -> "by Google Ireland Limited": one vendor, now through another of its
    companies (another country's law, often): a minor processor_changed of its legal entity."""
    sentence = "We use Google Analytics, provided by {}, to measure traffic."
    found = events("en", [("Analytics", sentence.format(old))], [("Analytics", sentence.format(new))])
    changed = [e for e in found if e["type"] == "processor_changed" and e["what"] == "legal entity"]
    assert [(e["old"], e["new"], e["level"]) for e in changed] == ([(old, new, "minor")] if entity else []), found
    assert not [e for e in found if e["type"] in ("processor_added", "processor_removed")], found


def test_a_title_over_a_sentence_of_a_few_words_stays_a_title():
    """ "Email" over "We send emails through Mailchimp." (five words) is a title whether the sentence
    names "Mailchimp" or "Intuit Mailchimp"; a company's name on the next line ("Acme Widgets Inc.")
    is no sentence under a title."""
    from policywatch.monitor.plaintext import to_markdown

    for sentence in ("We send emails through Mailchimp.", "We send emails through Intuit Mailchimp."):
        assert "## Email" in to_markdown(page("en", ("Email", sentence)))
    assert "## Providers" not in to_markdown(page("en", ("Providers", "Acme Widgets Inc.")))


@pytest.mark.parametrize(
    "lang, sentence, kind, old, new",
    [
        (
            "de",
            "Unseren Konzerndatenschutzbeauftragten, Herrn {}, erreichen Sie unter dsb@example.de.",
            "person",
            "Hans Müller",
            "Karl Weber",
        ),
        (
            "de",
            "Unseren Konzerndatenschutzbeauftragten erreichen Sie unter {}.",
            "email",
            "dsb@example.de",
            "datenschutz@example.de",
        ),
        ("sv", "Vårt koncerndataskyddsombud nås på {}.", "email", "dso@example.se", "integritet@example.se"),
    ],
)
def test_a_role_named_inside_a_compound(lang, sentence, kind, old, new):
    """German and the Nordic languages write a group DPO as one word ("Konzerndatenschutzbeauftragter",
    "koncerndataskyddsombud"): the compound names the role its long last part names."""
    found = events(lang, [("Kontakt", sentence.format(old))], [("Kontakt", sentence.format(new))], "contact_changed")
    assert [(e["role"], e["kind"]) for e in found] == [("dpo", kind)], found


def test_a_long_role_word_inside_an_english_word_is_no_role():
    """English writes no such compounds: "nonrepresentative" names no representative."""
    from policywatch.monitor.facts.contacts import _first_role

    assert _first_role("Our survey used a nonrepresentative sample of users.", "en") is None


def test_both_companies_named_in_both_versions_is_no_new_legal_entity():
    """A vendor named through two of its companies ("Google LLC and Google Ireland Limited"): the
    two written the other way round put the other one first, which is no change of the company
    contracted."""
    sentence = "Ads on our site are served by {} and {}, who receive your device identifiers."
    old = ("Advertising", sentence.format("Google LLC", "Google Ireland Limited"))
    new = ("Advertising", sentence.format("Google Ireland Limited", "Google LLC"))
    found = events("en", [old], [new])
    assert not [e for e in found if e["type"] == "processor_changed"], found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Musterfirma GmbH\nHauptstraße 12a\n10115 Berlin", "Hauptstraße 12a, 10115 Berlin"),
        ("Skärgårdsdata AB\nStrandvägen 7A\n114 56 Stockholm", "Strandvägen 7A, 114 56 Stockholm"),
        ("Stationsplein 45B\n3013 AK Rotterdam", "Stationsplein 45B, 3013 AK Rotterdam"),
        ("Vesterbrogade 12B, 1620 København V", "Vesterbrogade 12B, 1620 København V"),
    ],
)
def test_a_house_number_with_a_letter_is_a_street(text, expected):
    """ "Hauptstraße 12a", "Strandvägen 7A": a house number may carry a letter, and the street is
    still the address's first line."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == [expected]


def test_a_house_number_with_a_letter_moving_is_a_changed_address():
    old = "Musterfirma GmbH\nHauptstraße 12a\n10115 Berlin\nE-Mail: datenschutz@musterfirma.example"
    found = events("de", [("Verantwortlicher", old)], [("Verantwortlicher", old.replace("12a", "14"))])
    assert [(e["type"], e["kind"]) for e in found if e["type"] == "contact_changed"] == [("contact_changed", "address")]


@pytest.mark.parametrize(
    "lang, title, text, person",
    [
        ("da", "Klage", "Du kan klage til Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby.", None),
        (
            "es",
            "Reclamaciones",
            "Puede presentar una reclamación ante la Agencia Española de Protección de Datos, Calle Jorge Juan 6, 28001 Madrid.",
            None,
        ),
        (
            "en",
            "Data protection officer",
            "Our data protection officer is Jisoo Park, 12 Main Street, Leeds LS1 6DT.",
            "Jisoo Park",
        ),
    ],
)
def test_a_street_named_after_a_person_is_no_person(lang, title, text, person):
    """ "Carl Jacobsens Vej 35" is a street: a name that runs into a house number is an address,
    while a person written before their address stays a person."""
    contacts = policy_from_text(page(lang, (title, text))).facts["contacts"]
    found = sorted(p for block in contacts.values() for p in block.people)
    assert found == ([person] if person else []), found


def test_the_supervisory_authoritys_phone_number_is_no_material_change():
    """The regulator's phone number added beside its address is where to complain, not how to reach
    the company: minor, as its address is; the controller's phone number is material."""
    rights = "Du kan klage til Datatilsynet, Carl Jacobsens Vej 35, 2500 Valby{}."
    found = events(
        "da", [("Dine rettigheder", rights.format(""))], [("Dine rettigheder", rights.format(", telefon 33 19 32 00"))]
    )
    assert max((e["level"] for e in found), key=["none", "minor", "material"].index) == "minor", found
    ours = "Havblik Sko ApS, Søndergade 18, 8000 Aarhus C, telefon {}."
    found = events(
        "da", [("Dataansvarlig", ours.format("86 12 34 56"))], [("Dataansvarlig", ours.format("70 20 30 40"))]
    )
    assert "material" in [e["level"] for e in found], found


@pytest.mark.parametrize(
    "lang, title, text",
    [
        (
            "it",
            "Titolare del trattamento",
            "Il titolare del trattamento è Ortensia Ceramiche S.r.l., con sede in Via dei Vasai 14, 06053 Deruta.",
        ),
        ("es", "Responsable", "Responsable: Olivar Vega Alta, S.L., Calle Mayor 3, 23001 Jaén."),
        ("en", "Controller", "The controller is Harbour Lights Ltd, 1 High Street, London EC1A 1BB."),
    ],
)
def test_a_company_written_with_its_legal_form_is_no_person(lang, title, text):
    """ "Ortensia Ceramiche S.r.l." is a company: two capitalised words followed by a legal form
    name the controller's organisation, never a person of it."""
    contacts = policy_from_text(page(lang, (title, text))).facts["contacts"]
    assert [p for block in contacts.values() for p in block.people] == []
    assert any(block.organisations for block in contacts.values())


@pytest.mark.parametrize(
    "lang, sentence, names",
    [
        (
            "it",
            "I dati possono essere comunicati a corrieri e spedizionieri (Zentro Logistica S.p.A., Vettori Uniti S.r.l.).",
            {"Zentro Logistica S.p.A.", "Vettori Uniti S.r.l."},
        ),
        (
            "en",
            "We disclose your order details to delivery companies (Zentro Freight Ltd, Lindqvist Cargo AB).",
            {"Zentro Freight Ltd", "Lindqvist Cargo AB"},
        ),
        # brackets after words that lead to no receiver: the company is no recipient
        ("en", "We share your data with couriers, and our parent company (Zentro Holding S.p.A.) audits them.", set()),
    ],
)
def test_companies_given_as_examples_in_brackets_receive_the_data(lang, sentence, names):
    """ "comunicati a corrieri (Acme S.p.A., Beta S.r.l.)": the companies in brackets are examples of
    the receivers the words before the bracket lead to, each of them one."""
    found = {e["name"] for e in events_of_a_sentence_added(lang, sentence) if e["type"] == "processor_added"}
    assert found == names


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("pt", "Utilizamos a Zentro IT Group, S.A. (Espanha) como sistema de reservas.", "Zentro IT Group, S.A."),
        ("en", "We use Lindqvist Data Group, Inc. to store backups.", "Lindqvist Data Group, Inc."),
        ("es", "Utilizamos Vega Cloud Services, S.L. para alojar la plataforma.", "Vega Cloud Services, S.L."),
    ],
)
def test_a_legal_form_after_a_comma_ends_the_name_a_cue_leads_to(lang, sentence, name):
    """ "we use Zentro IT Group, S.A. ...": the form after the comma is the name's, and a name of
    common words ("IT Group", "Cloud Services") is a company by it."""
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == [name], found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rua do Ouro, 112, 2.º, 1100-063 Lisboa", "Rua do Ouro, 112, 2.º, 1100-063 Lisboa"),
        ("Calle Mayor, 3, 5.º B, 28013 Madrid", "Calle Mayor, 3, 5.º B, 28013 Madrid"),
        (
            "A Zentro Viagens, Lda., com sede na Rua do Ouro, 112, 2.º, 1100-063 Lisboa, é a responsável.",
            "Rua do Ouro, 112, 2.º, 1100-063 Lisboa",
        ),
    ],
)
def test_a_street_its_number_and_its_floor_each_after_a_comma_are_one_address(text, expected):
    """ "Rua do Ouro, 112, 2.º, 1100-063 Lisboa": Portugal and Spain write the number and the floor
    as parts of their own between the street and the postcode."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == [expected]


@pytest.mark.parametrize(
    "lang, title, text",
    [
        (
            "pt",
            "Reclamações",
            "Tem o direito de apresentar reclamação à Comissão Nacional de Proteção de Dados (CNPD), Av. D. Carlos I, 134, 1.º, 1200-651 Lisboa.",
        ),
        ("es", "Reclamaciones", "Puede reclamar ante la Agencia Española de Protección de Datos (www.aepd.es)."),
        ("en", "Complaints", "You may complain to the Irish Data Protection Commission at any time."),
    ],
)
def test_an_institutions_name_is_no_person(lang, title, text):
    """ "Comissão Nacional de Proteção de Dados" is an institution: a name that opens with an
    institution's word (or of three words or more, closes with one) is no one's name."""
    contacts = policy_from_text(page(lang, (title, text))).facts["contacts"]
    assert [p for block in contacts.values() for p in block.people] == []


@pytest.mark.parametrize(
    "lang, title, old, new",
    [
        (
            "pt",
            "Responsável pelo tratamento",
            "Exemplo Viagens, Lda., Av. da Liberdade, 245, 1250-143 Lisboa",
            "Exemplo Viagens, Lda., Avenida da Liberdade, 245, 1250-143 Lisboa",
        ),
        (
            "es",
            "Responsable",
            "Ejemplo S.L., Av. de la Paz 3, 28001 Madrid",
            "Ejemplo S.L., Avenida de la Paz 3, 28001 Madrid",
        ),
    ],
)
def test_a_short_form_two_languages_share_is_the_same_street_word(lang, title, old, new):
    """ "Av." is short for "avenue" in French and for "avenida" in Spanish and Portuguese: written
    either way, a Lisbon address is the same address, no contact change."""
    found = events(lang, [(title, old)], [(title, new)])
    assert [e for e in found if e["type"] == "contact_changed"] == [], found


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Verantwortlich ist die Zentro Energie GmbH, Am Hafen 12a, 26506 Norden, Telefon 04931 123456.",
            "Am Hafen 12a, 26506 Norden",
        ),
        ("Zentro GmbH\nIm Gewerbepark 3\n93059 Regensburg", "Im Gewerbepark 3, 93059 Regensburg"),
        ("Am Markt 5, 10115 Berlin, Telefon 030 123456", "Am Markt 5, 10115 Berlin"),
        ("Av. Paulista, 1000, 01310-100 São Paulo, SP", "Av. Paulista, 1000, 01310-100 São Paulo, SP"),
    ],
)
def test_a_street_without_a_street_word_before_its_postcode_and_no_phone_after(text, expected):
    """ "Am Hafen 12a" names no street word, yet capitalised words and a house number right before a
    postcode are the street; a phone number after the place ("Telefon 04931 123456") is no part of
    the address."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == [expected]


@pytest.mark.parametrize(
    "lang, title, text, names",
    [
        (
            "en",
            "Recipients",
            "We use the following processors: Zentro Mail GmbH (e-mail); Lindqvist Data AB (backups, Sweden); "
            "Vega Cloud, S.L. (hosting).",
            {"Zentro Mail GmbH": None, "Lindqvist Data AB": "Sweden", "Vega Cloud, S.L.": None},
        ),
        (
            "de",
            "Empfänger",
            "Als Auftragsverarbeiter setzen wir ein: die Zentro IT-Services GmbH (Rechenzentrum, Deutschland); "
            "die Powercloud GmbH (Abrechnungssystem); die Lindqvist Druck AG (Briefversand).",
            {"Zentro IT-Services GmbH": "Germany", "Powercloud GmbH": None, "Lindqvist Druck AG": None},
        ),
        (
            "es",
            "Destinatarios",
            "Contamos con los siguientes encargados del tratamiento: Zentro Nube Limited (alojamiento, Irlanda), "
            "Correos Vega, S.A. (envíos, España) y Lindqvist Mail AB (boletín, Suecia).",
            {"Zentro Nube Limited": "Ireland", "Correos Vega, S.A.": "Spain", "Lindqvist Mail AB": "Sweden"},
        ),
        # a colon after words of no recipient, a clause after the colon, and a firm whose name joins two names
        ("en", "Recipients", "Please note: Zentro Holding Ltd owns our company.", {}),
        ("en", "Recipients", "Service providers: see the list at the end, kept by Zentro Ads Ltd.", {}),
        (
            "en",
            "Recipients",
            "Our processors are listed here: Smith and Quarkly LLP (legal advice).",
            {"Smith and Quarkly LLP": None},
        ),
    ],
)
def test_a_sentence_that_lists_processors_after_a_colon_lists_each(lang, title, text, names):
    """ "We use the following processors: A (...); B (...); C (...)" lists each company, split
    outside its brackets, with the country its own entry ends in."""
    found = policy_from_text(page(lang, (title, text))).facts["processors"]
    assert {p.name: p.location for p in found if p.listed} == names


VENDOR_LIST = (
    "# Privacy\n\nWe process personal data to provide the service you asked for and to answer your questions.\n\n"
    "## Who helps us\n\n{items}\n"
)


@pytest.mark.parametrize(
    "items, named",
    [
        (
            "1. **Zentro Hosting GmbH** (Germany) hosts the sync servers.\n"
            "2. **Lindqvist Mail AB** (Sweden) sends account emails.\n"
            "3. **Vega Errors, S.L.** (Spain) receives crash reports, only if you opt in.",
            {"Zentro Hosting GmbH": "Germany", "Lindqvist Mail AB": "Sweden", "Vega Errors, S.L.": "Spain"},
        ),
        # a list of steps or features, one company named in passing, our own offices: no list of vendors
        (
            "1. Open the app and sign in.\n2. Choose Settings and then Sync.\n3. Zentro Hosting GmbH stores your backup.",
            {},
        ),
        ("- Zentro Labs Ltd (United Kingdom)\n- Zentro Labs GmbH (Germany)\n- Zentro Labs AB (Sweden)", {}),
    ],
)
def test_a_list_whose_items_open_with_companies_lists_vendors(items, named):
    """A list whose items nearly all open with a company's name is a list of vendors, whatever its
    heading ("Who helps us"), each with the country in the bracket after its name."""
    found = policy_from_text(VENDOR_LIST.format(items=items), "text/markdown").facts["processors"]
    assert {p.name: p.location for p in found if p.listed} == named


SIDEWAYS = (
    "<html><body><main><h1>Sub-processors</h1><p>Acme uses the following sub-processors to provide the service.</p>"
    "<table><tr><th>{label}</th><td>Zentro Cloud GmbH</td><td>Lindqvist Mail AB</td>{extra}</tr>"
    "<tr><th>Purpose</th><td>Hosting</td><td>E-mail</td>{extra_purpose}</tr>"
    "<tr><th>Location</th><td>Germany</td><td>{place}</td>{extra_place}</tr></table></main></body></html>"
)


def sideways(label: str = "Sub-processor", place: str = "Sweden", added: bool = False):
    extras = ("<td>Vega Errors, S.L.</td>", "<td>Crash reports</td>", "<td>Spain</td>") if added else ("", "", "")
    html = SIDEWAYS.format(label=label, place=place, extra=extras[0], extra_purpose=extras[1], extra_place=extras[2])
    return policy_from_text(html, "text/html")


def test_a_table_on_its_side_lists_a_vendor_per_column():
    """A table whose first column holds the labels ("Sub-processor", "Purpose", "Location") gives
    one vendor per column, with its place: a column added is a processor added, a place changed a
    processor changed."""
    old = sideways()
    assert {p.name: p.location for p in old.facts["processors"]} == {
        "Zentro Cloud GmbH": "Germany",
        "Lindqvist Mail AB": "Sweden",
    }
    moved = [
        e for e in compare(old, sideways(place="United States")).to_json()["events"] if e["type"] == "processor_changed"
    ]
    assert [(e["name"], e["old"], e["new"]) for e in moved] == [("Lindqvist Mail AB", "Sweden", "United States")]
    added = [
        e["name"] for e in compare(old, sideways(added=True)).to_json()["events"] if e["type"] == "processor_added"
    ]
    assert added == ["Vega Errors, S.L."]
    # labels of anything else in the first column ("Cookie") make no vendors of the columns
    assert [p.name for p in sideways(label="Cookie").facts["processors"] if p.listed] == []


@pytest.mark.parametrize(
    "lang, sentence, name",
    [
        ("pl", "Nasza strona jest hostowana przez Zentro Hosting Sp. z o.o.", "Zentro Hosting Sp. z o.o."),
        ("pl", "Nasza strona jest hostowana przez Zentro Hosting Sp. z o.o. w Polsce.", "Zentro Hosting Sp. z o.o."),
        ("en", "Our site is hosted by Zentro Hosting Ltd in London.", "Zentro Hosting Ltd"),
    ],
)
def test_a_legal_form_of_several_words_ends_the_name_whole(lang, sentence, name):
    """ "Zentro Hosting Sp. z o.o.": a form written in several words is the name's, not cut at its
    first dot."""
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == [name], found


@pytest.mark.parametrize(
    "lang, sentence, names",
    [
        ("en", "Payments are processed by our payment provider, Lindqvist Pay AB.", ["Lindqvist Pay AB"]),
        ("fr", "Les paiements sont traités par notre prestataire Lindqvist Pay AB.", ["Lindqvist Pay AB"]),
        # our own people, or a company further on in another clause: no company named by its role
        ("en", "Requests are handled by our support team. Lindqvist Pay AB is our bank.", []),
        ("en", "Requests are handled by our support team and our auditors at Zentro Audit LLP.", []),
        ("en", "This data is provided by you.", []),
    ],
)
def test_a_company_named_right_after_its_role_is_the_cues(lang, sentence, names):
    """ "processed by our payment provider, Lindqvist Pay AB": "our" after the cue speaks of a role
    of ours, and the company named within a few words of it fills that role."""
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == names, found


@pytest.mark.parametrize(
    "lang, sentence, names",
    [
        ("es", "Nuestra web está alojada en los servidores de Zentro Hosting, S.L.", ["Zentro Hosting, S.L."]),
        ("en", "Your data is stored on the servers of Zentro Hosting Ltd in Ireland.", ["Zentro Hosting Ltd"]),
        ("de", "Die Daten werden auf den Servern der Zentro Hosting GmbH gespeichert.", ["Zentro Hosting GmbH"]),
        ("fr", "Vos données sont stockées sur les serveurs de Zentro Hébergement SAS.", ["Zentro Hébergement SAS"]),
        ("it", "I dati sono archiviati sui server di Zentro Hosting S.r.l.", ["Zentro Hosting S.r.l."]),
        # our own servers, or a provider not named
        ("en", "Your data is stored on the servers of our hosting provider.", []),
    ],
)
def test_the_company_whose_servers_hold_the_data_is_a_processor(lang, sentence, names):
    """ "on the servers of Zentro Hosting Ltd" names the host, in every language file; a cue that
    another cue overlaps ("alojada en" / "en los servidores de") is read by the one that leads on
    to a name."""
    found = events_of_a_sentence_added(lang, sentence)
    assert [e["name"] for e in found if e["type"] == "processor_added"] == names, found


DATA_TABLE = (
    "# Privacy\n\nWe process personal data to provide the service you asked for and to answer your questions.\n\n"
    "## What we collect\n\n| {first} | When | Why |\n|---|---|---|\n"
    "| Email address | You create an account | To sign you in |\n{row}| Crash reports | You opt in | To fix bugs |\n"
)


@pytest.mark.parametrize(
    "first, row, level",
    [
        # a row of a table that lists data: one more kind of data collected
        ("Data", "| Contacts | You invite a collaborator | To share a notebook |\n", "material"),
        (
            "Category of personal information",
            "| Contacts | You invite a collaborator | To share a notebook |\n",
            "material",
        ),
        # a table of cookies, or of anything else: one more row is no new kind of data
        ("Cookie", "| _zentro_id | You visit the site | To count visits |\n", "minor"),
        ("Step", "| Contacts | You invite a collaborator | To share a notebook |\n", "minor"),
    ],
)
def test_a_row_added_to_a_table_of_data_is_material(first, row, level):
    """A table whose first column lists data ("Data", "Category of personal information") gains a
    row: the page collects one more kind of data, whatever its words; a cookie table's row, or a
    table of steps, is one more row."""
    old = policy_from_text(DATA_TABLE.format(first=first, row=""), "text/markdown")
    new = policy_from_text(DATA_TABLE.format(first=first, row=row), "text/markdown")
    assert compare(old, new).to_json()["level"] == level
    assert compare(new, old).to_json()["level"] == level


CONTINUED = (
    "# Sub-processors\n\nAcme uses these sub-processors to provide the service.\n\n"
    "| Sub-processor | Service | Location |\n|---|---|---|\n"
    "| Zentro Mail GmbH | Email | Germany |\n|  | Calendars | {place} |\n| Lindqvist Data AB | Backups | Sweden |\n"
)


def test_a_row_that_leaves_the_vendors_cell_empty_goes_on_with_the_vendor_above():
    """Markdown cannot span rows, so a vendor with two services is written once, the next row's
    vendor cell left empty: that row's place is the vendor's too, and it moving changes the vendor."""
    old = policy_from_text(CONTINUED.format(place="Ireland"), "text/markdown")
    assert {p.name: p.location for p in old.facts["processors"]} == {
        "Zentro Mail GmbH": "Germany, Ireland",
        "Lindqvist Data AB": "Sweden",
    }
    new = policy_from_text(CONTINUED.format(place="United States"), "text/markdown")
    changed = [e for e in compare(old, new).to_json()["events"] if e["type"] == "processor_changed"]
    assert [(e["name"], e["new"]) for e in changed] == [("Zentro Mail GmbH", "Germany, United States")]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Écrivez au DPO, Zentro SAS 4 rue des Tanneurs 67000 Strasbourg. Pour toute autre question, écrivez-nous.",
            ["4 rue des Tanneurs 67000 Strasbourg"],
        ),
        (
            "Write to 100 Main Street, St. Louis, MO 63101. We answer within a month.",
            ["100 Main Street, St. Louis, MO 63101"],
        ),
        (
            "Data importer: Zentro Labs, LLC, 1200 Elm Street, Austin, TX 78701, Privacy Officer, privacy@zentro.example",
            ["1200 Elm Street, Austin, TX 78701"],
        ),
        ("Zentro Labs, Inc. 77 Pine St, Denver, CO 80202", ["77 Pine St, Denver, CO 80202"]),
        ("Zentro Ltd, 4 Castle Street, Edinburgh EH2 3AH, Scotland", ["4 Castle Street, Edinburgh EH2 3AH, Scotland"]),
        ("Av. Paulista, 1000, 01310-100 São Paulo, SP", ["Av. Paulista, 1000, 01310-100 São Paulo, SP"]),
        ("Rua Augusta 1, 1100-053 Lisboa, Portugal", ["Rua Augusta 1, 1100-053 Lisboa, Portugal"]),
        ("Acme, 3036, Limassol, Cyprus", ["3036, Limassol, Cyprus"]),
    ],
)
def test_an_address_ends_at_its_sentence_and_after_its_postcode_and_country(text, expected):
    """An address has no full stop inside and nothing but a country, a region's code or a postcode
    after its postcode and place: the next sentence ("Pour toute autre question ..."), a role's
    name ("Privacy Officer") and a company's legal form before the street are none of it."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == expected


def test_a_street_before_the_role_is_no_person():
    """ "Zentro Ltd, registered at 20 Elm Road, Leeds, is our DPO": the capitalised words before the
    role are the DPO's street and town, read after a house number; the company is the DPO."""
    text = "Zentro Privacy Ltd, a company registered at 20-22 Elm Road, Leeds, is our DPO."
    contacts = policy_from_text(page("en", ("Data protection officer", text))).facts["contacts"]
    assert [p for block in contacts.values() for p in block.people] == []
    assert "Zentro Privacy Ltd" in contacts["dpo"].organisations


def test_a_suites_number_is_no_phone_and_a_place_in_an_address_names_no_country():
    """ "Suite 102-405" holds six digits, yet it is a unit of the address, not a phone number that
    ends it; read whole, the address's town ("South Jordan", a country's name inside it) is no
    country the page newly names."""
    from policywatch.monitor.facts.contacts import address_lines
    from policywatch.monitor.substance import features

    line = "3731 W South Jordan Parkway, Suite 102-405, South Jordan, UT 84009"
    assert address_lines(line) == [line]
    assert "country:JO" not in features("3731 W South Jordan Parkway, Suite 102-405,", "en").parties
    old = page("en", ("Contact us", "Zentro Inc.\n100 Main Street, Suite 5,\nLehi, UT 84043"))
    new = page("en", ("Contact us", "Zentro Inc.\n3731 W South Jordan Parkway, Suite 102-405,\nSouth Jordan, UT 84009"))
    found = compare(policy_from_text(old), policy_from_text(new)).to_json()["events"]
    assert [e["type"] for e in found if e["level"] == "material"] == ["contact_changed"], found


def test_an_address_written_again_with_its_country_is_one_address():
    """The page gives its address twice, once ending with "USA": one address, the longer form."""
    text = "Zentro Inc., 1 Elm Street, Austin, TX 78701.\n\nWrite to Zentro Inc., 1 Elm Street, Austin, TX 78701, USA."
    contacts = policy_from_text(page("en", ("Contact us", text))).facts["contacts"]
    assert contacts["contact"].addresses == ("1 Elm Street, Austin, TX 78701, USA",)


def test_a_retention_clause_written_in_two_sections_and_reworded_in_one_keeps_its_period():
    """The same clause stands under two headings; a sentence joins it under one of them. Each
    heading's clause is its own subject, so the reworded one pairs with itself, not with nothing."""
    clause = "Durée de conservation : les données sont conservées tant que votre compte est actif"
    old = page(
        "fr",
        ("Newsletter", f"Nous envoyons la newsletter.\n\n- {clause}"),
        ("Segmentation", f"Nous créons des groupes.\n\n- {clause}"),
    )
    new = old.replace(f"groupes.\n\n- {clause}", f"groupes.\n\n- {clause} Lisez attentivement cette politique.")
    found = compare(policy_from_text(old), policy_from_text(new)).to_json()["events"]
    assert [e for e in found if e["type"] == "retention_changed"] == [], found
    assert max(e["level"] for e in found) == "minor", found


_COOKIES = (
    "# Politique cookies\n\nNous utilisons des cookies sur ce site.\n\n## Liste des cookies\n\n"
    "| Nom | Fournisseur | Finalité | Durée |\n|---|---|---|---|\n"
    "| zt_bundle | Zentrad | Publicité ciblée | 13 mois |\n| zt_bundle | Acme | Publicité ciblée | 13 mois |\n"
    "| zt_id | Zentrad | Publicité ciblée | 13 mois |\n{extra}"
)


@pytest.mark.parametrize(
    "old_extra, new_extra, old_row, level",
    [
        ("", "| acme_lang | Acme | Mémoriser la langue | 1 an |\n", "", "minor"),  # one more cookie
        ("", "", "| zt_bundle | Zentrad | Publicité ciblée | 13 mois |\n", "minor"),  # that name stays for Acme
        ("", "", "| zt_id | Zentrad | Publicité ciblée | 13 mois |\n", "minor"),
    ],
)
def test_a_cookie_rows_period_comes_and_goes_with_the_cookie(old_extra, new_extra, old_row, level):
    """A cookie table's row added or removed whole states the lifetime of one more (or one fewer)
    cookie: no data kept for longer. A row is the cookie with its provider, so "zt_bundle" set by
    another provider is no longer the removed row."""
    old = _COOKIES.format(extra=old_extra)
    new = _COOKIES.format(extra=new_extra).replace(old_row, "") if old_row else _COOKIES.format(extra=new_extra)
    found = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    retention = [e for e in found["events"] if e["type"] == "retention_changed"]
    assert retention and all(e["level"] == level for e in retention), found
    assert found["level"] == level, found


@pytest.mark.parametrize(
    "provider, kept",
    [
        ("Zentrova", False),  # the controller's name without its legal form: the site's own cookie
        ("Pekárna Zentrova", False),
        ("Zentrova Analytics Ltd", True),  # a company of its own, with its legal form
        ("Hotjar", True),
    ],
)
def test_the_controllers_own_brand_in_a_cookie_table_is_no_recipient(provider, kept):
    """A cookie table names the site itself as the provider of its first-party cookies ("PHPSESSID |
    Zentrova"): the controller "Pekárna Zentrova s.r.o.", not a recipient."""
    text = (
        "# Privacy policy\n\nPekárna Zentrova s.r.o., 1 High Street, London EC1A 1BB, is the controller of your data.\n\n"
        "## Cookies\n\nWe use these cookies.\n\n| Name | Provider | Purpose | Expiry |\n|---|---|---|---|\n"
        f"| basket | {provider} | Remembers your basket | 30 days |\n"
    )
    names = [p.name for p in policy_from_text(text, "text/markdown").facts["processors"]]
    assert (provider in names) == kept, names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zentrova s.r.o.\nKřižíkova 148/34\n186 00 Praha 8", ["Křižíkova 148/34, 186 00 Praha 8"]),
        ("Václavské náměstí 832/19, 110 00 Praha 1", ["Václavské náměstí 832/19, 110 00 Praha 1"]),
        ("R. Augusta 12, 1100-053 Lisboa", ["R. Augusta 12, 1100-053 Lisboa"]),
    ],
)
def test_a_house_number_of_two_parts_and_a_legal_forms_letters(text, expected):
    """Czech and Slovak houses carry two numbers ("148/34"); the "r" of "s.r.o." is no Portuguese
    "R." (rua), so the company's line above the street is no part of the address."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == expected


@pytest.mark.parametrize(
    "cell, kept",
    [
        ("Zentrova Cloud Services", True),  # a brand, then what it sells
        ("Customer Support Services", False),  # only what is sold
        ("Hosting Services", False),
        ("Payment Processing Services", False),
    ],
)
def test_a_brand_before_generic_words_in_a_provider_column_is_a_company(cell, kept):
    """A sub-processor's cell that opens with a word of no list ("Zentrova") and goes on with what
    it sells ("Cloud Services") names a company; a cell of generic words only is a category."""
    text = (
        "# Politique\n\nNous traitons des données personnelles.\n\n## Sous-traitants\n\n"
        "| Sous-traitant | Prestation | Localisation |\n| --- | --- | --- |\n"
        f"| {cell} | Hébergement | France |\n| Twilio Ireland Limited | SMS | Irlande |\n"
    )
    names = [p.name for p in policy_from_text(text, "text/markdown").facts["processors"]]
    assert (cell in names) == kept, names


def test_a_street_named_like_a_vendor_names_no_vendor():
    """ "18 quai Claude Bernard" is an address: no Claude (the assistant) is read in it, and a page
    that later names Claude as a tool it uses has added it."""
    base = (
        "# Politique de confidentialité\n\nLe responsable de traitement est Zentrova SAS, 18 quai Claude Bernard, "
        "69007 Lyon.\n\n## Support\n\nNous répondons à vos demandes de support par e-mail.\n"
    )
    old = policy_from_text(base, "text/markdown")
    assert [p.name for p in old.facts["processors"]] == []
    new = policy_from_text(
        base.replace(
            "par e-mail.", "par e-mail. Nous utilisons Claude, fourni par Anthropic, pour résumer vos demandes."
        ),
        "text/markdown",
    )
    added = [e["name"] for e in compare(old, new).to_json()["events"] if e["type"] == "processor_added"]
    assert added, added


@pytest.mark.parametrize(
    "items",
    [
        "- Zentro Cloud GmbH\n\n  Hosting, Germany\n- Lindqvist Mail AB\n\n  Emails, Sweden\n",
        "- **Zentro Cloud GmbH**\n\n  Hosting, Germany\n- **Lindqvist Mail AB**\n\n  Emails, Sweden\n",
    ],
)
def test_a_vendor_whose_list_entry_goes_on_below_it_is_named_by_its_first_line(items):
    """An entry written as a name with a paragraph under it ("- Zentro Cloud GmbH" / "Hosting,
    Germany") is one entry: the vendor is the name, its place the one the paragraph ends with."""
    text = f"# Privacy\n\nWe process personal data.\n\n## Processors\n\nWe use these processors:\n\n{items}"
    found = {p.name: p.location for p in policy_from_text(text, "text/markdown").facts["processors"]}
    assert found == {"Zentro Cloud GmbH": "Germany", "Lindqvist Mail AB": "Sweden"}, found


_DL_PAGE = (
    "<html><body><main><h1>Datenschutz</h1><p>Wir verarbeiten personenbezogene Daten.</p>"
    "<h2>Begriffe</h2><dl><dt>Verantwortlicher</dt><dd>Wer über die Zwecke der Verarbeitung entscheidet.</dd>{term}</dl>"
    "<h2>Empfänger</h2><p>Wir setzen folgende Auftragsverarbeiter ein:</p>"
    "<dl><dt>Zentro Pay GmbH</dt><dd>Zahlungsabwicklung, {country}</dd><dt>Lindqvist Mail AB</dt><dd>Versand von E-Mails, Schweden</dd></dl>"
    "</main></body></html>"
)


def test_a_definition_list_is_a_list_a_term_and_its_description_one_entry():
    """A <dl> of processors gives each vendor as a term over its description, which ends with where
    it is: moved, the vendor changed. A glossary's new term is no processor and no alarm."""
    page = _DL_PAGE.format(term="", country="Irland")
    old = policy_from_text(page, "text/html")
    assert {p.name: p.location for p in old.facts["processors"]} == {
        "Zentro Pay GmbH": "Ireland",
        "Lindqvist Mail AB": "Sweden",
    }
    moved = compare(old, policy_from_text(_DL_PAGE.format(term="", country="USA"), "text/html")).to_json()
    assert [e["type"] for e in moved["events"] if e["type"].startswith("processor")] == ["processor_changed"], moved
    glossary = _DL_PAGE.format(
        term="<dt>Auftragsverarbeiter</dt><dd>Wer Daten in unserem Auftrag verarbeitet.</dd>", country="Irland"
    )
    found = compare(old, policy_from_text(glossary, "text/html")).to_json()
    assert found["level"] != "material" and not any(e["type"].startswith("processor") for e in found["events"]), found


def test_a_slip_in_a_run_in_heading_keeps_the_data_category_it_names():
    """A bold run-in heading is its section's title and its text's first words: the slip stands
    twice as written, once on the page."""
    text = (Path(__file__).parent / "fixtures" / "seeds" / "clinivue-politique-donnees-sante-fr.md").read_text()
    slipped = text.replace("**2.3. Numéro de", "**2.3. Numméro de")
    assert slipped != text
    result = compare(policy_from_text(text, "text/markdown"), policy_from_text(slipped, "text/markdown")).to_json()
    assert result["level"] != "material", result["events"]


@pytest.mark.parametrize(
    "text, address",
    [
        (
            "Sediada na Av. Atlântica, 1200, 4º andar, Copacabana, Rio de Janeiro – RJ, CEP 22021-000.",
            "Av. Atlântica, 1200, 4º andar, Copacabana, Rio de Janeiro, RJ, CEP 22021-000",
        ),
        (
            "Orlanda Serviços Ltda., Rua Vergueiro, 875, São Paulo – SP, 04101-000",
            "Rua Vergueiro, 875, São Paulo, SP, 04101-000",
        ),
        ("Fabbrica Sole S.r.l., con sede in Via Garibaldi, 18, Torino.", "Via Garibaldi, 18, Torino"),
        ("Mirador S.L., Calle de Serrano, nº 41, 28001 Madrid", "Calle de Serrano, nº 41, 28001 Madrid"),
        ("We review the Street, 5 times a year.", None),
        ("Visit the avenue, 12 shops line it.", None),
    ],
)
def test_a_street_with_its_number_after_a_comma(text, address):
    """Brazil, Portugal, Spain and Italy write the house number after the street and a comma
    ("Av. Paulista, 1000"), often with the postcode last behind its label ("CEP 01310-100"): the
    street opens the address. A capitalised street word before a number in prose does not."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == ([address] if address else [])


def test_a_controllers_new_address_written_street_comma_number_is_a_change():
    """The controller moves from one "Av. X, 1000" to another: a changed contact, not a reworded sentence."""
    page = (
        "<html lang='pt-BR'><body><main><h1>Política de Privacidade</h1><h2>Controlador</h2>"
        "<p>O controlador dos seus dados é a Orlanda Serviços Ltda., com sede na {street}, São Paulo – SP, "
        "CEP {postcode}.</p><h2>Direitos</h2><p>Você pode pedir acesso aos seus dados.</p></main></body></html>"
    )
    old = policy_from_text(page.format(street="Av. Paulista, 1000, 10º andar", postcode="01310-100"), "text/html")
    new = policy_from_text(page.format(street="Rua Funchal, 418, 35º andar", postcode="04551-060"), "text/html")
    events = compare(old, new).to_json()["events"]
    assert [e["type"] for e in events if e["level"] == "material"] == ["contact_changed"], events


@pytest.mark.parametrize(
    "old_address, new_address, changed",
    [
        ("ul. Lipowa 12/4, 31-146 Kraków", "ul. Lipowa 12 lok. 4, 31-146 Kraków", False),
        ("Calle Mayor 5, 3, 28013 Madrid", "Calle Mayor 5, piso 3, 28013 Madrid", False),
        ("ul. Lipowa 12/4, 31-146 Kraków", "ul. Lipowa 12/6, 31-146 Kraków", True),
        ("Calle Mayor, 5 – 28013 Madrid (M)", "Calle Mayor 5, 28013 Madrid", False),
        ("Calle Mayor 5, 28013 Madrid", "Calle Mayor 5, 28013 Madrid, España", False),
        ("Calle Mayor 5, 28013 Madrid", "Calle Mayor 7, 28013 Madrid, España", True),
        ("Calle de Velázquez, 57, 28001 Madrid", "C/ Velázquez, 57, 28001 Madrid", False),
        ("Calle de Velázquez, 57, 28001 Madrid", "Calle de Serrano, 57, 28001 Madrid", True),
        ("ul. Lipowa 12/4, 31-146 Kraków", "ul. Wielicka 28, 30-552 Kraków", True),
    ],
)
def test_a_unit_written_out_is_the_same_address(old_address, new_address, changed):
    """ "12/4" and "12 lok. 4" (a unit word between the house number and the unit's) are one
    address, as is one with its province's code or its country after it or not, or its street
    written short without its particle ("C/ Velázquez"); another unit or another street is a move."""
    page = (
        "<html lang='{lang}'><body><main><h1>{title}</h1><h2>{controller}</h2>"
        "<p>{sentence}, {address}.</p><p>{rights}</p></main></body></html>"
    )
    words = (
        dict(
            lang="pl",
            title="Polityka prywatności",
            controller="Administrator",
            sentence="Administratorem danych jest Lipka Sp. z o.o.",
            rights="Masz prawo dostępu do swoich danych oraz ich sprostowania.",
        )
        if "Kraków" in old_address
        else dict(
            lang="es",
            title="Política de privacidad",
            controller="Responsable",
            sentence="El responsable del tratamiento de sus datos es Lipka S.L.",
            rights="Puede ejercer sus derechos de acceso y rectificación en cualquier momento.",
        )
    )
    old, new = (policy_from_text(page.format(address=a, **words), "text/html") for a in (old_address, new_address))
    events = [e for e in compare(old, new).to_json()["events"] if e["type"] == "contact_changed"]
    assert bool(events) is changed, events


def test_a_foreign_address_on_an_english_page_keeps_its_short_street_words():
    """An English notice of a Polish company writes its address in Polish ("ul. Lipowa 12 lok. 4"):
    the street words' short forms of every language end no sentence, so the address is read whole
    and no "person" is made of the company's name."""
    html = (
        "<html lang='en'><body><main><h1>Privacy Policy</h1><h2>Controller</h2>"
        "<p>The controller is Lipka Sp. z o.o., ul. Lipowa 12 lok. 4, 31-146 Kraków. We reply within a month.</p>"
        "<h2>Rights</h2><p>You may ask for access.</p></main></body></html>"
    )
    block = policy_from_text(html, "text/html").facts["contacts"]["controller"]
    assert block.addresses == ("ul. Lipowa 12 lok. 4, 31-146 Kraków",)
    assert not block.people


@pytest.mark.parametrize(
    "lang, sentence, vendors",
    [
        ("de", "Vertreten durch die Geschäftsführer Jonas Albrecht und Petra Krüger.", []),
        ("de", "Vertreten durch den Vorstand Jonas Albrecht (Vorsitzender) und Petra Krüger.", []),
        ("de", "Die Zahlungen wickeln wir über die Vorstand Systems GmbH ab.", ["Vorstand Systems GmbH"]),
        ("de", "Wir nutzen Brightdesk Analytics, um die Nutzung der App zu messen.", ["Brightdesk Analytics"]),
    ],
)
def test_people_named_by_their_office_are_no_processors(lang, sentence, vendors):
    """An imprint names the company's officers after a cue word ("vertreten durch die
    Geschäftsführer ..."): people, not a company given data; a company whose name holds such a word
    with its legal form still is one."""
    html = (
        f"<html lang='{lang}'><body><main><h1>Datenschutzerklärung</h1><h2>1. Verantwortlicher</h2>"
        "<p>Bergwerk Software GmbH<br>Lindenallee 23<br>80335 München<br>E-Mail: info@bergwerk.example</p>"
        f"<p>{sentence}</p><h2>2. Ihre Rechte</h2><p>Sie haben das Recht auf Auskunft über Ihre Daten.</p></main></body></html>"
    )
    found = policy_from_text(html, "text/html").facts["processors"]
    assert [p.name for p in found] == vendors, found


@pytest.mark.parametrize(
    "lang, text, role, person",
    [
        ("de", "Vertreten durch die Geschäftsführer Jonas Albrecht und Petra Krüger.", None, None),
        ("en", "Represented by its managing directors John Smith and Jane Doe.", None, None),
        (
            "de",
            "Unser Vertreter in der EU ist Max Mustermann, EU Rep GmbH, Hauptstraße 5, 10115 Berlin.",
            "representative",
            "Max Mustermann",
        ),
        (
            "fr",
            "Notre représentant dans l'UE est Jean Dupont, EU Rep SAS, 12 rue des Lilas, 75011 Paris.",
            "representative",
            "Jean Dupont",
        ),
        (
            "en",
            "Our representative in the EU is Jane Doe, EU Rep Ltd, 1 High Street, Dublin D02 X285.",
            "representative",
            "Jane Doe",
        ),
    ],
)
def test_the_companys_officers_are_no_gdpr_representative(lang, text, role, person):
    """ "vertreten durch die Geschäftsführer" / "represented by its managing directors" names who
    signs for the company, not its Art. 27 representative; "our representative in the EU is ..."
    (the union written short) names one, and the person after it."""
    rights = {
        "de": "Sie haben das Recht auf Auskunft über Ihre Daten.",
        "fr": "Vous avez le droit d’accéder à vos données.",
    }
    html = (
        f"<html lang='{lang}'><body><main><h1>{'Datenschutz' if lang == 'de' else 'Privacy'}</h1><h2>Kontakt</h2>"
        f"<p>{text}</p><h2>Rechte</h2><p>{rights.get(lang, 'You have the right to access your data.')}</p></main></body></html>"
    )
    contacts = policy_from_text(html, "text/html").facts["contacts"]
    if role is None:
        assert "representative" not in contacts, contacts
    else:
        assert person in contacts[role].people, contacts


@pytest.mark.parametrize(
    "old_line, new_line",
    [
        ("2100 Market Street, Suite 400", "2100 Market Street, Ste. 400"),
        ("12 Pine Street, Apartment 4B", "12 Pine Street, Apt. 4B"),
    ],
)
def test_a_unit_word_abbreviated_is_the_same_address(old_line, new_line):
    page = "<html lang='en'><body><main><h1>Privacy Policy</h1><h2>Contact us</h2><p>Quillon Inc.<br>{line}<br>Denver, CO 80205</p></main></body></html>"
    before, after = (policy_from_text(page.format(line=line), "text/html") for line in (old_line, new_line))
    assert not [e for e in compare(before, after).to_json()["events"] if e["type"] == "contact_changed"]


@pytest.mark.parametrize(
    "lang, text, role",
    [
        (
            "fr",
            "Vous pouvez exercer vos droits auprès de rgpd@brioche.example et introduire une réclamation auprès de la CNIL.",
            "contact",
        ),
        (
            "en",
            "Send your requests to privacy@brioche.example; you may also lodge a complaint with a supervisory authority.",
            "contact",
        ),
        ("en", "You may lodge a complaint with the supervisory authority at complaints@dpa.example.", "authority"),
    ],
)
def test_an_address_written_before_the_authority_is_ours(lang, text, role):
    """A sentence that gives our address, then the right to complain to the authority, gives our
    address: the authority's comes after its name."""
    title = {"fr": ("Politique de confidentialité", "Vos droits"), "en": ("Privacy Policy", "Your rights")}[lang]
    html = f"<html lang='{lang}'><body><main><h1>{title[0]}</h1><h2>{title[1]}</h2><p>{text}</p></main></body></html>"
    contacts = policy_from_text(html, "text/html").facts["contacts"]
    holders = [r for r, block in contacts.items() if block.emails]
    assert holders == [role], contacts


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("en", "We keep your e-mail address for two years.", "We keep your e-mail address until you opt out."),
        (
            "sv",
            "Uppgifter för nyhetsbrev sparas i två år.",
            "Uppgifter för nyhetsbrev sparas tills du avregistrerar dig.",
        ),
        (
            "de",
            "Ihre E-Mail-Adresse speichern wir zwei Jahre lang.",
            "Ihre E-Mail-Adresse speichern wir bis zu Ihrer Abmeldung.",
        ),
        ("nl", "Wij bewaren uw e-mailadres twee jaar.", "Wij bewaren uw e-mailadres totdat u zich afmeldt."),
        (
            "es",
            "Conservamos su correo electrónico durante dos años.",
            "Conservamos su correo electrónico hasta que se dé de baja.",
        ),
        (
            "pl",
            "Adres e-mail przechowujemy przez dwa lata.",
            "Adres e-mail przechowujemy do czasu rezygnacji z newslettera.",
        ),
    ],
)
def test_until_you_unsubscribe_is_an_open_ended_period(lang, old, new):
    """A newsletter's address is kept "until you unsubscribe": an open-ended period, so a fixed one
    turned into it is a changed retention."""
    [found] = events(lang, [("Data", f"{INTRO[lang]} {old}")], [("Data", f"{INTRO[lang]} {new}")], "retention_changed")
    assert found["old"] and found["new"] and not found["new"][0].isdigit(), found


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "You can unsubscribe from our newsletter at any time."),
        ("sv", "Du kan när som helst avregistrera dig från nyhetsbrevet."),
        ("de", "Sie können sich jederzeit vom Newsletter abmelden."),
    ],
)
def test_the_right_to_unsubscribe_is_no_retention(lang, text):
    assert events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {text}")], "retention_changed") == []


@pytest.mark.parametrize(
    "text, address",
    [
        (
            "Správcem je Lesní Pekárna s.r.o., se sídlem Vinohradská 1511/230, 100 00 Praha 10. Kontakt: gdpr@pekarna.example.",
            "Vinohradská 1511/230, 100 00 Praha 10",
        ),
        ("Acme Ltd, 1 Elm Street, London EC1A 1BB. Email: privacy@acme.example", "1 Elm Street, London EC1A 1BB"),
        ("Acme GmbH, Hauptstraße 5, 10115 Berlin. Tel.: 030 1234567", "Hauptstraße 5, 10115 Berlin"),
    ],
)
def test_a_labelled_line_after_the_place_ends_the_address(text, address):
    """ "... 100 00 Praha 10. Kontakt: ..." : a full stop, then a label, ends the address as a
    sentence of prose does, so the address is kept without what follows it."""
    from policywatch.monitor.facts.contacts import address_lines

    assert address_lines(text) == [address]


@pytest.mark.parametrize(
    "lang, sentence, vendor",
    [
        ("pt", "Recorremos à Maresia Tecnologia, Lda. para o envio de newsletters.", "Maresia Tecnologia, Lda."),
        ("es", "El envío de boletines es un servicio prestado por Vientos Digitales S.L.", "Vientos Digitales S.L."),
        ("es", "Este sitio web es un servicio de Olivo Viajes S.L.", None),
    ],
)
def test_a_vendor_after_a_contracted_preposition_or_a_service_rendered(lang, sentence, vendor):
    """ "recorremos à" is "recorremos a" with its article contracted; "prestado por" says who renders
    a service. "Un servicio de" names the site's own operator as often: no cue."""
    added = [
        e["name"]
        for e in events(lang, [("Data", INTRO[lang])], [("Data", f"{INTRO[lang]} {sentence}")], "processor_added")
    ]
    assert added == ([vendor] if vendor else []), added


@pytest.mark.parametrize(
    "lang, sentence, role",
    [
        ("es", "Puede contactar con nuestro Delegado de Protección de Datos en dpd@olivo.example.", "dpo"),
        ("en", "You can contact our Data Protection Officer at dpo-office@quill.example.", "dpo"),
        ("sv", "Kontakta vårt dataskyddsombud på dataskydd@skargard.example.", "dpo"),
        ("en", "Contact us at hello@quill.example with any question.", "contact"),
    ],
)
def test_contact_our_dpo_at_gives_the_dpos_address(lang, sentence, role):
    """ "Contact our DPO at ..." names the DPO's address: the verb "contact" names no role of its
    own when a role follows it."""
    title = {"es": "Contacto", "en": "Contact", "sv": "Kontakt"}[lang]
    contacts = policy_from_text(page(lang, ("Data", INTRO[lang]), (title, sentence))).facts["contacts"]
    assert [r for r, block in contacts.items() if block.emails] == [role], contacts
