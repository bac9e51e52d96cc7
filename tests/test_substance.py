"""Material means the substance changed: rewording is wording, in every language with a file; negations, periods,
new special categories of data and new purposes are material wherever they appear."""

from __future__ import annotations

import os

import pytest

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text

FILLER = {
    "en": "We process personal data to provide the service you asked for and to answer your questions.",
    "fr": "Nous traitons des données personnelles pour fournir le service demandé et répondre à vos questions.",
    "de": "Wir verarbeiten personenbezogene Daten, um den gewünschten Dienst zu erbringen und Ihre Fragen zu beantworten.",
    "nl": "Wij verwerken persoonsgegevens om de gevraagde dienst te leveren en uw vragen te beantwoorden.",
    "es": "Tratamos datos personales para prestar el servicio solicitado y responder a sus preguntas.",
    "it": "Trattiamo dati personali per fornire il servizio richiesto e rispondere alle vostre domande.",
    "pt": "Tratamos dados pessoais para prestar o serviço pedido e responder às suas perguntas.",
    "sv": "Vi behandlar personuppgifter för att leverera den tjänst du bett om och för att svara på dina frågor.",
    "pl": "Przetwarzamy dane osobowe, aby świadczyć zamówioną usługę i odpowiadać na Twoje pytania.",
    "da": "Vi er ansvarlige for behandlingen af dine personoplysninger og bruger dem til at levere de ydelser, du har bestilt, og til at besvare dine spørgsmål til os.",
    "nb": "Vi er ansvarlige for behandlingen av personopplysningene dine og bruker dem til å levere tjenestene du har bestilt, og til å svare på spørsmålene dine til oss.",
    "cs": "Zpracováváme vaše osobní údaje, abychom vám poskytli objednanou službu a odpověděli na vaše dotazy.",
}


def policy(lang: str, body: str, title: str = "Policy") -> str:
    return f"{title}\n\n1. General\n\n{FILLER[lang]} {FILLER[lang]}\n\n2. Details\n\n{body}\n\n3. Contact\n\n{FILLER[lang]}\n"


def judge(lang: str, old: str, new: str, **kwargs) -> dict:
    return compare(
        policy_from_text(policy(lang, old, **kwargs)), policy_from_text(policy(lang, new, **kwargs))
    ).to_json()


def kinds(result: dict) -> set[str]:
    return {e["type"] for e in result["events"]}


REWORDINGS = [
    (
        "en",
        "We use your e-mail address to send you the newsletter you subscribed to.",
        "We use your e-mail address to send you the newsletter you signed up for.",
    ),
    (
        "en",
        "Your data is stored securely on servers that we rent.",
        "Your data is kept securely on servers that we lease.",
    ),
    (
        "fr",
        "Nous utilisons votre adresse e-mail pour vous envoyer la lettre d'information.",
        "Nous utilisons votre adresse électronique pour vous adresser la lettre d'information.",
    ),
    (
        "de",
        "Wir nutzen Ihre E-Mail-Adresse, um Ihnen den Newsletter zu schicken.",
        "Wir verwenden Ihre E-Mail-Adresse, um Ihnen den Newsletter zuzusenden.",
    ),
    (
        "nl",
        "Wij gebruiken uw e-mailadres om u de nieuwsbrief te sturen.",
        "Wij gebruiken uw e-mailadres om u de nieuwsbrief toe te sturen.",
    ),
    (  # into the passive: "werden" is no obligation
        "de",
        "Wir löschen Ihre Daten, sobald sie für den Zweck nicht mehr erforderlich sind.",
        "Wir löschen Ihre Daten, sobald sie für den Zweck nicht mehr benötigt werden.",
    ),
    (  # into the passive, and "för att kunna" (in order to) is no modal
        "sv",
        "Vi sparar dina uppgifter i 24 månader för att hantera reklamationer.",
        "Dina uppgifter sparas i 24 månader för att kunna hantera reklamationer.",
    ),
    (
        "pl",
        "Przechowujemy Twoje dane przez 3 lata od zakończenia umowy.",
        "Twoje dane będą przechowywane przez 3 lata od zakończenia umowy.",
    ),
]


@pytest.mark.parametrize("lang, old, new", REWORDINGS)
def test_a_reworded_clause_is_wording(lang, old, new):
    result = judge(lang, old, new)
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We keep your data for three years after your last order.",
            "We keep your data for 3 years after your last order.",
        ),
        (
            "en",
            "Customer authorized the transfer of data to the supplier.",
            "Customer authorizes the transfer of data to the supplier.",
        ),
        ("fr", "Les données sont conservées pendant trois ans.", "Les données sont conservées pendant trois ans !"),
        ("fr", "Les données sont conservées pendant 3 ans.", "Les données sont conservées pendant trois (3) ans."),
    ],
)
def test_the_same_words_written_otherwise_are_no_change(lang, old, new):
    assert judge(lang, old, new)["level"] == "none"


@pytest.mark.parametrize(
    "lang, term, new_term",
    [
        ("en", "the Data Protection Act 1998", "the Data Protection Act 2018"),
        ("fr", "la loi Informatique et Libertés", "la loi relative à l'informatique"),
        ("de", "das Bundesdatenschutzgesetz", "das neue Datenschutzgesetz"),
        ("nl", "de Wet bescherming persoonsgegevens", "de Uitvoeringswet AVG"),
    ],
)
def test_a_term_renamed_throughout_is_one_minor_rename(lang, term, new_term):
    clauses = {
        "en": [
            "We comply with {t} in everything we do.",
            "Your rights under {t} are listed below.",
            "Complaints about {t} go to the regulator.",
        ],
        "fr": [
            "Nous respectons {t} dans tout ce que nous faisons.",
            "Vos droits selon {t} sont énumérés ci-dessous.",
            "Les plaintes relatives à {t} vont au régulateur.",
        ],
        "de": [
            "Wir beachten {t} in allem, was wir tun.",
            "Ihre Rechte nach {t} sind unten aufgeführt.",
            "Beschwerden über {t} gehen an die Behörde.",
        ],
        "nl": [
            "Wij leven {t} na in alles wat we doen.",
            "Uw rechten onder {t} staan hieronder.",
            "Klachten over {t} gaan naar de toezichthouder.",
        ],
    }[lang]
    old = "\n\n".join(c.format(t=term) for c in clauses)
    new = "\n\n".join(c.format(t=new_term) for c in clauses)
    result = judge(lang, old, new)
    renames = [e for e in result["events"] if e["type"] == "rename"]
    assert len(renames) == 1 and renames[0]["level"] == "minor", result["events"]
    assert result["level"] == "minor", result["events"]


@pytest.mark.parametrize(
    "old, new, level",
    [
        # a misspelt word of a concept, fixed or made: the word stands once, its right spelling elsewhere
        ("We share data with our service prvoiders.", "We share data with our service providers.", ("none",)),
        ("We rely on our legitimate interests.", "We rely on our legtiimate interests.", ("none",)),
        ("You may object without giving a reason.", "You may object wtihout giving a reason.", ("none",)),
        # a word that is another word of the page is no misspelling
        ("We process it to perform our contract.", "We process it to perform our contact.", ("material",)),
    ],
)
def test_a_misspelling_made_or_fixed_is_no_change_of_substance(old, new, level):
    rest = (
        "Our providers are listed below, and our providers help us. Contact us with questions; the contact "
        "form is below. The contract you sign with us is the contract of service. We have legitimate interests "
        "and act without delay."
    )
    result = judge("en", f"{rest}\n\n{old}", f"{rest}\n\n{new}")
    assert result["level"] in level, result["events"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # a word that says something, written once, misspelt or fixed: its clause meant it all along
        (
            "fr",
            "Cette législation prévoit l’obligation pour ces prestataires de donner accès aux administrations.",
            "Cette législation prévoit l’obligaiton pour ces prestataires de donner accès aux administrations.",
            "none",
        ),
        (
            "de",
            "Dies liegt möglicherweise an einem technischen Fehler.",
            "Dies liegt möglicherwiese an einem technischen Fehler.",
            "none",
        ),
        (
            "de",
            "Wir geben Ihre Daten möglicherweise an Auftragsverarbeiter weiter.",
            "Wir geben Ihre Daten möglicherwiese an Auftragsverarbeiter weiter.",
            "none",
        ),
        # a word of a phrase that says something: "contractual" in "standard contractual clauses"
        (
            "en",
            "We rely on standard contractual clauses approved by the European Commission.",
            "We rely on standard contracutal clauses approved by the European Commission.",
            "none",
        ),
        (
            "en",
            "We rely on standard contracutal clauses approved by the European Commission.",
            "We rely on standard contractual clauses approved by the European Commission.",
            "none",
        ),
        # a restriction's word, capitalised as the sentence opens
        (
            "fr",
            "Seuls nos employés habilités peuvent consulter vos données de santé.",
            "Seels nos employés habilités peuvent consulter vos données de santé.",
            "none",
        ),
        # a common word written once, misspelt, that a fact's reading leaned on: the place of the data,
        # the word of an open-ended period, a right's word shortened by a letter
        (
            "fr",
            "Nous avons choisi de localiser vos données en France, chez un hébergeur certifié.",
            "Nous avons choisi de lecaliser vos données en France, chez un hébergeur certifié.",
            "none",
        ),
        (
            "en",
            "We keep your account data only as long as necessary to provide the service.",
            "We keep your account data only as long as nacessary to provide the service.",
            "none",
        ),
        (
            "en",
            "You have the right to object to direct marketing at any time.",
            "You have the rght to object to direct marketing at any time.",
            "none",
        ),
        # another first letter is another word, however close: "health" is not "wealth", "never" not "ever"
        ("en", "We do not collect health data.", "We do not collect wealth data.", "material"),
        ("en", "We will never sell your data.", "We will ever sell your data.", "material"),
        # a name the page writes elsewhere, misspelt in an address: the same address
        (
            "en",
            "The controller is Acme SAS, incorporated in Paris, with registered offices at 15 rue des Halles, 75001 Paris, France.",
            "The controller is Acme SAS, incorporated in Paris, with registered offices at 15 rue des Halles, 75001 Prais, France.",
            "none",
        ),
        # a word of an address slipped, even written once: the same contact (the wording still said);
        # another number is another address
        (
            "en",
            "Our representative is Harbour Privacy Ltd, 12 Quay Street, Dublin 2, Ireland.",
            "Our representative is Harbour Privacy Ltd, 12 Quay Street, Dulbin 2, Ireland.",
            "minor",
        ),
        (
            "en",
            "Our representative is Harbour Privacy Ltd, 12 Quay Street, Dublin 2, Ireland.",
            "Our representative is Harbour Privacy Ltd, 14 Quay Street, Dublin 2, Ireland.",
            "material",
        ),
    ],
)
def test_a_word_written_once_that_says_something_is_misspelt_or_fixed_not_changed(lang, old, new, level):
    result = judge(lang, old, new)
    assert result["level"] == level, result["events"]


@pytest.mark.parametrize(
    "old, new, level",
    [
        # words taken out or put in are an edit, however few letters they hold
        ("We reply to every letter and every call.", "We reply to every letter.", "minor"),
        ("We take your privacy seriously.", "We take your privacy very seriously.", "minor"),
        # a doubled word or a stray letter is a slip of the keyboard
        ("We take your your privacy seriously.", "We take your privacy seriously.", "none"),
        ("We reply to every letter, and every call.", "We reply to every letter and every call.", "none"),
    ],
)
def test_words_taken_out_or_put_in_are_no_spelling_fix(old, new, level):
    result = judge("en", old, new)
    assert result["level"] == level, result["events"]


RIGHTS_TITLE = {"en": "Your rights", "nb": "Dine rettigheter", "de": "Ihre Rechte", "fr": "Vos droits"}
RIGHTS_SENTENCE = {
    "en": ("You can also object to the processing and ask for data portability.", " and ask for data portability"),
    "nb": ("Du kan også protestere mot behandlingen og be om dataportabilitet.", " og be om dataportabilitet"),
    "de": (
        "Sie können auch widersprechen und die Datenübertragbarkeit verlangen.",
        " und die Datenübertragbarkeit verlangen",
    ),
    "fr": ("Vous pouvez aussi vous opposer au traitement et demander la portabilité.", " et demander la portabilité"),
}


def rights_page(lang: str, body: str) -> str:
    return f"Policy\n\n1. General\n\n{FILLER[lang]} {FILLER[lang]}\n\n2. {RIGHTS_TITLE[lang]}\n\n{body}\n"


@pytest.mark.parametrize("lang", RIGHTS_SENTENCE)
def test_a_right_cut_from_a_sentence_under_a_rights_title_is_material(lang):
    """Under "Your rights", "portability" names a right as "the right to" would in the sentence:
    cutting it from a sentence takes the right away."""
    sentence, cut = RIGHTS_SENTENCE[lang]
    old, new = rights_page(lang, sentence), rights_page(lang, sentence.replace(cut, ""))
    result = compare(policy_from_text(old), policy_from_text(new)).to_json()
    assert result["level"] == "material", result["events"]
    assert any("portability" in e.get("reason", "") for e in result["events"]), result["events"]


@pytest.mark.parametrize("lang", ["en", "nb", "fr"])
def test_a_right_still_named_elsewhere_under_its_title_is_no_loss(lang):
    sentence, cut = RIGHTS_SENTENCE[lang]
    again = {
        "en": "Data portability requests go to our support team.",
        "nb": "Krav om dataportabilitet sendes til kundeservice.",
        "fr": "Les demandes de portabilité sont adressées au support.",
    }[lang]
    old, new = rights_page(lang, f"{sentence} {again}"), rights_page(lang, f"{sentence.replace(cut, '')} {again}")
    result = compare(policy_from_text(old), policy_from_text(new)).to_json()
    assert result["level"] == "minor", result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "This policy explains how Acme Ltd collects and uses personal data.",
            'This policy explains how Acme Ltd ("Acme", "we", "us") collects and uses personal data.',
        ),
        (
            "en",
            "This policy explains how Acme Ltd collects and uses personal data.",
            "This policy explains how Acme Ltd (hereinafter “Acme”, “we” or “us”) collects and uses personal data.",
        ),
        (
            "nb",
            "Denne erklæringen forklarer hvordan Vidda AS samler inn og bruker personopplysninger.",
            'Denne erklæringen forklarer hvordan Vidda AS ("Vidda", "vi") samler inn og bruker personopplysninger.',
        ),
        (
            "fr",
            "Cette politique explique comment Dupont SAS collecte et utilise vos données.",
            "Cette politique explique comment Dupont SAS (« Dupont », « nous ») collecte et utilise vos données.",
        ),
    ],
)
def test_a_party_named_in_quotes_in_brackets_is_no_list_item(lang, old, new):
    """ "Acme Ltd ("Acme", "we", "us")" names the party the policy speaks for; its quoted names
    are no items of a list of what is collected or shared."""
    result = judge(lang, old, new)
    assert result["level"] in ("none", "minor"), result["events"]


def test_a_quoted_item_added_to_a_list_is_still_an_item():
    result = judge("en", "We collect your name and email.", 'We collect your name, email and "device identifiers".')
    assert result["level"] == "material", result["events"]


def test_a_misspelt_transfer_mechanism_or_an_edited_copy_is_no_transfer_change():
    rest = "International transfers\n\nOur clauses are listed in the annex, and these clauses bind our providers."
    old = f"{rest} We rely on Standard Contractual Clauses for transfers outside the EEA."
    new = f"{rest} We rely on Standard Contractual Clasues for transfers outside the EEA."
    result = judge("en", old, new)
    assert result["level"] == "none", result["events"]  # nor a company "Standard Contractual Clasues"
    # a page holding a transfer sentence twice, one copy edited by a word
    copy = "Depending on the U.S. state where you reside, data transferred to the United States follows its law."
    old = f"{rest}\n\n{copy}\n\nMore text about your rights.\n\n{copy}"
    new = f"{rest}\n\n{copy}\n\nMore text about your rights.\n\n{copy.replace('reside', 'live')}"
    result = judge("en", old, new)
    assert not [e for e in result["events"] if e["type"] == "transfer_changed"], result["events"]


def test_each_rename_counts_the_clauses_it_was_made_in():
    old = [
        "Our users can edit their profile at any time.",
        "Other users see the name you choose.",
        "We answer users within a week.",
        "We send the Quarkly Gazette every month.",
        "The Quarkly Gazette has no advertising.",
    ]
    new = [c.replace("users", "members").replace("Quarkly Gazette", "Quarkly Letter") for c in old]
    result = judge("en", "\n\n".join(old), "\n\n".join(new))
    renames = {(e["old"], e["new"]): e["count"] for e in result["events"] if e["type"] == "rename"}
    assert renames == {("users", "members"): 3, ("Gazette", "Letter"): 2}, result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("en", "We do not sell your personal data.", "We sell your personal data."),
        ("en", "We share your data with our partners.", "We never share your data with our partners."),
        ("fr", "Nous ne vendons pas vos données personnelles.", "Nous vendons vos données personnelles."),
        ("de", "Wir verkaufen Ihre personenbezogenen Daten nicht.", "Wir verkaufen Ihre personenbezogenen Daten."),
        ("nl", "Wij verkopen uw persoonsgegevens niet.", "Wij verkopen uw persoonsgegevens."),
    ],
)
def test_a_negation_flip_is_material(lang, old, new):
    assert judge(lang, old, new)["level"] == "material"


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "Invoices are archived for six years, then destroyed.",
            "Invoices are archived for ten years, then destroyed.",
        ),
        ("fr", "Les comptes inactifs sont fermés après 2 ans.", "Les comptes inactifs sont fermés après 5 ans."),
        ("de", "Protokolle werden nach 30 Tagen entfernt.", "Protokolle werden nach 90 Tagen entfernt."),
        ("nl", "Camerabeelden worden na 4 weken gewist.", "Camerabeelden worden na 8 weken gewist."),
    ],
)
def test_a_period_changed_in_prose_is_material(lang, old, new):
    result = judge(lang, old, new)
    assert result["level"] == "material", result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "Our team of 40 people works from offices in 3 cities.",
            "Our team of 45 people works from offices in 4 cities.",
        ),
        ("de", "Wir sind seit 20 Jahren am Markt tätig.", "Wir sind seit 25 Jahren am Markt tätig."),
        ("en", "We have served customers for the past 20 years.", "We have served customers for the past 25 years."),
        ("fr", "Notre équipe existe depuis plus de 20 ans.", "Notre équipe existe depuis plus de 25 ans."),
        (
            "fr",
            "Ce service existe depuis 3 ans et compte 2 millions d'utilisateurs.",
            "Ce service existe depuis 5 ans et compte 2 millions d'utilisateurs.",
        ),  # "compte" (counts) reads as an account, in the other part of the sentence
        (
            "de",
            "Wir sind seit 20 Jahren am Markt tätig und Sie müssen mindestens 16 Jahre alt sein.",
            "Wir sind seit 25 Jahren am Markt tätig und Sie müssen mindestens 16 Jahre alt sein.",
        ),
        ("nl", "Wij bestaan al 20 jaar en hebben 12 vestigingen.", "Wij bestaan al 25 jaar en hebben 14 vestigingen."),
        (
            "pl",
            "Firma działa na rynku od 15 lat i zatrudnia 50 osób.",
            "Firma działa na rynku od 16 lat i zatrudnia 55 osób.",
        ),
    ],
)
def test_a_number_about_the_company_not_its_terms_is_minor(lang, old, new):
    """How old the company is and how many people it employs are no terms of the policy: the change
    is said, not alarmed on."""
    result = judge(lang, old, new)
    assert result["level"] == "minor", result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We will notify you 30 days before a new sub-processor starts.",
            "We will notify you 10 days before a new sub-processor starts.",
        ),
        (
            "de",
            "Konten, die seit 2 Jahren inaktiv sind, werden gelöscht.",
            "Konten, die seit 3 Jahren inaktiv sind, werden gelöscht.",
        ),
        (
            "en",
            "We have disclosed data of 300 users to authorities this year.",
            "We have disclosed data of 900 users to authorities this year.",
        ),
        ("sv", "Loggar raderas efter 90 dagar.", "Loggar raderas efter 30 dagar."),
        (
            "en",
            "Since 2020, server logs are deleted after 30 days.",
            "Since 2020, server logs are deleted after 60 days.",
        ),
        (
            "de",
            "Wir sind seit 20 Jahren am Markt tätig und Sie müssen mindestens 16 Jahre alt sein.",
            "Wir sind seit 20 Jahren am Markt tätig und Sie müssen mindestens 18 Jahre alt sein.",
        ),
        (
            "en",
            "We have 40 employees, and we keep your data for 3 years.",
            "We have 40 employees, and we keep your data for 5 years.",
        ),
        (
            "es",
            "Conservamos las facturas durante treinta y seis meses.",
            "Conservamos las facturas durante cuarenta y ocho meses.",
        ),  # cut at its "y", no part holds the period alone: the whole clause is read
    ],
)
def test_a_number_beside_data_keeping_or_a_duty_stays_material(lang, old, new):
    """The look-alikes: a notice period, an account "inactive since" two years before deletion, a
    count of users whose data was disclosed."""
    result = judge(lang, old, new)
    assert result["level"] == "material", result["events"]


SPECIAL = {
    "en": ("Things to know", "If you choose to, we also collect fingerprint scans to let you unlock the app."),
    "fr": (
        "À savoir",
        "Si vous le souhaitez, nous collectons aussi des empreintes digitales pour déverrouiller l'application.",
    ),
    "de": ("Wissenswertes", "Wenn Sie möchten, erheben wir auch Fingerabdrücke, um die App zu entsperren."),
    "nl": ("Goed om te weten", "Als u dat wilt, verzamelen wij ook vingerafdrukken om de app te ontgrendelen."),
    "sv": ("Bra att veta", "Om du vill samlar vi även in fingeravtryck så att du kan låsa upp appen."),
    "pl": ("Warto wiedzieć", "Jeśli zechcesz, zbieramy również odciski palców, aby odblokować aplikację."),
}


@pytest.mark.parametrize("lang", SPECIAL)
def test_a_new_special_category_under_an_odd_title_is_material(lang):
    title, sentence = SPECIAL[lang]
    old = f"{FILLER[lang]}"
    new = f"{FILLER[lang]}\n\n{title}\n\n{sentence} {FILLER[lang]}"
    result = judge(lang, old, new)
    assert result["level"] == "material", result["events"]
    [added] = [e for e in result["events"] if e["type"] == "data_category_added"]
    assert added["category"] == "biometric" and added["level"] == "material"


AI = {
    "en": "We may also use your conversations to train our artificial intelligence models.",
    "fr": "Nous pouvons aussi utiliser vos conversations pour entraîner nos modèles d'intelligence artificielle.",
    "de": "Wir können Ihre Unterhaltungen auch nutzen, um unsere KI-Modelle zu trainieren.",
    "nl": "Wij kunnen uw gesprekken ook gebruiken om onze AI-modellen te trainen.",
    "sv": "Vi kan även använda dina konversationer för att träna våra AI-modeller.",
    "pl": "Możemy również wykorzystywać Twoje rozmowy do trenowania naszych modeli sztucznej inteligencji.",
}


@pytest.mark.parametrize("lang", AI)
def test_a_new_ai_training_purpose_is_material(lang):
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {AI[lang]}")
    assert result["level"] == "material", result["events"]
    assert "purpose_added" in kinds(result) and any(e.get("purpose") == "ai_training" for e in result["events"])


TARGETED_ADS = {
    "da": "Vi bruger dine oplysninger til at vise dig målrettede annoncer på sociale medier.",
    "nb": "Vi bruker opplysningene dine til å vise deg målrettede annonser i sosiale medier.",
    "sv": "Vi använder dina uppgifter för att visa dig riktade annonser i sociala medier.",
    "de": "Wir nutzen Ihre Daten, um Ihnen personalisierte Anzeigen in sozialen Netzwerken zu zeigen.",
    "fr": "Nous utilisons vos données pour vous montrer des annonces personnalisées sur les réseaux sociaux.",
    "es": "Utilizamos sus datos para mostrarle anuncios personalizados en redes sociales.",
    "it": "Utilizziamo i suoi dati per mostrarle annunci personalizzati sui social network.",
    "pt": "Utilizamos os seus dados para lhe mostrar anúncios personalizados nas redes sociais.",
}

# the same noun without what makes it advertising aimed at the reader: job listings, notices
PLAIN_NOTICES = {
    "da": "Ledige stillinger slår vi op som annoncer på vores hjemmeside.",
    "de": "Im Kundenkonto können Sie Ihre Bestellungen jederzeit anzeigen.",
    "fr": "Nos annonces de recrutement sont publiées sur notre site.",
    "es": "Publicamos nuestros anuncios de empleo en nuestra web.",
    "it": "I nostri annunci di lavoro sono pubblicati sul sito.",
}


@pytest.mark.parametrize("lang", TARGETED_ADS)
def test_ads_aimed_at_the_reader_are_an_advertising_purpose(lang):
    """ "målrettede annoncer", "annonces personnalisées": the ads themselves, as pages often write
    them instead of "advertising"."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {TARGETED_ADS[lang]}")
    assert any(e.get("purpose") == "advertising_marketing" for e in result["events"]), result["events"]
    assert result["level"] == "material"


@pytest.mark.parametrize("lang", PLAIN_NOTICES)
def test_listings_and_notices_are_no_advertising_purpose(lang):
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {PLAIN_NOTICES[lang]}")
    assert "purpose_added" not in kinds(result), result["events"]


def test_a_negated_purpose_is_not_a_purpose():
    result = judge("en", FILLER["en"], f"{FILLER['en']} We do not use your conversations to train our models.")
    assert "purpose_added" not in kinds(result)


def test_examples_and_change_notices_are_not_substance():
    result = judge(
        "en",
        "Cookies are set when you use our services such as Chat or Studio.",
        "Cookies are set when you use our services such as Vibe or Studio.",
    )
    assert result["level"] == "minor", result["events"]
    result = judge(
        "en",
        FILLER["en"],
        f"{FILLER['en']}\n\nWe added more detail about advertising and clarified that "
        "we do not sell your personal data.",
    )
    assert result["level"] == "minor", result["events"]


def test_an_item_removed_from_an_inline_list_is_material():
    result = judge(
        "en",
        "We do not use your input to train models when you use Team, Enterprise or the paid API.",
        "We do not use your input to train models when you use Enterprise or the paid API.",
    )
    assert result["level"] == "material", result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "You may exercise your rights of access and erasure by writing to us.",
            "You may exercise your rights of access and erasure by writing to us at any time.",
        ),
        (
            "fr",
            "Vous pouvez exercer vos droits d'accès et de rectification en nous écrivant.",
            "Vous pouvez exercer vos droits d'accès et de rectification en nous écrivant à tout moment.",
        ),
        (
            "de",
            "Sie können Ihr Recht auf Auskunft und Löschung geltend machen.",
            "Sie können Ihr Recht auf Auskunft und Löschung jederzeit geltend machen.",
        ),
        (
            "es",
            "Puede ejercer sus derechos de acceso y supresión escribiéndonos.",
            "Usted puede ejercer sus derechos de acceso y supresión escribiéndonos.",
        ),
    ],
)
def test_words_added_around_a_clause_that_stays_are_wording(lang, old, new):
    """The old clause still stands inside the new one: one reworded clause, not a new one stating a right."""
    result = judge(lang, old, new)
    assert result["level"] in ("none", "minor"), result["events"]
    result = judge(lang, new, old)  # and words taken away around it
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We share your data with our payment provider.",
            "We share your data with our payment provider and OpenAI.",
        ),
        ("en", "You may ask for a copy of your data.", "You may not ask for a copy of your data."),
        ("en", "We keep your data.", "We keep your data for 10 years."),
    ],
)
def test_what_is_added_around_a_clause_that_stays_is_still_judged(lang, old, new):
    assert judge(lang, old, new)["level"] == "material"


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        (
            "en",
            "Under the California Consumer Privacy Act (CCPA), you may request deletion.",
            "Under the California Privacy Rights Act (CPRA), you may request deletion.",
            ("none", "minor"),
        ),
        (
            "en",
            "You may request deletion of your data.",
            "You have the right to request deletion of your data.",
            ("material",),
        ),
        (
            "de",
            "Sie können Auskunft verlangen.",
            "Ihre Rechte: Sie können Auskunft und Löschung verlangen.",
            ("material",),
        ),
    ],
)
def test_a_right_word_inside_a_name_states_no_right(lang, old, new, level):
    """ "Rights" in a statute's name is part of a name; "the right to" and "Ihre Rechte" state rights."""
    assert judge(lang, old, new)["level"] in level


def test_a_new_clause_that_only_denies_is_no_alarm_and_its_removal_is():
    deny = "Our service is not directed to children, and we do not sell your health data."
    assert judge("en", FILLER["en"], f"{FILLER['en']} {deny}")["level"] == "minor"
    assert judge("en", f"{FILLER['en']} {deny}", FILLER["en"])["level"] == "material"
    state = "We collect health data from children with their parents' consent."
    assert judge("en", FILLER["en"], f"{FILLER['en']} {state}")["level"] == "material"


def test_a_table_of_contents_entry_states_nothing():
    body = "## Collection\n\nWe process the data you give us to provide the service.\n"
    toc = "- [Information we collect](#collect)\n- [Children](#children)\n- [Health data](#health)\n\n"
    old, new = f"# Policy\n\n{body}", f"# Policy\n\n{toc}{body}"
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    assert not [e for e in result["events"] if e["type"].startswith("data_category")], result["events"]
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        ("en", "Write to privacy@shop.example.", "You can write to privacy@shop.example.", ("none", "minor")),
        (
            "es",
            "Puede escribirnos a privacidad@tienda.example.",
            "Usted puede escribirnos a privacidad@tienda.example.",
            ("none", "minor"),
        ),
        ("en", "We share your data with our partners.", "We may share your data with our partners.", ("material",)),
        ("en", "Write to privacy@shop.example.", "Write to support@shop.example.", ("minor",)),
        ("en", "Write to [email protected].", "Write to privacy@shop.example.", ("none",)),
    ],
)
def test_modals_said_of_the_reader_and_addresses(lang, old, new, level):
    """'You can write to us' is an ability, not a hedge of our practice; a changed address is minor
    (a contact role's address is the contacts kind's, and material); an obfuscated one says nothing."""
    assert judge(lang, old, new)["level"] in level


def test_a_word_the_stemmer_cuts_to_another_words_stem_is_not_that_word():
    """'accountants' and 'account' stem alike; 'account data' names no professional adviser."""
    from policywatch.monitor.documents import policy_from_text

    def categories(text: str) -> set[str]:
        return set(policy_from_text(f"Policy\n\nRecipients\n\n{text}\n").facts["recipient_categories"])

    assert "professional_advisers" not in categories("We keep account data for 2 years after your last login.")
    assert "professional_advisers" in categories("We share records with our accountants and lawyers.")


def concepts_read(table: str, title: str, text: str) -> dict:
    """What one concept table reads from a policy of one section holding ``text``."""
    from policywatch.monitor.documents import policy_from_text

    return policy_from_text(f"Policy\n\n{title}\n\n{text}\n").facts[table]


@pytest.mark.parametrize(
    "text, read",
    [
        ("Built for universities, our service lets students, faculty and researchers share your data safely.", False),
        ("We may use your data for research, in aggregated form.", True),
    ],
)
def test_a_word_with_a_derivation_added_is_another_word(text, read):
    """ "researchers" is who, not what for: one word with a derivation ending added ("-ers") is no
    inflection of a one-word phrase ("research")."""
    purposes = concepts_read("purposes", "How we use data", text)
    assert ("research" in purposes) is read, purposes


@pytest.mark.parametrize(
    "text, read",
    [
        ("We may give your data to emergency services in urgent situations to protect health or life.", False),
        ("Nous pouvons transmettre vos données aux services d'urgence pour protéger la vie ou la santé.", False),
        ("Wir können Ihre Daten an Rettungsdienste weitergeben, um Leben oder Gesundheit zu schützen.", False),
        ("Podemos comunicar sus datos a los servicios de emergencia para proteger la vida o la salud.", False),
        ("Możemy przekazać dane służbom ratunkowym w celu ochrony życia lub zdrowia.", False),
        ("We collect health information you give us, such as allergies.", True),
        ("Nous collectons des données de santé que vous nous confiez.", True),
    ],
)
def test_protecting_someones_life_or_health_is_no_health_data(text, read):
    """The vital-interests basis ("to protect someone's life or health") names a reason to share,
    not health data collected."""
    categories = concepts_read("data_categories", "Data", text)
    assert ("health" in categories) is read, categories


@pytest.mark.parametrize(
    "text, read",
    [
        ("Analytics cookies are optional: you can enable or disable them at any time.", False),
        ("Your account is disabled after a year without a login.", False),
        ("We collect information about any disability you tell us about.", True),
        ("We record disabilities only when you ask for an accessible venue.", True),
    ],
)
def test_a_word_sharing_a_stem_with_a_category_but_not_its_derivation(text, read):
    """'disable' and 'disability' stem alike, but one ends in a derivation ('-ity') the other lacks:
    switching cookies off is no health data."""
    categories = concepts_read("data_categories", "Cookies", text)
    assert ("health" in categories) is read, categories


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("en", "This is version 3.2 of our notice.", "This is version 3.3 of our notice."),
        (
            "de",
            "Diese Datenschutzerklärung gilt in der Fassung 2.1.",
            "Diese Datenschutzerklärung gilt in der Fassung 2.2.",
        ),
        ("nl", "Dit is versie 4 van onze verklaring.", "Dit is versie 5 van onze verklaring."),
        ("es", "Esta es la versión 1.0 de la política.", "Esta es la versión 1.1 de la política."),
    ],
)
def test_a_new_version_number_of_the_document_is_minor(lang, old, new):
    result = judge(lang, old, new)
    assert result["level"] == "minor", result["events"]
    assert "version" in result["events"][0]["reason"]


def test_a_renumbered_cross_reference_is_no_change():
    result = judge("en", "You can object as described in section 4.2.", "You can object as described in section 5.1.")
    assert result["level"] == "none", result["events"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        (
            "en",
            "If you are a California or Virginia resident see section 9.3. and 10.4. on how to opt out of "
            "personalized/targeted advertising.",
            "To opt out of personalized/targeted advertising please see section 9.3.  if you are a California "
            "resident and section 10.4. if Virginia or Texas resident.",
            ("none", "minor"),
        ),
        (
            "en",
            "California consumers may exercise their rights according to Section 9 and 10.",
            "California consumers may exercise their rights according to Section 9. Virginia consumers: Section 10.",
            ("none", "minor"),
        ),
        ("fr", "Voir les articles 15, 16 et 17 du RGPD.", "Voir les articles 15, 16 et 21 du RGPD.", ("none", "minor")),
        # a period after a cross-reference is still a period
        (
            "en",
            "See section 5; and 30 days later we delete your data.",
            "See section 5; and 60 days later we delete your data.",
            ("material",),
        ),
        (
            "en",
            "See section 5 and 30 days later we delete your data.",
            "See section 5 and 60 days later we delete your data.",
            ("material",),
        ),
    ],
)
def test_numbers_listed_after_a_cross_reference_are_references(lang, old, new, level):
    """ "section 9.3. and 10.4.": the second number names a section as the first does."""
    result = judge(lang, old, new)
    assert result["level"] in level, result["events"]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("fr", "Nous collectons également des informations sur vos allergies alimentaires."),
        ("de", "Wir erfassen außerdem Angaben zu Allergien und Vorerkrankungen der Reisenden."),
        ("en", "We also record the medication you take so that our coaches can adapt your plan."),
        ("nl", "Wij registreren ook uw allergieën om uw maaltijden aan te passen."),
    ],
)
def test_health_data_named_by_its_kind_is_a_special_category(lang, sentence):
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert any(e["type"] == "data_category_added" and e["category"] == "health" for e in result["events"]), result


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        (  # the newsletter sentence split out under its own "Marketing" heading: nothing new is said
            "en",
            "## Use\n\nWe use your data to run the app. With your consent we send you our newsletter.\n",
            "## Use\n\nWe use your data to run the app.\n\n## Marketing\n\nWith your consent we send you our newsletter.\n",
            "none",
        ),
        (
            "de",
            "## Nutzung\n\nWir nutzen Ihre Daten für die App. Mit Ihrer Einwilligung senden wir Ihnen unseren Newsletter.\n",
            "## Nutzung\n\nWir nutzen Ihre Daten für die App.\n\n## Werbung\n\nMit Ihrer Einwilligung senden wir Ihnen unseren Newsletter.\n",
            "none",
        ),
        (  # a new heading over new text still states its topic
            "en",
            "## Use\n\nWe use your data to run the app.\n",
            "## Use\n\nWe use your data to run the app.\n\n## Health data\n\nWe may process information about your wellbeing.\n",
            "material",
        ),
    ],
)
def test_a_heading_over_text_the_old_version_holds_states_nothing_new(lang, old, new, level):
    def whole(body: str) -> str:
        return f"# Policy\n\n{FILLER[lang]} {FILLER[lang]}\n\n{body}"

    md = "text/markdown"
    result = compare(policy_from_text(whole(old), md), policy_from_text(whole(new), md)).to_json()
    assert result["level"] == level, result["events"]


@pytest.mark.parametrize(
    "old, new, added",
    [
        (
            "We transfer personal data to the United States under the Standard Contractual Clauses.",
            "We transfer personal data to the United States under the Standard Contractual Clauses (SCCs).",
            [],
        ),
        (
            "We transfer personal data to the United States.",
            "We transfer personal data to the United States and India.",
            ["India"],
        ),
    ],
)
def test_a_transfer_statement_that_grew_counts_only_what_it_adds(old, new, added):
    result = judge("en", f"International transfers. {old}", f"International transfers. {new}")
    countries = [e for e in result["events"] if e["type"] == "transfer_changed" and e["what"] == "countries"]
    assert [c for e in countries for c in e["added"]] == added, result["events"]
    assert not [e for e in result["events"] if e["type"] == "transfer_changed" and e["what"] == "mechanisms"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        ("en", "We keep invoices for 6 years.", "We keep invoices for 72 months.", "none"),
        ("en", "We keep backups for 2 weeks.", "We keep backups for 14 days.", "none"),
        (
            "de",
            "Protokolldaten werden nach 14 Tagen gelöscht.",
            "Protokolldaten werden nach vierzehn Tagen gelöscht.",
            "none",
        ),
        ("nl", "Wij bewaren logbestanden achttien maanden.", "Wij bewaren logbestanden 18 maanden.", "none"),
        ("en", "We keep invoices for 6 years.", "We keep invoices for 60 months.", "material"),
        ("en", "We keep backups for 2 weeks.", "We keep backups for 2 months.", "material"),
        ("en", "We keep invoices for 24 months.", "We keep invoices for twenty-four months.", "none"),
        ("fr", "Les factures sont conservées 24 mois.", "Les factures sont conservées vingt-quatre mois.", "none"),
        ("es", "Conservamos las facturas 36 meses.", "Conservamos las facturas treinta y seis meses.", "none"),
        (
            "pl",
            "Faktury przechowujemy przez 24 miesiące.",
            "Faktury przechowujemy przez dwadzieścia cztery miesiące.",
            "none",
        ),
        ("en", "We keep invoices for twenty-four months.", "We keep invoices for twenty-six months.", "material"),
        # days as months and years: a month is written as thirty days, a year as 365
        ("en", "We delete logs after 30 days.", "We delete logs after one month.", "none"),
        ("en", "We keep call recordings for 90 days.", "We keep call recordings for three months.", "none"),
        ("de", "Protokolle werden nach 365 Tagen gelöscht.", "Protokolle werden nach einem Jahr gelöscht.", "none"),
        ("fr", "Les journaux sont effacés après 180 jours.", "Les journaux sont effacés après 6 mois.", "none"),
        ("en", "We delete logs after 30 days.", "We delete logs after 31 days.", "material"),
        ("en", "We delete logs after 30 days.", "We delete logs after two months.", "material"),
        ("en", "We keep call recordings for 90 days.", "We keep call recordings for six months.", "material"),
        ("en", "We keep call recordings for 365 days.", "We keep call recordings for two years.", "material"),
    ],
)
def test_one_period_in_other_units_is_the_same_period(lang, old, new, level):
    result = judge(lang, old, new)
    assert (result["level"] == "material") == (level == "material"), result["events"]
    assert bool(kinds(result) & {"retention_changed"}) == (level == "material")


@pytest.mark.parametrize(
    "lang, sentence, level",
    [
        ("en", "You can edit your profile at any time.", "minor"),
        ("fr", "Nous signons un contrat avec chaque sous-traitant.", "minor"),
        ("en", "Security researchers can report vulnerabilities to us.", "minor"),
        ("en", "We use profiling to decide which offers you see.", "material"),
    ],
)
def test_a_profile_and_a_contract_are_no_profiling_and_no_legal_basis(lang, sentence, level):
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert result["level"] == level, result["events"]
    assert "legal_basis_changed" not in kinds(result)


def test_a_recipient_listed_under_a_sharing_heading_needs_no_verb():
    from policywatch.monitor.documents import policy_from_text

    page = "# Policy\n\n## Who we share your data with\n\n- Advertising partners\n- Our auditors\n"
    assert set(policy_from_text(page, "text/markdown").facts["recipient_categories"]) == {
        "advertising_partners",
        "professional_advisers",
    }


def test_a_numbered_paragraph_added_is_material():
    """A new processing in a document that numbers them, whatever its words; a sentence added
    beside it, or a step added to an instruction's numbered list, is not."""
    base = "<p>7. Creating your account.</p><p>8. Sending you receipts.</p>"

    def level(old: str, new: str) -> str:
        def page(body: str) -> str:
            return f"<html><body><h1>Policy</h1><p>{FILLER['en']} {FILLER['en']}</p><h2>Uses</h2>{body}</body></html>"

        return compare(policy_from_text(page(old), "text/html"), policy_from_text(page(new), "text/html")).level

    assert level(base, base + "<p>9. Anonymising your interactions to improve your experience.</p>") == "material"
    assert level(base, base + "<p>We review these uses every year.</p>") == "minor"
    steps = "<ol><li>Open Settings.</li><li>Choose Privacy.</li></ol>"
    assert level(steps, steps.replace("</ol>", "<li>Click Save.</li></ol>")) == "minor"


# A sentence added to a paragraph, judged by what it states: look-alikes that must stay minor beside
# the cases of the same kind that must be material.
ADDED_SENTENCES = [
    # a negation after the verb denies it
    pytest.param("de", "Wir verkaufen Ihre Daten nicht.", "minor", id="de-Wir verkaufen Ihre Daten nicht."),
    pytest.param(
        "nl", "Wij verkopen uw gegevens niet aan derden.", "minor", id="nl-Wij verkopen uw gegevens niet aan derden"
    ),
    pytest.param(
        "de", "Wir verkaufen Ihre Daten an Werbepartner.", "material", id="de-Wir verkaufen Ihre Daten an Werbepartner"
    ),
    pytest.param(
        "de",
        "Wir verkaufen Ihre Daten an Werbepartner, wenn Sie nicht widersprechen.",
        "material",
        id="de-Wir verkaufen Ihre Daten an Werbepartner",
    ),
    # a concept's word inside another phrase states nothing
    pytest.param(
        "en",
        "For health and safety reasons we keep a visitor log at our offices.",
        "minor",
        id="en-For health and safety reasons we keep a ",
    ),
    pytest.param(
        "en", "Press enquiries go to our marketing team.", "minor", id="en-Press enquiries go to our marketing team"
    ),
    pytest.param(
        "fr",
        "Notre équipe respecte les règles de santé et de sécurité au travail pour vos données.",
        "minor",
        id="fr-santé et de sécurité au travail",
    ),
    pytest.param(
        "it",
        "Rispettiamo le norme sulla salute e la sicurezza dei lavoratori nel trattare i dati.",
        "minor",
        id="it-salute e la sicurezza",
    ),
    pytest.param(
        "es",
        "Cumplimos la normativa de seguridad y salud en el trabajo al tratar sus datos.",
        "minor",
        id="es-seguridad y salud en el trabajo",
    ),
    pytest.param(
        "fr", "Nous traitons des données de santé que vous nous confiez.", "material", id="fr-données de santé"
    ),
    pytest.param(
        "fr",
        "Notre service marketing répond aux questions de la presse.",
        "minor",
        id="fr-Notre service marketing répond aux quest",
    ),
    pytest.param(
        "es",
        "Nuestro departamento de marketing atiende a la prensa.",
        "minor",
        id="es-Nuestro departamento de marketing atiend",
    ),
    pytest.param("en", "We use your data for marketing.", "material", id="en-We use your data for marketing."),
    pytest.param(
        "en", "We may process health data you give us.", "material", id="en-We may process health data you give us."
    ),
    # a sale is a sale of data
    pytest.param("en", "We sell books and toys in our shops.", "minor", id="en-We sell books and toys in our shops."),
    pytest.param("de", "Wir verkaufen Bücher und Spielwaren.", "minor", id="de-Wir verkaufen Bücher und Spielwaren."),
    pytest.param(
        "fr", "Nous vendons des livres et des jouets.", "minor", id="fr-Nous vendons des livres et des jouets."
    ),
    pytest.param(
        "en", "We may sell or rent your name to partners.", "material", id="en-We may sell or rent your name to partner"
    ),
    pytest.param(
        "de",
        "Ihre Daten werden an Werbepartner verkauft.",
        "material",
        id="de-Ihre Daten werden an Werbepartner verkau",
    ),
    pytest.param(
        "de",
        "Wir verkaufen Ihre Kontaktdaten an Partner.",
        "material",
        id="de-Wir verkaufen Ihre Kontaktdaten an Partn",
    ),
    pytest.param(
        "en",
        "We may sell your email address to partners.",
        "material",
        id="en-We may sell your email address to partne",
    ),
    pytest.param(
        "en", "Your personal data is not sold to anyone.", "minor", id="en-Your personal data is not sold to anyone"
    ),
    # affiliate links and insurance are no recipients
    pytest.param(
        "en", "Some links on our site are affiliate links.", "minor", id="en-Some links on our site are affiliate lin"
    ),
    pytest.param(
        "en", "You can buy insurance through our website.", "minor", id="en-You can buy insurance through our websit"
    ),
    pytest.param(
        "en",
        "We share data with our insurers and auditors.",
        "material",
        id="en-We share data with our insurers and audi",
    ),
    pytest.param("en", "We share data with our affiliates.", "material", id="en-We share data with our affiliates."),
    # a search is no research, a group no recipient
    pytest.param(
        "fr",
        "Vous pouvez effectuer une recherche sur notre site.",
        "minor",
        id="fr-Vous pouvez effectuer une recherche sur ",
    ),
    pytest.param(
        "es", "Investigamos las reclamaciones que recibimos.", "minor", id="es-Investigamos las reclamaciones que recib"
    ),
    pytest.param(
        "it", "Puoi effettuare una ricerca sul nostro sito.", "minor", id="it-Puoi effettuare una ricerca sul nostro s"
    ),
    pytest.param("fr", "Le groupe a été fondé en 1990.", "minor", id="fr-Le groupe a été fondé en 1990."),
    pytest.param(
        "es", "Formamos parte de un grupo empresarial.", "minor", id="es-Formamos parte de un grupo empresarial."
    ),
    pytest.param(
        "fr",
        "Nous utilisons vos données à des fins de recherche scientifique.",
        "material",
        id="fr-Nous utilisons vos données à des fins de",
    ),
    pytest.param(
        "fr",
        "Vos données sont partagées au sein de notre groupe.",
        "material",
        id="fr-Vos données sont partagées au sein de no",
    ),
    # agreeing is no voice, revenue no income
    pytest.param(
        "de",
        "Mit der Nutzung stimmen Sie dieser Erklärung zu.",
        "minor",
        id="de-Mit der Nutzung stimmen Sie dieser Erklä",
    ),
    pytest.param("nl", "U stemt in met deze verklaring.", "minor", id="nl-U stemt in met deze verklaring."),
    pytest.param(
        "es", "Nuestros ingresos proceden de suscripciones.", "minor", id="es-Nuestros ingresos proceden de suscripcio"
    ),
    pytest.param(
        "de", "Wir speichern Aufnahmen Ihrer Stimme.", "material", id="de-Wir speichern Aufnahmen Ihrer Stimme."
    ),
    pytest.param(
        "fr",
        "Nous enregistrons votre voix lors des appels.",
        "material",
        id="fr-Nous enregistrons votre voix lors des ap",
    ),
    # a recipient is named where data is given to it
    pytest.param(
        "en",
        "Our site contains links to third-party websites.",
        "minor",
        id="en-Our site contains links to third-party w",
    ),
    pytest.param(
        "en", "We use third-party cookies for analytics.", "minor", id="en-We use third-party cookies for analytics"
    ),
    pytest.param(
        "fr",
        "Notre site contient des liens vers des sites tiers.",
        "minor",
        id="fr-Notre site contient des liens vers des s",
    ),
    pytest.param(
        "de",
        "Unsere Website enthält Links zu Websites Dritter.",
        "minor",
        id="de-Unsere Website enthält Links zu Websites",
    ),
    pytest.param(
        "en", "We share your data with third parties.", "material", id="en-We share your data with third parties."
    ),
    pytest.param(
        "de", "Wir geben Ihre Daten an Dritte weiter.", "material", id="de-Wir geben Ihre Daten an Dritte weiter."
    ),
    pytest.param(
        "fr", "Nous transmettons vos données à des tiers.", "material", id="fr-Nous transmettons vos données à des tier"
    ),
    # Portuguese, read from its own language file
    pytest.param(
        "pt", "Partilhamos os seus dados com terceiros.", "material", id="pt-Partilhamos os seus dados com terceiros"
    ),
    pytest.param(
        "pt",
        "Utilizamos as suas conversas para treinar os nossos modelos de inteligência artificial.",
        "material",
        id="pt-treinar os nossos modelos",
    ),
    pytest.param("pt", "A nossa equipa de marketing trabalha em Lisboa.", "minor", id="pt-equipa de marketing"),
    pytest.param("pt", "Não vendemos os seus dados pessoais.", "minor", id="pt-Não vendemos"),
]


@pytest.mark.parametrize("lang, sentence, level", ADDED_SENTENCES)
def test_a_sentence_added_is_judged_by_what_it_states(lang, sentence, level):
    assert judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")["level"] == level


# A clause replaced by another, judged by what it states ("none|minor": either is right): look-alikes
# of substance beside the real changes of the same kind.
REPLACED_CLAUSES = [
    # a modal's strength changed
    pytest.param(
        "en",
        "We may share your data with our partners.",
        "We must share your data with our partners.",
        "material",
        id="en-We must share your data with our partner",
    ),
    pytest.param(
        "de",
        "Wir können Ihre Daten an unsere Partner weitergeben.",
        "Wir müssen Ihre Daten an unsere Partner weitergeben.",
        "material",
        id="de-Wir müssen Ihre Daten an unsere Partner ",
    ),
    pytest.param(
        "de",
        "Wir können Ihre Daten an unsere Partner weitergeben.",
        "Wir werden Ihre Daten an unsere Partner weitergeben.",
        "material",
        id="de-Wir werden Ihre Daten an unsere Partner ",
    ),
    # a right named by another word of the same right, beside a right added
    pytest.param(
        "en",
        "You have the right to access, correct and delete your data.",
        "You have the right to access, rectify and delete your data.",
        "none|minor",
        id="en-correct is rectify",
    ),
    pytest.param(
        "en",
        "You have the right to request deletion of your data.",
        "You have the right to request erasure of your data.",
        "none|minor",
        id="en-deletion is erasure",
    ),
    pytest.param(
        "en",
        "You have the right to access and delete your data.",
        "You have the right to access, rectify and delete your data.",
        "material",
        id="en-rectification added",
    ),
    pytest.param(
        "fr",
        "Vous disposez d'un droit d'accès et d'effacement.",
        "Vous avez le droit d'accéder à vos données et de les effacer.",
        "none|minor",
        id="fr-accès is accéder",
    ),
    pytest.param(
        "fr",
        "Vous disposez d'un droit d'accès.",
        "Vous disposez d'un droit d'accès et d'opposition.",
        "material",
        id="fr-opposition added",
    ),
    # a country abbreviated with dots
    pytest.param(
        "en",
        "Your data may be transferred to the United States.",
        "Your data may be transferred to the U.S.",
        "none|minor",
        id="en-the U.S.",
    ),
    # a contracted modal is the modal
    pytest.param("en", "We will delete your data.", "We'll delete your data.", "none|minor", id="en-We'll"),
    pytest.param("en", "We cannot see your password.", "We can't see your password.", "none|minor", id="en-can't"),
    pytest.param("en", "We may delete your data.", "We'll delete your data.", "material", id="en-We'll added"),
    # consent by another name
    pytest.param(
        "en",
        "We process your data based on your consent.",
        "We process your data with your permission.",
        "none|minor",
        id="en-with your permission is consent",
    ),
    pytest.param(
        "en",
        "We process your data to provide the service.",
        "We process your data with your permission.",
        "material",
        id="en-with your permission added",
    ),
    # modal forms the stemmer does not bring back to the infinitive ('pouvons' is not 'pouvoir')
    pytest.param(
        "fr",
        "Nous partageons vos données avec nos partenaires.",
        "Nous pouvons partager vos données avec nos partenaires.",
        "material",
        id="fr-Nous pouvons partager",
    ),
    pytest.param(
        "fr",
        "Nous conservons vos factures pendant dix ans.",
        "Nous devons conserver vos factures pendant dix ans.",
        "material",
        id="fr-Nous devons conserver",
    ),
    pytest.param(
        "it",
        "Conserviamo le fatture per dieci anni.",
        "Dobbiamo conservare le fatture per dieci anni.",
        "material",
        id="it-Dobbiamo conservare",
    ),
    pytest.param(
        "nl",
        "U kunt ons een e-mail sturen.",
        "U kunt ons mailen.",
        "none|minor",
        id="nl-U kunt ons mailen",
    ),
    # a phone number is one number however written
    pytest.param(
        "en",
        "Call us on +44 117 496 0123.",
        "Call us on +44 (0)117 4960123.",
        "none",
        id="en-Call us on +44 (0)117 4960123.",
    ),
    pytest.param(
        "nl", "Bel ons op 020 123 4567.", "Bel ons op +31 (0)20-1234567.", "none", id="nl-Bel ons op +31 (0)20-1234567."
    ),
    pytest.param("de", "Telefon: +49 30 1234567", "Telefon: 030 / 123 45 67", "none", id="de-Telefon: 030 / 123 45 67"),
    pytest.param(
        "en",
        "Call us on +44 117 496 0123.",
        "Call us on +44 117 496 0999.",
        "material",
        id="en-Call us on +44 117 496 0999.",
    ),
    # a date added to a list of past versions is no new item
    pytest.param(
        "en",
        "Previous versions: January 15, 2024, June 2, 2023.",
        "Previous versions: March 20, 2025, January 15, 2024, June 2, 2023.",
        "minor",
        id="en-Previous versions: March 20, 2025, Janua",
    ),
    pytest.param(
        "fr",
        "Versions précédentes : 15 janvier 2024, 2 juin 2023.",
        "Versions précédentes : 20 mars 2025, 15 janvier 2024, 2 juin 2023.",
        "minor",
        id="fr-Versions précédentes : 20 mars 2025, 15 ",
    ),
    pytest.param(
        "en",
        "We share data with our hosting provider, our payment provider and our auditors.",
        "We share data with our hosting provider, our payment provider, our insurers and our auditors.",
        "material",
        id="en-We share data with our hosting provider,",
    ),
    # a date in the body is said, not weighed
    pytest.param(
        "en",
        "From 1 May 2025 we will share usage data with our analytics provider.",
        "From 1 June 2025 we will share usage data with our analytics provider.",
        "minor",
        id="en-From 1 June 2025 we will share usage dat",
    ),
    pytest.param(
        "en",
        "Our certification is valid until 27 December 2030.",
        "Our certification is valid until 27 December 2031.",
        "minor",
        id="en-Our certification is valid until 27 Dece",
    ),
    pytest.param(
        "de",
        "Das Zertifikat gilt bis zum 31.12.2030.",
        "Das Zertifikat gilt bis zum 31.12.2031.",
        "minor",
        id="de-Das Zertifikat gilt bis zum 31.12.2031.",
    ),
    pytest.param(
        "en",
        "© 2025 Example Ltd. All rights reserved.",
        "© 2026 Example Ltd. All rights reserved.",
        "none",
        id="en-© 2026 Example Ltd. All rights reserved.",
    ),
    # a possibility said as a phrase is the same modal
    pytest.param(
        "fr",
        "Vos données peuvent être transférées aux États-Unis.",
        "Il est possible que vos données soient transférées aux États-Unis.",
        "none|minor",
        id="fr-Il est possible que vos données soient t",
    ),
    pytest.param(
        "it",
        "I dati possono essere trasferiti negli Stati Uniti.",
        "È possibile che i dati vengano trasferiti negli Stati Uniti.",
        "none|minor",
        id="it-È possibile che i dati vengano trasferit",
    ),
    pytest.param(
        "en",
        "We may review the logs.",
        "It is possible that we review the logs.",
        "none|minor",
        id="en-It is possible that we review the logs.",
    ),
    # 'among other things' opens a list and adds no item
    pytest.param(
        "en",
        "We collect your name, email address, delivery address and order history.",
        "We collect, among other things, your name, email address, delivery address and order history.",
        "none|minor",
        id="en-We collect, among other things, your nam",
    ),
    pytest.param(
        "fr",
        "Nous collectons votre nom, votre adresse e-mail et votre historique de commandes.",
        "Nous collectons, entre autres, votre nom, votre adresse e-mail et votre historique de commandes.",
        "none|minor",
        id="fr-Nous collectons, entre autres, votre nom",
    ),
    pytest.param(
        "es",
        "Tratamos su nombre, su correo electrónico y su historial de pedidos.",
        "Tratamos, entre otros, su nombre, su correo electrónico y su historial de pedidos.",
        "none|minor",
        id="es-Tratamos, entre otros, su nombre, su cor",
    ),
    # opening hours are no numbers of the policy
    pytest.param(
        "en",
        "Call us Monday to Friday, 9am to 5pm.",
        "Call us Monday–Friday, 9 a.m. – 5 p.m.",
        "none|minor",
        id="en-Call us Monday–Friday, 9 a.m. – 5 p.m.",
    ),
    pytest.param(
        "de",
        "Erreichbar von 9 bis 17 Uhr.",
        "Erreichbar von 9:00 bis 17:00 Uhr.",
        "none|minor",
        id="de-Erreichbar von 9:00 bis 17:00 Uhr.",
    ),
    pytest.param(
        "fr", "Joignable de 9h à 18h.", "Joignable de 9h00 à 18h00.", "none|minor", id="fr-Joignable de 9h00 à 18h00."
    ),
    pytest.param(
        "en",
        "Open 9am to 5pm; we reply within 2 days.",
        "Open 9am to 5pm; we reply within 3 days.",
        "material",
        id="en-Open 9am to 5pm; we reply within 3 days.",
    ),
    pytest.param(
        "fr",
        "Nous répondons sous 48 heures.",
        "Nous répondons sous 72 heures.",
        "material",
        id="fr-Nous répondons sous 72 heures.",
    ),
    # hours and minutes with a dot, then the hour's word ("17.30 uur"), are a time of day
    pytest.param(
        "nl",
        "Wij zijn bereikbaar op werkdagen van 9.00 tot 17.00 uur.",
        "Wij zijn bereikbaar op werkdagen van 8.30 tot 17.30 uur.",
        "none|minor",
        id="nl-van 8.30 tot 17.30 uur",
    ),
    pytest.param(
        "nl",
        "Wij reageren binnen 24 uur op uw verzoek.",
        "Wij reageren binnen 48 uur op uw verzoek.",
        "material",
        id="nl-binnen 48 uur",
    ),
    # a price is no period: "€5 per month" keeps nothing for five months
    pytest.param(
        "en",
        "Premium plans start at €5 per month.",
        "Premium plans start at €6 per month.",
        "none|minor",
        id="en-€6 per month",
    ),
    pytest.param(
        "de",
        "Das Premium-Abo kostet 5 € pro Monat.",
        "Das Premium-Abo kostet 6,99 € pro Monat.",
        "none|minor",
        id="de-6,99 € pro Monat",
    ),
    pytest.param(
        "en",
        "Plans cost $5 per month; we keep your invoices for 7 years.",
        "Plans cost $5 per month; we keep your invoices for 10 years.",
        "material",
        id="en-a price beside a period",
    ),
    # the country in a law's name is no party
    pytest.param(
        "en",
        "Under the GDPR you may complain to a supervisory authority.",
        "Under the UK GDPR you may complain to a supervisory authority.",
        "none|minor",
        id="en-Under the UK GDPR you may complain to a ",
    ),
    pytest.param(
        "en",
        "We store data in Ireland.",
        "We store data in Ireland and India.",
        "material",
        id="en-We store data in Ireland and India.",
    ),
    # a narrowing ("only", "ausschließlich") dropped or added is material; moved or respelt, it is not
    pytest.param(
        "en",
        "Only our support staff can access your data.",
        "Our staff and contractors can access your data.",
        "material",
        id="en-only our support staff",
    ),
    pytest.param(
        "de",
        "Ihre Daten werden ausschließlich in der EU gespeichert.",
        "Ihre Daten werden in der EU gespeichert.",
        "material",
        id="de-ausschließlich in der EU",
    ),
    pytest.param(
        "fr",
        "Seuls nos employés habilités ont accès à vos données.",
        "Nos employés et nos prestataires ont accès à vos données.",
        "material",
        id="fr-seuls nos employés",
    ),
    pytest.param(
        "nl",
        "Alleen onze medewerkers hebben toegang tot uw gegevens.",
        "Onze medewerkers en partners hebben toegang tot uw gegevens.",
        "material",
        id="nl-alleen onze medewerkers",
    ),
    pytest.param(
        "en",
        "We will only send you marketing emails if you opt in.",
        "We will send you marketing emails unless you opt out.",
        "material",
        id="en-only if you opt in",
    ),
    pytest.param(
        "en", "We only use necessary cookies.", "We use only necessary cookies.", "none|minor", id="en-only moved"
    ),
    pytest.param(
        "de",
        "Wir verarbeiten nur die nötigen Daten.",
        "Wir verarbeiten lediglich die nötigen Daten.",
        "none|minor",
        id="de-nur respelt lediglich",
    ),
    pytest.param(
        "es",
        "Solo nuestro personal autorizado accede a sus datos.",
        "Únicamente nuestro personal autorizado accede a sus datos.",
        "none|minor",
        id="es-solo respelt únicamente",
    ),
    pytest.param(
        "en", "We are the only bike shop in Leeds.", "We are a bike shop in Leeds.", "none|minor", id="en-the only shop"
    ),
    # a narrowing of what the reader must do is no narrowing of our practice
    pytest.param(
        "de",
        "Wenn Sie nur eine kurze Frage haben, schreiben Sie uns eine E-Mail.",
        "Wenn Sie eine kurze Frage haben, schreiben Sie uns eine E-Mail.",
        "none|minor",
        id="de-wenn Sie nur eine Frage haben",
    ),
    pytest.param(
        "nl",
        "U hoeft alleen een e-mail te sturen om uw gegevens in te zien.",
        "U hoeft een e-mail te sturen om uw gegevens in te zien.",
        "none|minor",
        id="nl-u hoeft alleen",
    ),
    pytest.param(
        "en", "Only you can see your profile.", "Your profile is visible only to you.", "none|minor", id="en-only you"
    ),
    pytest.param(
        "en",
        "We use cookies only where you have agreed.",
        "We use cookies where you have agreed.",
        "material",
        id="en-only where you have agreed",
    ),
    # portability in the law's own words: data in a machine-readable format, sent to another controller
    pytest.param(
        "en",
        "You have the right to access your data and to receive it in a machine-readable format.",
        "You have the right to access your data.",
        "material",
        id="en-machine-readable format",
    ),
    pytest.param(
        "it",
        "L'Utente ha il diritto di accedere ai propri Dati, ricevere i propri Dati o farli trasferire ad altro titolare.",
        "L'Utente ha il diritto di accedere ai propri Dati.",
        "material",
        id="it-farli trasferire ad altro titolare",
    ),
    pytest.param(
        "de",
        "Sie haben das Recht auf Auskunft und darauf, Ihre Daten in einem maschinenlesbaren Format zu erhalten.",
        "Sie haben das Recht auf Auskunft.",
        "material",
        id="de-maschinenlesbaren Format",
    ),
    # "not only ... but also" widens; it denies nothing
    pytest.param(
        "en",
        "We use your data not only to run the service but also to improve it.",
        "We use your data to run the service and to improve it.",
        "none|minor",
        id="en-not only but also",
    ),
    pytest.param(
        "de",
        "Wir nutzen Ihre Daten nicht nur für den Versand, sondern auch für den Support.",
        "Wir nutzen Ihre Daten für den Versand und für den Support.",
        "none|minor",
        id="de-nicht nur sondern auch",
    ),
    # a law's articles and paragraphs are references, not numbers of the policy
    pytest.param(
        "de",
        "Informationen nach Art. 13 DSGVO finden Sie unten.",
        "Informationen nach Art. 13 und 14 DSGVO finden Sie unten.",
        "none|minor",
        id="de-Art. 13 und 14 DSGVO",
    ),
    pytest.param(
        "de",
        "Rechnungen bewahren wir 10 Jahre auf (§ 147 AO).",
        "Rechnungen bewahren wir 10 Jahre auf (§ 147 Abs. 1 AO).",
        "none|minor",
        id="de-§ 147 Abs. 1 AO",
    ),
    pytest.param(
        "it",
        "I dati sono trattati ai sensi dell'art. 6 del GDPR.",
        "I dati sono trattati ai sensi dell'art. 6, comma 1, del GDPR.",
        "none|minor",
        id="it-art. 6, comma 1",
    ),
    # "cuenta con" (has) is no account
    pytest.param(
        "es",
        "La empresa cuenta con más de 200 empleados.",
        "La empresa cuenta con más de 250 empleados.",
        "none|minor",
        id="es-cuenta con 250 empleados",
    ),
    pytest.param(
        "pt",
        "A empresa conta com mais de 200 colaboradores.",
        "A empresa conta com mais de 250 colaboradores.",
        "none|minor",
        id="pt-conta com 250 colaboradores",
    ),
    pytest.param(
        "es",
        "Puede eliminar su cuenta en cualquier momento; la conservamos 30 días.",
        "Puede eliminar su cuenta en cualquier momento; la conservamos 60 días.",
        "material",
        id="es-su cuenta, 60 días",
    ),
    # a legal basis cited by its letter
    pytest.param(
        "de",
        "Wir verarbeiten Ihre Daten gemäß Art. 6 Abs. 1 lit. b DSGVO.",
        "Wir verarbeiten Ihre Daten gemäß Art. 6 Abs. 1 lit. f DSGVO.",
        "material",
        id="de-Wir verarbeiten Ihre Daten gemäß Art. 6 ",
    ),
    pytest.param(
        "de",
        "Wir verarbeiten Ihre Daten gemäß Art. 6 Abs. 1 lit. b DSGVO.",
        "Wir verarbeiten Ihre Daten gemäß Art. 6 Abs. 1 S. 1 lit. b DSGVO.",
        "none|minor",
        id="de-Wir verarbeiten Ihre Daten gemäß Art. 6 ",
    ),
    pytest.param(
        "en",
        "We rely on Article 6(1)(b) GDPR.",
        "We rely on Article 6(1)(f) GDPR.",
        "material",
        id="en-We rely on Article 6(1)(f) GDPR.",
    ),
    pytest.param(
        "fr",
        "Base légale : article 6.1.b du RGPD.",
        "Base légale : article 6.1.f du RGPD.",
        "material",
        id="fr-Base légale : article 6.1.f du RGPD.",
    ),
    pytest.param(
        "it",
        "Base giuridica: art. 6 par. 1 lett. b GDPR.",
        "Base giuridica: art. 6 par. 1 lett. a GDPR.",
        "material",
        id="it-Base giuridica: art. 6 par. 1 lett. a GD",
    ),
    pytest.param(
        "nl",
        "Grondslag: artikel 6 lid 1 sub b AVG.",
        "Grondslag: artikel 6 lid 1 sub f AVG.",
        "material",
        id="nl-Grondslag: artikel 6 lid 1 sub f AVG.",
    ),
    # a denial turned passive is the same promise
    pytest.param(
        "it",
        "Non vendiamo i tuoi dati.",
        "I tuoi dati non vengono venduti.",
        "none|minor",
        id="it-I tuoi dati non vengono venduti.",
    ),
    pytest.param(
        "es", "No vendemos sus datos.", "Sus datos no se venden.", "none|minor", id="es-Sus datos no se venden."
    ),
    pytest.param(
        "en",
        "We do not sell your personal data.",
        "Your personal data is not sold by us.",
        "none|minor",
        id="en-Your personal data is not sold by us.",
    ),
    # a document's identifier is no number
    pytest.param(
        "en", "Reference: cookies/20250314", "Reference: cookies/20260101", "minor", id="en-Reference: cookies/20260101"
    ),
    pytest.param("en", "Document ID: PP-2025-03", "Document ID: PP-2026-01", "minor", id="en-Document ID: PP-2026-01"),
    # a list item is added only to a list, also across its separators
    pytest.param(
        "en",
        "We use cookies (small text files).",
        "We use cookies, which are small text files.",
        "none|minor",
        id="en-We use cookies, which are small text fil",
    ),
    pytest.param(
        "en",
        "Contact us at privacy@example.com.",
        "Contact us at privacy@example.com or via our contact form.",
        "none|minor",
        id="en-Contact us at privacy@example.com or via",
    ),
    pytest.param(
        "en",
        "You can withdraw your consent at any time.",
        "You can withdraw your consent at any time, free of charge.",
        "none|minor",
        id="en-You can withdraw your consent at any tim",
    ),
    pytest.param(
        "en",
        "We collect your name, email and phone number.",
        "We collect your name, phone number and email.",
        "none|minor",
        id="en-We collect your name, phone number and e",
    ),
    pytest.param(
        "en",
        "We collect your name and email.",
        "We collect your name, email and date of birth.",
        "material",
        id="en-We collect your name, email and date of ",
    ),
    pytest.param(
        "en",
        "We collect your name, email and phone number.",
        "We collect your name, email, phone number and date of birth.",
        "material",
        id="en-We collect your name, email, phone numbe",
    ),
    pytest.param(
        "en",
        "We collect your name, email and phone number.",
        "We collect your name and phone number.",
        "material",
        id="en-We collect your name and phone number.",
    ),
    # 'without giving reasons' negates nothing that stood
    pytest.param(
        "en",
        "You can withdraw your consent at any time.",
        "You can withdraw your consent at any time without giving reasons.",
        "none|minor",
        id="en-You can withdraw your consent at any tim",
    ),
    pytest.param(
        "de",
        "Sie können Ihre Einwilligung jederzeit widerrufen.",
        "Sie können Ihre Einwilligung jederzeit ohne Angabe von Gründen widerrufen.",
        "none|minor",
        id="de-Sie können Ihre Einwilligung jederzeit o",
    ),
    pytest.param(
        "fr",
        "Vous pouvez retirer votre consentement à tout moment.",
        "Vous pouvez retirer votre consentement à tout moment, sans frais.",
        "none|minor",
        id="fr-Vous pouvez retirer votre consentement à",
    ),
    pytest.param(
        "es",
        "Puede retirar su consentimiento en cualquier momento.",
        "Puede retirar su consentimiento en cualquier momento, sin coste.",
        "none|minor",
        id="es-Puede retirar su consentimiento en cualq",
    ),
    pytest.param(
        "en", "We share your data.", "We never share your data.", "material", id="en-We never share your data."
    ),
    pytest.param(
        "de",
        "Wir verkaufen Ihre Daten.",
        "Wir verkaufen Ihre Daten nicht.",
        "material",
        id="de-Wir verkaufen Ihre Daten nicht.",
    ),
    # Portuguese: wording beside substance
    pytest.param(
        "pt",
        "Os registos de acesso são conservados durante 6 meses.",
        "Os registos de acesso são conservados durante seis meses.",
        "none",
        id="pt-seis meses",
    ),
    pytest.param(
        "pt",
        "Os registos de acesso são conservados durante 6 meses.",
        "Os registos de acesso são conservados durante 12 meses.",
        "material",
        id="pt-12 meses",
    ),
    pytest.param(
        "pt", "Não vendemos os seus dados pessoais.", "Vendemos os seus dados pessoais.", "material", id="pt-Vendemos"
    ),
    pytest.param(
        "pt",
        "Não vendemos os seus dados pessoais.",
        "Nós não vendemos os seus dados pessoais.",
        "none|minor",
        id="pt-Nós não vendemos",
    ),
    pytest.param(
        "pt",
        "Notificaremos os clientes com 30 dias de antecedência antes de adicionar um novo subcontratante.",
        "Notificaremos os clientes com 15 dias de antecedência antes de adicionar um novo subcontratante.",
        "material",
        id="pt-adicionar is no change notice",
    ),
    pytest.param(
        "pt",
        "A Salesforce, Inc. trata a gestão de clientes nos Estados Unidos.",
        "A Salesforce, Inc. trata a gestão da relação com clientes nos Estados Unidos.",
        "none|minor",
        id="pt-com is no example marker",
    ),
    pytest.param(
        "pt",
        "Pode pedir o acesso aos seus dados.",
        "Poderá pedir o acesso aos seus dados.",
        "none|minor",
        id="pt-Poderá pedir",
    ),
]


@pytest.mark.parametrize("lang, old, new, level", REPLACED_CLAUSES)
def test_a_replaced_clause_is_judged_by_what_it_states(lang, old, new, level):
    result = judge(lang, old, new)
    assert result["level"] in level.split("|"), result["events"]


# A data category's word where no data is handled (a shop's goods, a blog's topics) beside the same
# word in a clause about data.
CATEGORY_WORDS = [
    ("en", "Our shop sells children's books and toys.", "minor"),
    ("en", "Our blog covers health and fitness topics.", "minor"),
    ("en", "Children may create an account with a parent's consent.", "material"),
    ("en", "We record your health conditions to tailor your plan.", "material"),
    ("fr", "Nous vendons des livres pour enfants.", "minor"),
    ("fr", "Nous collectons les données des enfants de moins de 15 ans avec l'accord de leurs parents.", "material"),
    ("de", "Wir verkaufen Bücher und Spielzeug für Kinder.", "minor"),
    ("de", "Wir erheben Daten von Kindern unter 16 Jahren nur mit Einwilligung der Eltern.", "material"),
    ("nl", "Wij verkopen boeken voor kinderen.", "minor"),
    ("nl", "Wij verzamelen gegevens van kinderen jonger dan 16 jaar met toestemming van hun ouders.", "material"),
    ("es", "Vendemos libros para niños.", "minor"),
    ("it", "Vendiamo libri per bambini.", "minor"),
    ("pt", "Vendemos livros para crianças.", "minor"),
    ("pt", "Coletamos dados de crianças com o consentimento dos pais.", "material"),
]


@pytest.mark.parametrize("lang, sentence, level", CATEGORY_WORDS)
def test_a_category_word_counts_only_where_data_is_handled(lang, sentence, level):
    def page(extra: str) -> str:
        return f"Policy\n\n1. General\n\n{FILLER[lang]}\n\n2. Our shop\n\n{FILLER[lang]}{extra}\n"

    result = compare(policy_from_text(page("")), policy_from_text(page(" " + sentence))).to_json()
    assert result["level"] == level, result["events"]
    assert ("data_category_added" in kinds(result)) == (level == "material")


# Chinese and Japanese are written without spaces, Korean glues numbers to its words: a number
# inside such a sentence is still a number of the policy.
CJK_CLAUSES = [
    ("当社は、個人情報を取引終了後5年間保存します。", "当社は、個人情報を取引終了後10年間保存します。", "material"),
    ("当社は、個人情報を取引終了後5年間保存します。", "当社は、個人情報を取引終了後5年間保存します", "none|minor"),
    ("我们将在您注销账户后保存您的信息30天。", "我们将在您注销账户后保存您的信息90天。", "material"),
    (
        "회사는 회원 탈퇴 후 30일 동안 개인정보를 보관합니다.",
        "회사는 회원 탈퇴 후 90일 동안 개인정보를 보관합니다.",
        "material",
    ),
    ("회사는 이름, 이메일 주소를 수집합니다.", "회사는 이름, 이메일 주소를 수집하고 있습니다.", "none|minor"),
]


@pytest.mark.parametrize("old, new, level", CJK_CLAUSES)
def test_a_number_inside_a_sentence_without_spaces_is_a_number(old, new, level):
    def page(clause: str) -> str:
        return f"# ポリシー\n\n## 1\n\n{clause}\n\n## 2\n\nAcme K.K.\n"

    result = compare(
        policy_from_text(page(old), "text/markdown"), policy_from_text(page(new), "text/markdown")
    ).to_json()
    assert result["level"] in level.split("|"), result["events"]


REPEATED = "Sometimes we may keep your data longer to comply with our legal obligations, as detailed below."


def test_a_paragraph_said_twice_and_reworded_once_is_wording():
    def page(first: str) -> str:
        return (
            f"# Privacy policy\n\n## Retention\n\n{first}\n\nWe delete accounts after 2 years.\n\n"
            f"## Legal requests\n\n{REPEATED}\n\nWe answer requests within a month.\n"
        )

    old, new = page(REPEATED), page(REPEATED.replace("your data", "your information"))
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    assert result["level"] in ("none", "minor"), result["events"]
    changed = page(REPEATED.replace("as detailed below", "for up to 10 years"))
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(changed, "text/markdown")).to_json()
    assert result["level"] == "material", result["events"]


def test_a_column_added_to_a_tables_header_states_no_recipient():
    """A header row labels columns: "Sub-processor | ... | Transfer mechanism" says who the rows are,
    it gives no data to anyone; the rows and the sentences around them state the practice."""
    head = "| Sub-processor | Purpose | Location |{extra}\n|---|---|---|{sep}\n| Acme Hosting Ltd | Hosting | Ireland |{cell}"
    old = "# Sub-processors\n\nThese companies help us run the service.\n\n" + head.format(extra="", sep="", cell="")
    new = "# Sub-processors\n\nThese companies help us run the service.\n\n" + head.format(
        extra=" Transfer |", sep="---|", cell=" None |"
    )
    events = compare(policy_from_text(old), policy_from_text(new)).to_json()["events"]
    assert not [e for e in events if e["type"].startswith("recipient_category")], events


@pytest.mark.parametrize(
    "lang, lead, items, new_item, level",
    [
        (
            "en",
            "We use your personal data for the following purposes:",
            ["To run your account", "To answer you"],
            "To improve our website",
            "material",
        ),
        (
            "fr",
            "Nous partageons vos données avec :",
            ["nos prestataires de paiement", "nos transporteurs"],
            "nos partenaires",
            "material",
        ),
        (
            "de",
            "Wir verarbeiten Ihre Daten zu folgenden Zwecken:",
            ["Vertragsabwicklung", "Kundenservice"],
            "Verbesserung unserer Website",
            "material",
        ),
        # look-alikes: a list whose lead is no clause about data
        ("en", "To change your settings:", ["Open Settings", "Choose Privacy"], "Click Save", "minor"),
        ("en", "This policy covers:", ["Our website", "Our shop"], "Our blog", "minor"),
    ],
)
def test_an_entry_added_to_a_list_a_clause_about_data_opens_is_material(lang, lead, items, new_item, level):
    def page(entries: list[str]) -> str:
        listed = "\n".join(f"- {e}" for e in entries)
        return f"# Policy\n\n{FILLER[lang]} {FILLER[lang]}\n\n## Use\n\n{lead}\n\n{listed}\n"

    result = compare(policy_from_text(page(items)), policy_from_text(page(items + [new_item])))
    assert result.level == level, result.to_json()["events"]
    removed = compare(policy_from_text(page(items + [new_item])), policy_from_text(page(items)))
    assert removed.level == level, removed.to_json()["events"]


@pytest.mark.parametrize(
    "sentence, level",
    [
        ("Privacy Shield was invalidated by the Court of Justice of the European Union in 2020.", "minor"),
        ("Our lead supervisory authority is the Data Protection Commission of Ireland.", "minor"),
        # a country that data goes to, or whose laws apply, is still a party
        ("Some of your data is stored under the laws of the United States.", "material"),
        ("We may send your data to the Kingdom of Saudi Arabia.", "material"),
    ],
)
def test_a_country_that_ends_an_institutions_name_is_no_destination(sentence, level):
    old = f"# Policy\n\n## Background\n\n{FILLER['en']} {FILLER['en']}\n"
    new = f"# Policy\n\n## Background\n\n{FILLER['en']} {FILLER['en']} {sentence}\n"
    assert compare(policy_from_text(old), policy_from_text(new)).level == level


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("en", "We transfer data to India and the United States.", "We transfer data to the United States and India."),
        ("en", "We share data with Google, Meta and TikTok.", "We share data with TikTok, Google and Meta."),
        (
            "fr",
            "Vos données sont transférées au Canada et au Japon.",
            "Vos données sont transférées au Japon et au Canada.",
        ),
    ],
)
def test_items_reordered_within_a_list_are_no_change_of_substance(lang, old, new):
    result = judge(lang, old, new)
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "We transfer data to India and the United States.",
            "We transfer data to India, Brazil and the United States.",
        ),
        ("en", "We share data with Google, Meta and TikTok.", "We share data with Google and TikTok."),
    ],
)
def test_an_item_added_to_or_taken_from_a_list_is_still_substance(lang, old, new):
    assert judge(lang, old, new)["level"] == "material"


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # the last item carried into a sentence of its own: the same list, cut in two
        (
            "en",
            "We use your data to process orders, to answer your questions and to improve our website.",
            "We use your data to process orders and to answer your questions. We also use it to improve our website.",
            "minor",
        ),
        (
            "de",
            "Wir nutzen Ihre Daten, um Bestellungen abzuwickeln, Fragen zu beantworten und unsere Website zu verbessern.",
            "Wir nutzen Ihre Daten, um Bestellungen abzuwickeln und Fragen zu beantworten. Außerdem nutzen wir sie, "
            "um unsere Website zu verbessern.",
            "minor",
        ),
        # the item gone, and another said in the new sentence: still an item removed
        (
            "en",
            "We use your data to process orders, to answer your questions and to improve our website.",
            "We use your data to process orders and to answer your questions. We also send newsletters.",
            "material",
        ),
    ],
)
def test_an_item_carried_into_the_next_sentence_is_no_item_removed(lang, old, new, level):
    result = judge(lang, old, new)
    assert result["level"] == level, result["events"]


def test_a_list_of_countries_is_no_institutions_name():
    from policywatch.monitor.substance import features

    assert {"country:US", "country:IN"} <= features("We transfer data to the United States and India.", "en").parties
    assert "country:IE" not in features("Complain to the Data Protection Commission of Ireland.", "en").parties


@pytest.mark.parametrize(
    "lang, old, new",
    [
        (
            "en",
            "You may request access, erasure and portability of your data.",
            "You may request access and erasure of your data.",
        ),
        (
            "pt",
            "Você pode solicitar acesso, correção, eliminação e portabilidade dos seus dados.",
            "Você pode solicitar acesso, correção e eliminação dos seus dados.",
        ),
    ],
)
def test_the_last_item_of_a_list_removed_before_the_clauses_tail_is_substance(lang, old, new):
    assert judge(lang, old, new)["level"] == "material"


@pytest.mark.parametrize(
    "line, changed",
    [
        ("Updated 3 days ago", "Updated 5 days ago"),
        ("6 min read", "7 min read"),
        (
            "Was this article helpful? 87 out of 102 found this helpful",
            "Was this article helpful? 88 out of 104 found this helpful",
        ),
        ("Page generated on 2025-03-01 at 12:34:56 UTC", "Page generated on 2025-03-02 at 08:01:02 UTC"),
        ("Mis à jour il y a 3 jours", "Mis à jour il y a 5 jours"),
        ("Aktualisiert vor 3 Tagen", "Aktualisiert vor 5 Tagen"),
        ("1,204 views", "1,391 views"),
        ("3.412 Aufrufe", "3.519 Aufrufe"),
    ],
)
def test_a_help_centres_counters_are_no_change(line, changed):
    """Hosted help centres print how long ago a page changed, its reading time and its votes: numbers
    that move with every visit, in a short line of their own."""
    page = (
        "<html><body><main><h1>Privacy Policy</h1><p>{}</p><h2>Retention</h2>"
        "<p>We keep your data for 2 years after your last login.</p></main></body></html>"
    )
    result = compare(
        policy_from_text(page.format(line), "text/html"), policy_from_text(page.format(changed), "text/html")
    )
    assert result.level in ("none", "minor"), [e.to_json() for e in result.events]


@pytest.mark.parametrize("old", ["We log page views for 30 days.", "Comments are kept for 30 days."])
def test_a_sentence_about_page_views_is_no_counter(old):
    assert judge("en", old, old.replace("30", "90"))["level"] == "material"


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("de", "Wir werden Sie per E-Mail informieren.", "Wir können Sie per E-Mail informieren."),
        ("nl", "Wij zullen u per e-mail informeren.", "Wij kunnen u per e-mail informeren."),
        ("fr", "Nous vous informerons par courriel.", "Nous pourrons vous informer par courriel."),
        ("it", "Ti informeremo via email.", "Potremo informarti via email."),
    ],
)
def test_our_promise_weakened_before_the_readers_pronoun_is_material(lang, old, new):
    """ "Wir können Sie informieren": the reader's pronoun after the modal is its object, not its
    subject, when our own pronoun stands before it."""
    assert judge(lang, old, new)["level"] == "material"


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("de", "Sie können uns per E-Mail erreichen.", "Sie können uns per Post erreichen."),
        ("en", "You can opt out at any time.", "You may opt out at any time."),
        ("fr", "Vous pouvez vous opposer à tout moment.", "Vous pourrez vous opposer à tout moment."),
    ],
)
def test_the_readers_ability_reworded_is_no_change_of_substance(lang, old, new):
    assert judge(lang, old, new)["level"] in ("none", "minor")


READER_RIGHTS = {
    "en": "You can object to the change by closing your account.",
    "fr": "Vous pouvez vous y opposer en supprimant votre compte.",
    "de": "Sie können der Änderung widersprechen, indem Sie Ihr Konto löschen.",
    "es": "Puede oponerse al cambio eliminando su cuenta.",
    "it": "Puoi opporti alla modifica eliminando il tuo account.",
    "nl": "U kunt bezwaar maken tegen de wijziging door uw account te verwijderen.",
}


@pytest.mark.parametrize("lang", sorted(READER_RIGHTS))
def test_a_right_the_reader_can_exercise_removed_is_material(lang):
    """ "You can object" grants a right without the word "right": taking it away is substance."""
    result = judge(lang, f"{FILLER[lang]} {READER_RIGHTS[lang]}", FILLER[lang])
    assert result["level"] == "material", result["events"]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "You can delete your photos at any time in the app."),
        ("en", "You can access your settings from the menu."),
        ("fr", "Vous pouvez consulter notre FAQ."),
        ("de", "Sie können uns jederzeit kontaktieren."),
        ("es", "Puede consultar nuestras preguntas frecuentes."),
    ],
)
def test_how_to_use_the_product_is_no_right(lang, sentence):
    result = judge(lang, f"{FILLER[lang]} {sentence}", FILLER[lang])
    assert result["level"] in ("none", "minor"), result["events"]


@pytest.mark.parametrize(
    "sentence, level",
    [
        ("We are a proud member of the Interactive Advertising Bureau.", ("none", "minor")),
        ("We follow the principles of the Network Advertising Initiative.", ("none", "minor")),
        ("We use your data for personalised advertising.", ("material",)),
        # a defined term written in capitals still states what it names
        ("We use your data for Targeted Advertising Purposes.", ("material",)),
        ("We now collect Precise Geolocation Data from your device.", ("material",)),
        ("We may collect Biometric Identifier Information when you verify your identity.", ("material",)),
    ],
)
def test_a_purpose_word_inside_a_proper_name_states_no_purpose(sentence, level):
    """An institution's name ("the Interactive Advertising Bureau": its last word names an
    institution) says nothing about advertising; a capitalised term ("Targeted Advertising
    Purposes") states what it names."""
    result = judge("en", FILLER["en"], f"{FILLER['en']} {sentence}")
    assert result["level"] in level, result["events"]


def test_a_title_case_list_item_still_states_its_purpose():
    old = "# Policy\n\n## Uses\n\nWe use your data for:\n\n- Fraud Prevention\n"
    new = "# Policy\n\n## Uses\n\nWe use your data for:\n\n- Fraud Prevention\n- Targeted Advertising Campaigns\n"
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    assert "purpose_added" in kinds(result), result["events"]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "Invoices are issued through Ledgerly International Ltd, Ireland."),
        ("da", "Fakturaer udstedes via Ledgerly International A/S, Irland."),
        ("fr", "Les factures sont émises par Ledgerly International SAS, Irlande."),
    ],
)
def test_a_transfer_word_inside_a_company_name_names_no_transfer(lang, sentence):
    """ "Ledgerly International Ltd, Ireland": the company's seat, not data sent abroad."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert "transfer_changed" not in kinds(result), result["events"]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("es", "Sus datos se transfieren a Canadá sobre la base de las cláusulas contractuales tipo."),
        ("fr", "Nous transférons vos données au Canada sur la base des clauses contractuelles types."),
        ("de", "Wir übermitteln Ihre Daten auf Grundlage der Standardvertragsklauseln nach Kanada."),
        ("nl", "Uw gegevens worden op basis van de modelcontractbepalingen overgedragen aan Canada."),
    ],
)
def test_a_transfer_said_with_a_conjugated_verb_is_a_transfer(lang, sentence):
    """ "se transfieren", "transférons", "übermitteln": the verb in the present names a transfer as
    its noun does."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert any(e["type"] == "transfer_changed" and "Canada" in e.get("added", []) for e in result["events"]), result[
        "events"
    ]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "International transfers of your data go to Canada."),
        ("da", "Ved internationale overførsler sendes dine oplysninger til Canada."),
        ("fr", "Vos données peuvent faire l'objet de transferts internationaux vers le Canada."),
    ],
)
def test_a_transfer_word_used_as_a_word_still_names_a_transfer(lang, sentence):
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert any(e["type"] == "transfer_changed" for e in result["events"]), result["events"]


@pytest.mark.parametrize(
    "sentence, country",
    [
        ("Your data is hosted by Jersey Telecom Ltd on servers in the United Kingdom.", "United Kingdom"),
        ("Your data is hosted by Aruba S.p.A. in Italy.", "Italy"),
    ],
)
def test_a_country_that_opens_a_company_name_is_no_destination(sentence, country):
    """ "Jersey Telecom Ltd", "Aruba S.p.A.": companies, not transfers to Jersey or Aruba."""
    result = judge("en", FILLER["en"], f"{FILLER['en']} {sentence}")
    [transfer] = [e for e in result["events"] if e["type"] == "transfer_changed"]
    assert transfer["added"] == [country], transfer


@pytest.mark.parametrize(
    "old, new, added",
    [
        # a US state's name ends with a country's, or is one, among other states: no transfer
        (
            "Residents of Delaware, Iowa and New Hampshire may appeal a refusal of their transfer request.",
            "Residents of Delaware, Iowa, New Hampshire and New Jersey may appeal a refusal of their transfer request.",
            [],
        ),
        (
            "If you live in Florida or Texas, data transferred to us is covered by state law.",
            "If you live in Florida, Georgia or Texas, data transferred to us is covered by state law.",
            [],
        ),
        (
            "Data about residents of Colorado is transferred to our servers in Virginia.",
            "Data about residents of New Mexico is transferred to our servers in Virginia.",
            [],
        ),
        # the countries themselves still are
        ("We transfer data to Armenia.", "We transfer data to Georgia and Armenia.", ["Georgia"]),
        ("We transfer data to Guernsey.", "We transfer data to Jersey and Guernsey.", ["Jersey"]),
        ("We transfer data to Canada.", "We transfer data to Mexico and Canada.", ["Mexico"]),
    ],
)
def test_a_region_named_like_a_country_is_no_destination(old, new, added):
    """Lists of US states change often ("New Jersey" added to the states whose residents may appeal);
    ISO 3166-2 regions tell "New Jersey" and "Georgia" among states from the countries."""
    result = judge("en", f"{FILLER['en']} {old}", f"{FILLER['en']} {new}")
    found = [e for e in result["events"] if e["type"] == "transfer_changed" and e.get("what") == "countries"]
    assert [c for e in found for c in e["added"]] == added, result["events"]


def test_a_country_named_in_a_street_is_no_party_of_a_clause():
    from policywatch.monitor.substance import features

    text = "Écrivez au DPO, 2 rue Maurice Hartmann, 92130 Issy-les-Moulineaux, ou à privacy@withings.example."
    assert not [p for p in features(text, "fr").parties if p.startswith("country:")]
    assert "country:MU" in features("Nous transférons vos données vers Maurice.", "fr").parties


def test_a_region_named_like_a_country_is_no_party_of_a_clause():
    from policywatch.monitor.substance import features

    parties = features("Residents of Delaware, New Jersey and Georgia or Texas may appeal.", "en").parties
    assert not {"country:JE", "country:GE"} & parties, parties
    assert "country:GE" in features("We transfer data to Georgia and Armenia.", "en").parties


@pytest.mark.parametrize(
    "line, changed, level",
    [
        (
            "You are visiting from: Germany. Change region",
            "You are visiting from: United States. Change region",
            ("none",),
        ),
        ("Vous naviguez depuis : France", "Vous naviguez depuis : Canada", ("none",)),
        (
            "Request ID: 7f3a9c2e-1b4d-4e8f-9a0b-3c5d7e9f1a2b",
            "Request ID: 0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
            ("none", "minor"),
        ),
        ("Data may be transferred to Germany.", "Data may be transferred to the United States.", ("material",)),
    ],
)
def test_where_the_visitor_is_and_a_request_id_move_with_the_visit(line, changed, level):
    """A geo banner names the visitor's country and a page prints its request's id: neither is the
    policy. A sentence that transfers data to a country still is."""
    page = (
        "<html><body><main><h1>Privacy Policy</h1><h2>Sharing</h2><p>{}</p>"
        "<p>We share your e-mail address with Mailchimp to send the newsletter.</p></main></body></html>"
    )
    result = compare(
        policy_from_text(page.format(line), "text/html"), policy_from_text(page.format(changed), "text/html")
    )
    assert result.level in level, [e.to_json() for e in result.events]


@pytest.mark.parametrize(
    "lang, sentence, level",
    [
        ("es", "También podrá solicitar la portabilidad de sus datos.", ("material",)),
        ("en", "You have the right to data portability.", ("material",)),
        ("en", "You may complain to the Data Protection Commission of Ireland.", ("material",)),
        ("en", "You have no right to portability of data you did not provide.", ("none", "minor")),
    ],
)
def test_a_right_added_is_material_and_a_right_denied_is_not(lang, sentence, level):
    """A right stated by a new sentence is substance, as its removal is; "you have no right to"
    states none."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert result["level"] in level, result["events"]


RIGHTS_TITLES = {
    "en": ("Your rights", ["Access", "Rectification", "Erasure", "Objection"]),
    "de": ("Ihre Rechte", ["Auskunft (Art. 15 DSGVO)", "Berichtigung (Art. 16 DSGVO)", "Widerspruch (Art. 21 DSGVO)"]),
    "fr": ("Vos droits", ["Accès", "Rectification", "Opposition"]),
    "es": ("Sus derechos", ["Acceso", "Rectificación", "Oposición"]),
    "nl": ("Uw rechten", ["Inzage", "Correctie", "Bezwaar"]),
    "it": ("I tuoi diritti", ["Accesso", "Rettifica", "Opposizione"]),
}


def _rights_page(lang: str, title: str, entries: list[str], extra: str = "") -> str:
    items = "\n".join(f"- {entry}" for entry in entries)
    return f"# Policy\n\n{FILLER[lang]} {FILLER[lang]}\n\n## {title}\n\n{items}\n{extra}\n## Other\n\n{FILLER[lang]}\n"


@pytest.mark.parametrize("lang", sorted(RIGHTS_TITLES))
def test_a_right_taken_from_a_list_under_a_rights_title_is_material(lang):
    """A list under "Your rights" names each right by its word alone: the title says what it is."""
    title, entries = RIGHTS_TITLES[lang]
    old = policy_from_text(_rights_page(lang, title, entries), "text/markdown")
    new = policy_from_text(_rights_page(lang, title, entries[:-1]), "text/markdown")
    result = compare(old, new).to_json()
    assert result["level"] == "material", result["events"]


@pytest.mark.parametrize(
    "lang, title, entries, extra",
    [
        # no rights title: a list of what a page offers, not of rights
        ("en", "Account settings", ["Download your archive", "Close your account", "Objection"], ""),
        # a rights title, a line that names no right
        ("de", "Ihre Rechte", ["Auskunft", "Berichtigung", "Mehr dazu finden Sie unten"], ""),
    ],
)
def test_entries_that_are_no_rights_under_their_title_are_minor(lang, title, entries, extra):
    old = policy_from_text(_rights_page(lang, title, entries, extra), "text/markdown")
    new = policy_from_text(_rights_page(lang, title, entries[:-1], extra), "text/markdown")
    result = compare(old, new).to_json()
    assert result["level"] in ("none", "minor"), result["events"]


def test_a_disclaimer_in_capitals_names_no_company():
    """ "PROVIDED AS IS": a legal form ("AS", Norwegian) counts only after a word in lowercase letters."""
    old = "THE SERVICES ARE PROVIDED AS IS AND AS AVAILABLE. PLEASE CONTACT US AS SOON AS POSSIBLE."
    new = old.replace("PLEASE CONTACT US AS SOON AS POSSIBLE.", "WE MAY UPDATE THIS NOTICE AS NEEDED.")
    result = judge("en", old, new)
    assert result["level"] != "material", result["events"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # "dove" (where) is no form of "dovere" (must); "eventuali" (any) no "eventualmente" (possibly)
        (
            "it",
            "Eventuali modifiche saranno pubblicate su questa pagina.",
            "Eventuali modifiche saranno pubblicate su questa pagina, dove restano visibili.",
            ("none", "minor"),
        ),
        # "pubblicate" (published) and "publiées" are no advertising ("pubblicità", "publicité")
        (
            "it",
            "Le modifiche sono annunciate su questa pagina.",
            "Le modifiche saranno pubblicate su questa pagina.",
            ("none", "minor"),
        ),
        (
            "fr",
            "Les modifications sont annoncées sur cette page.",
            "Les modifications seront publiées sur cette page.",
            ("none", "minor"),
        ),
        # the words themselves still read
        (
            "it",
            "Usiamo i tuoi dati per gestire il tuo account.",
            "Usiamo i tuoi dati per gestire il tuo account e mostrarti pubblicità.",
            ("material",),
        ),
        (
            "fr",
            "Nous utilisons vos données pour gérer votre compte.",
            "Nous utilisons vos données pour gérer votre compte et vous adresser de la publicité.",
            ("material",),
        ),
        ("it", "Non dobbiamo conservare i dati.", "Possiamo conservare i dati.", ("material",)),
    ],
)
def test_a_function_word_or_a_derivation_is_not_the_concept_it_stems_like(lang, old, new, level):
    assert judge(lang, old, new)["level"] in level


def test_usage_statistics_are_no_research_purpose():
    """ "Statistiche di utilizzo" are a tool's analytics; research is stated as research."""
    assert "research" not in concepts_read(
        "purposes", "Fornitori", "Usiamo Matomo per le statistiche di utilizzo del sito."
    )
    assert "research" in concepts_read(
        "purposes", "Finalità", "Trattiamo i dati anche per finalità di ricerca scientifica."
    )


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # where to read more, said with "can" or a reader's modal form without its pronoun
        (
            "en",
            "More information is available in our cookie policy.",
            "More information can be found in our cookie policy.",
            ("none", "minor"),
        ),
        (
            "es",
            "Encontrará más información en nuestra política de cookies.",
            "Puede consultar más información en nuestra política de cookies.",
            ("none", "minor"),
        ),
        (
            "fr",
            "Vous trouverez plus d'informations dans notre politique de cookies.",
            "Plus d'informations peuvent être consultées dans notre politique de cookies.",
            ("none", "minor"),
        ),
        (
            "it",
            "Maggiori informazioni sono disponibili nella nostra cookie policy.",
            "Maggiori informazioni possono essere consultate nella nostra cookie policy.",
            ("none", "minor"),
        ),
        (
            "de",
            "Die aktuelle Fassung finden Sie auf unserer Website.",
            "Die aktuelle Fassung kann auf unserer Website abgerufen werden.",
            ("none", "minor"),
        ),
        (
            "nl",
            "Meer informatie is beschikbaar in ons cookiebeleid.",
            "Meer informatie kan worden gevonden in ons cookiebeleid.",
            ("none", "minor"),
        ),
        # a hedge of a practice stays material: giving data away, deleting it, collecting it, ours
        ("en", "Your data is shared with our partners.", "Your data may be shared with our partners.", ("material",)),
        ("en", "The app collects your location.", "The app may collect your location.", ("material",)),
        (
            "it",
            "I dati sono cancellati dopo la chiusura dell'account.",
            "I dati possono essere cancellati dopo la chiusura dell'account.",
            ("material",),
        ),
        (
            "es",
            "Compartimos sus datos con nuestros socios.",
            "Podemos compartir sus datos con nuestros socios.",
            ("material",),
        ),
        # a modal form that says "we" by itself, in a clause that also says where to read
        (
            "es",
            "Le enviaremos la nueva versión, que encontrará en esta página.",
            "Podemos enviarle la nueva versión, que encontrará en esta página.",
            ("material",),
        ),
    ],
)
def test_a_modal_that_says_where_to_read_hedges_no_practice(lang, old, new, level):
    """ "More information can be found in our cookie policy" says what "is available in" said; "your
    data may be shared" hedges what the policy does, and a reader is told."""
    assert judge(lang, old, new)["level"] in level


@pytest.mark.parametrize(
    "line, old_date, new_date",
    [
        ("**Last updated: {}**", "April 14, 2026", "November 2, 2026"),
        ("**Última actualización: {}**", "14 de abril de 2026", "2 de noviembre de 2026"),
    ],
)
def test_a_date_line_read_as_a_heading_is_no_renamed_section(line, old_date, new_date):
    """A date line in bold reads as a heading: its date moving is the date event alone, not also a
    section renamed."""
    from policywatch.monitor.documents import policy_from_text

    body = "# Policy\n\n{}\n\nWe explain here how we process the personal data of our customers and why.\n\n## Contact\n\nWrite to privacy@example.com.\n"
    old = policy_from_text(body.format(line.format(old_date)), "text/markdown")
    new = policy_from_text(body.format(line.format(new_date)), "text/markdown")
    assert [e["type"] for e in compare(old, new).to_json()["events"]] == ["last_updated_changed"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # a list of what the policy governs: a new item is a new term
        (
            "en",
            "We collect your name and email address.",
            "We collect your name, email address and phone number.",
            ("material",),
        ),
        (
            "fr",
            "Vous disposez d'un droit d'accès et de rectification.",
            "Vous disposez d'un droit d'accès, de rectification et d'opposition.",
            ("material",),
        ),
        # a list of where the company works: no term of the policy
        (
            "en",
            "Acme runs bike rentals in Leeds and York.",
            "Acme runs bike rentals in Leeds, York and Hull.",
            ("minor",),
        ),
        (
            "fr",
            "Brisach exploite un service de location de vélos à Colmar et à Lyon.",
            "Brisach exploite un service de location de vélos à Colmar, à Lyon et à Lille.",
            ("minor",),
        ),
    ],
)
def test_a_list_item_is_substance_only_in_a_clause_about_the_policys_terms(lang, old, new, level):
    assert judge(lang, old, new)["level"] in level


@pytest.mark.parametrize(
    "lang, title, old, new, level",
    [
        # the right moved between the sentences of the edit: re-cut, not gained or lost
        (
            "nl",
            "Uw rechten",
            "Heeft u een klacht? Dan kunt u die indienen bij de Autoriteit Persoonsgegevens.",
            "Bent u niet tevreden? U kunt altijd een klacht indienen bij de Autoriteit Persoonsgegevens.",
            ("none", "minor"),
        ),
        (
            "en",
            "Your rights",
            "Got a complaint? You can lodge it with the ICO.",
            "Not happy with us? You can lodge a complaint with the ICO.",
            ("none", "minor"),
        ),
        # a right the edit names on one side only is gained or lost
        (
            "en",
            "Your rights",
            "Not happy with us? Write to us first.",
            "Not happy with us? You can lodge a complaint with the ICO.",
            ("material",),
        ),
        ("en", "Your rights", "Access. Rectification. Erasure.", "Access. Rectification.", ("material",)),
    ],
)
def test_a_concept_moved_between_the_sentences_of_an_edit_is_kept(lang, title, old, new, level):
    page = "# Policy\n\n{}\n\n## {}\n\n{}\n"
    result = compare(
        policy_from_text(page.format(FILLER[lang], title, old), "text/markdown"),
        policy_from_text(page.format(FILLER[lang], title, new), "text/markdown"),
    ).to_json()
    assert result["level"] in level, result["events"]


COOKIE_TABLE = (
    "# Cookie Policy\n\nThis policy explains the cookies Larkspur Books Ltd sets on its website.\n\n## Cookies we use\n\n"
    "| Cookie | Provider | Purpose | Expiry |\n|---|---|---|---|\n| cart | Larkspur Books | Remembers your basket | 30 days |\n"
    "| __stripe_mid | Stripe | Fraud prevention | 1 year |\n{}"
)


@pytest.mark.parametrize(
    "row, level",
    [
        # one more row of a provider and a purpose the table has: nothing new to tell
        ("| __stripe_sid | Stripe | Fraud prevention | 30 minutes |\n", ("minor",)),
        # a provider the table did not have
        ("| _fbp | Meta | Advertising | 3 months |\n", ("material",)),
    ],
)
def test_a_table_row_is_judged_by_what_its_section_did_not_say(row, level):
    old = policy_from_text(COOKIE_TABLE.format(""), "text/markdown")
    new = policy_from_text(COOKIE_TABLE.format(row), "text/markdown")
    assert compare(old, new).to_json()["level"] in level


@pytest.mark.parametrize(
    "old, new, level",
    [
        ("Server logs are deleted after 12 months.", "Server logs are deleted after one year.", ("none", "minor")),
        ("Server logs are deleted after 12 months.", "Server logs are deleted after a year.", ("none", "minor")),
        ("Server logs are deleted after 12 months.", "Server logs are deleted after two years.", ("material",)),
        ("Server logs are deleted after one year.", "Server logs are deleted after one month.", ("material",)),
    ],
)
def test_a_period_of_one_is_a_period(old, new, level):
    """ "One year" says what "12 months" said: "one" and "a" are articles elsewhere, not here."""
    assert judge("en", old, new)["level"] in level


def test_renames_come_in_one_order_whatever_the_hash_seed():
    """Renames are found through sets: their events (and the order they are applied in) must not
    change from one run to the next, or a stored comparison and its alert would differ."""
    import subprocess
    import sys

    script = (
        "from policywatch.monitor.compare import compare\n"
        "from policywatch.monitor.documents import policy_from_text\n"
        "old = ['Users may share information with other users.', 'We keep information users give us.',"
        " 'Users may delete information at any time.', 'Each user may ask what information we hold.']\n"
        "new = [s.replace('users', 'members').replace('Users', 'Members').replace('user', 'member')"
        ".replace('information', 'data').replace('may', 'can') for s in old]\n"
        "page = lambda ss: 'Policy\\n\\n1. Terms\\n\\n' + '\\n\\n'.join(ss) + '\\n'\n"
        "events = compare(policy_from_text(page(old)), policy_from_text(page(new))).to_json()['events']\n"
        "print([(e['old'], e['new']) for e in events if e['type'] == 'rename'])\n"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4", "5", "6", "7", "8")
    }
    assert len(runs) == 1, runs
    assert "('information', 'data')" in runs.pop()


@pytest.mark.parametrize(
    "new_item, level",
    [
        # a sentence added to an entry that was there: no new entry
        ("- Zentro Mail GmbH (e-mail), Germany. Please read this notice carefully.", ("none", "minor")),
        # a new entry
        ("- Zentro Mail GmbH (e-mail), Germany.\n- Brightdesk Analytics (usage statistics), Ireland.", ("material",)),
    ],
)
def test_a_sentence_added_to_a_list_entry_is_no_new_entry(new_item, level):
    page = "# Policy\n\n{}\n\n## Recipients\n\nWe share your personal data with:\n\n- Acme Cloud Ltd (hosting), Ireland.\n{}\n"
    old = policy_from_text(page.format(FILLER["en"], "- Zentro Mail GmbH (e-mail), Germany."), "text/markdown")
    new = policy_from_text(page.format(FILLER["en"], new_item), "text/markdown")
    assert compare(old, new).to_json()["level"] in level


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("en", "If you do not accept the changes, you may no longer use our services."),
        ("fr", "Si vous n’acceptez pas les modifications, vous ne pouvez pas continuer à utiliser nos services."),
    ],
)
def test_accepting_a_policys_changes_is_no_consent(lang, sentence):
    """Accepting the policy's new terms is no legal basis of a processing: a sentence that says so
    added to the section about changes states no consent."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert result["level"] != "material", result["events"]


TABLE_PAGE = (
    "# Policy\n\n{filler}\n\n## {title}\n\n| {head} |\n| --- | --- | --- |\n"
    "| {first} | {answer} | {third} |\n| Identifiers | {other} | Service providers |\n"
)


@pytest.mark.parametrize(
    "lang, title, head, first, answers, level",
    [
        ("en", "What we collect", "Category | Collected | Disclosed to", "Precise location", ("No", "Yes"), "material"),
        ("en", "What we collect", "Category | Collected | Disclosed to", "Precise location", ("Yes", "No"), "material"),
        ("de", "Erhobene Daten", "Kategorie | Erhoben | Empfänger", "Standortdaten", ("Nein", "Ja"), "material"),
        (
            "fr",
            "Données collectées",
            "Catégorie | Collectée | Destinataires",
            "Localisation",
            ("Non", "Oui"),
            "material",
        ),
        ("es", "Datos recogidos", "Categoría | Recogido | Destinatarios", "Ubicación", ("No", "Sí"), "material"),
        # the same answer written otherwise, and a cell that only holds the word among others
        ("en", "What we collect", "Category | Collected | Disclosed to", "Precise location", ("No", "no"), "none"),
        (
            "en",
            "What we collect",
            "Category | Notes | Disclosed to",
            "Precise location",
            ("Asked at sign-up", "Asked when you sign up"),
            "minor",
        ),
    ],
)
def test_a_table_answer_turned_over_is_material(lang, title, head, first, answers, level):
    """A row whose cell answers alone ("Collected | No") and now answers the other way states
    another practice, however short the edit; an answer written otherwise, or a longer cell
    reworded, is no such turn."""

    def page(answer: str) -> str:
        return TABLE_PAGE.format(
            filler=FILLER[lang], title=title, head=head, first=first, answer=answer, third="-", other="Yes"
        )

    result = compare(*(policy_from_text(page(answer), "text/markdown") for answer in answers)).to_json()
    assert result["level"] == level, result["events"]


@pytest.mark.parametrize(
    "head, cell, read",
    [
        ("Category | Examples | Disclosed to", "Service providers; data brokers", True),
        ("Kategorie | Beispiele | Empfänger", "Dienstleister; Datenhändler", True),
        # a table whose columns say nothing of giving data: a cookie set by third parties gives them nothing
        ("Cookie | Purpose | Set by", "Third parties", False),
    ],
)
def test_a_row_is_read_under_its_column_labels(head, cell, read):
    """A recipient category counts where data is given; in a table, the column labels say so
    ("Disclosed to") as a heading would."""
    lang = "de" if "Kategorie" in head else "en"
    page = (
        f"# Policy\n\n{FILLER[lang]}\n\n## Table\n\n| {head} |\n| --- | --- | --- |\n| Identifiers | Name | {cell} |\n"
    )
    found = policy_from_text(page, "text/markdown").facts["recipient_categories"]
    assert ("data_brokers" in found or "third_parties" in found) is read, found


NO_LANGUAGE_TABLE = (
    "# Adatvédelmi tájékoztató\n\nFrissítve: 2026.03.14.\n\n## Adatfeldolgozók\n\n| Szolgáltató | Cél | Ország |\n"
    "|---|---|---|\n| Zentro Cloud Oy | Szerverek üzemeltetése | {country} |\n| Brightdesk Analytics AB | Statisztika | Svédország |\n"
)


@pytest.mark.parametrize(
    "old, new, level",
    [
        ("Írország", "Egyesült Államok", "material"),  # Ireland -> United States, in Hungarian
        ("Írország", "ABD", "material"),  # to a country no language file names
        ("Írország", "Irlanda", "minor"),  # the same country in another language
    ],
)
def test_a_country_cell_changed_on_a_page_in_no_known_language(old, new, level):
    """On a page whose language has no file, a table row's country cell is still a country (in
    any language babel knows): a vendor's row moving its data to another country is material."""
    a, b = (policy_from_text(NO_LANGUAGE_TABLE.format(country=c), "text/markdown") for c in (old, new))
    assert a.language is None
    result = compare(a, b).to_json()
    assert result["level"] == level, result["events"]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # a promise said in the future or the present tense: one promise
        (
            "en",
            "We will verify your request by matching the details you give us.",
            "We verify your request by matching the details you give us.",
            "none|minor",
        ),
        (
            "en",
            "We shall respond to your request within 30 days.",
            "We respond to your request within 30 days.",
            "none|minor",
        ),
        ("nl", "Wij zullen uw gegevens na afloop verwijderen.", "Wij verwijderen uw gegevens na afloop.", "none|minor"),
        (
            "sv",
            "Vi ska radera dina uppgifter när avtalet upphör.",
            "Vi raderar dina uppgifter när avtalet upphör.",
            "none|minor",
        ),
        # an obligation that is no tense, or a promise turned into a possibility: material
        ("en", "We must keep invoices for our tax records.", "We keep invoices for our tax records.", "material"),
        ("en", "We will delete your data on request.", "We may delete your data on request.", "material"),
        ("nl", "Wij moeten uw gegevens na afloop verwijderen.", "Wij verwijderen uw gegevens na afloop.", "material"),
    ],
)
def test_a_future_auxiliary_dropped_or_added_is_no_modal_change(lang, old, new, level):
    """ "We will verify" and "we verify" promise the same: a future auxiliary ("will", "shall",
    "zullen", "ska") is tense, not an obligation; "must" and "may" are the modal strength itself."""
    assert judge(lang, old, new)["level"] in level.split("|")


@pytest.mark.parametrize(
    "old, new, level",
    [
        (
            "We show cross-context behavioral advertising.",
            "We show cross-context behavioural advertising.",
            "none|minor",
        ),
        ("Partner organizations may personalize ads.", "Partner organisations may personalise ads.", "none|minor"),
        ("We anonymize usage data after 90 days.", "We anonymise usage data after 90 days.", "none|minor"),
        # a respelling beside a real change is still the change
        ("We anonymize usage data after 90 days.", "We anonymise usage data after 180 days.", "material"),
    ],
)
def test_british_and_american_spellings_are_one_word(old, new, level):
    """ "behavioural" and "behavioral" are one word: a policy re-spelt for another market states
    the same purposes, and the concept tables read either spelling."""
    assert judge("en", old, new)["level"] in level.split("|")


def test_a_british_spelling_states_the_concept():
    purposes = concepts_read(
        "purposes", "Advertising", "We share identifiers for cross-context behavioural advertising."
    )
    assert "sale_sharing" in purposes, purposes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We keep your data in the U.S. If you live elsewhere, it is sent there.", 2),
        ("We keep your data in the U.K. The servers are ours.", 2),
        ("We work with the U.S. Department of Commerce on this.", 1),
        ("Our U.S. affiliates receive data.", 1),
    ],
)
def test_a_country_written_with_dots_can_end_a_sentence(text, expected):
    """ "in the U.S. If you ...": the country's last dot ends the sentence when a function word
    opens the next, as a legal form's does; inside a name ("the U.S. Department") it does not."""
    from policywatch.monitor.clauses import sentences

    assert len(sentences(text, "en")) == expected, sentences(text, "en")


def split_page(lang: str, title: str, before: str, text: str, heading: str = "") -> str:
    """One section whose paragraph ``before`` + ``text`` is, with ``heading``, cut in two by it."""
    cut = f"\n\n{heading}\n\n" if heading else " "
    return f"# Policy\n\n{FILLER[lang]}\n\n## {title}\n\n{before}{cut}{text}\n\n## Contact\n\nWrite to privacy@example.com.\n"


@pytest.mark.parametrize(
    "lang, title, before, heading, text",
    [
        # a heading that speaks of giving data, put over a sentence the page held: nothing new is stated
        (
            "en",
            "Security",
            "We protect your data with encryption.",
            "## Who receives your data",
            "Our hosting is done by service providers in Ireland under contract.",
        ),
        (
            "fr",
            "Sécurité",
            "Nous chiffrons vos données.",
            "## Vos données sont-elles transférées ?",
            "L'hébergement est assuré par des prestataires en Irlande.",
        ),
    ],
)
def test_a_heading_put_over_held_text_states_no_new_recipient(lang, title, before, heading, text):
    """A recipient category counts only where data is given, which a heading can say for its
    text; a heading put over a sentence the other version held as it is says nothing new."""
    old = policy_from_text(split_page(lang, title, before, text), "text/markdown")
    new = policy_from_text(split_page(lang, title, before, text, heading), "text/markdown")
    for a, b in ((old, new), (new, old)):
        result = compare(a, b).to_json()
        assert result["level"] != "material", result["events"]


def test_a_new_sentence_under_a_sharing_heading_states_its_recipients():
    """The look-alike that must fire: a sentence the old version did not hold, under a heading
    that gives data away, states the recipients it names."""
    heading = "## Who receives your data"
    old = split_page("en", "Security", "We protect your data.", "Nobody else, unless the law requires it.", heading)
    new = split_page("en", "Security", "We protect your data.", "Our advertising partners, who show you ads.", heading)
    events = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()["events"]
    assert any(e["type"] == "recipient_category_added" and e["category"] == "advertising_partners" for e in events), (
        events
    )


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # what the reader may do became what they must do, or back: the reader's position changed
        (
            "en",
            "If we cannot resolve the objection, you may terminate the agreement.",
            "If we cannot resolve the objection, you must terminate the agreement.",
            "material",
        ),
        ("en", "You can object in writing within 30 days.", "You must object in writing within 30 days.", "material"),
        ("en", "You are required to confirm your identity.", "You may confirm your identity.", "material"),
        (
            "nl",
            "Als wij het bezwaar niet kunnen wegnemen, mag u de overeenkomst opzeggen.",
            "Als wij het bezwaar niet kunnen wegnemen, moet u de overeenkomst opzeggen.",
            "material",
        ),
        (
            "de",
            "Wenn wir den Einwand nicht ausräumen können, können Sie den Vertrag kündigen.",
            "Wenn wir den Einwand nicht ausräumen können, müssen Sie den Vertrag kündigen.",
            "material",
        ),
        (
            "fr",
            "Si nous ne pouvons pas lever l'objection, vous pouvez résilier le contrat.",
            "Si nous ne pouvons pas lever l'objection, vous devez résilier le contrat.",
            "material",
        ),
        # an instruction that drops its modal, a future, two words for one strength: the same position
        (
            "en",
            "To delete your account, you need to go to Settings.",
            "To delete your account, go to Settings.",
            "none|minor",
        ),
        ("en", "You will receive an email when we change it.", "You receive an email when we change it.", "none|minor"),
        ("en", "You can unsubscribe at any time.", "You may unsubscribe at any time.", "none|minor"),
        ("en", "You must be at least 16 years old.", "You have to be at least 16 years old.", "none|minor"),
        ("de", "Sie können uns jederzeit schreiben.", "Sie dürfen uns jederzeit schreiben.", "none|minor"),
    ],
)
def test_the_reader_may_or_must(lang, old, new, level):
    """ "You may terminate" and "you must terminate" put the reader in another position: a may
    facing a must is material; an instruction reworded keeps it."""
    assert judge(lang, old, new)["level"] in level.split("|")


_USES_HTML = (
    "<main><h1>Privacy</h1><h2>Uses</h2><p>We use your personal data for the following purposes:</p>"
    "<ul><li><p>To run the service.</p></li><li><p>To keep the service safe.</p>{extra}</li>{item}</ul></main>"
)
_USES_MD = (
    "# Privacy\n\n## Uses\n\nWe use your personal data for the following purposes:\n\n"
    "- To run the service.\n- To keep the service safe.\n{extra}{item}"
)


@pytest.mark.parametrize(
    "page, ctype, extra, item, level",
    [
        (_USES_HTML, "text/html", "<p>We take this seriously.</p>", "", "minor"),
        (_USES_MD, "text/markdown", "\n  We take this seriously.\n", "", "minor"),
        (_USES_HTML, "text/html", "", "<li><p>To send you offers.</p></li>", "material"),
        (_USES_MD, "text/markdown", "", "- To send you offers.\n", "material"),
    ],
)
def test_a_list_items_second_paragraph_goes_on_with_the_item(page, ctype, extra, item, level):
    """A paragraph written inside a list item, under its first one, says more about that entry; it
    is no new entry of the list (one more purpose), which a new item is."""
    old = policy_from_text(page.format(extra="", item=""), ctype)
    new = policy_from_text(page.format(extra=extra, item=item), ctype)
    assert compare(old, new).to_json()["level"] == level


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        ("es", "Conservamos los datos durante 6 meses.", "Conservamos los datos durante medio año.", "minor"),
        ("pl", "Przechowujemy dane przez 6 miesięcy.", "Przechowujemy dane przez pół roku.", "minor"),
        (
            "es",
            "Conservamos los datos durante 6 meses.",
            "Conservamos los datos durante medio año y un día.",
            "material",
        ),
        ("pl", "Przechowujemy dane przez 12 miesięcy.", "Przechowujemy dane przez pół roku.", "material"),
    ],
)
def test_a_half_written_alone_is_a_period(lang, old, new, level):
    """ "medio año" and "pół roku" hold no number, yet state six months: the same time as "6 meses"
    (no number gone), another time than twelve months."""
    assert judge(lang, old, new)["level"] == level


@pytest.mark.parametrize(
    "lang, old, new",
    [
        ("pl", "Dane księgowe przechowujemy przez 5 lat.", "Dane księgowe przechowujemy przez 5 lat od końca roku."),
        (
            "fr",
            "Les données sont hébergées en France.",
            "Les données sont hébergées en France, au sein du meta-annuaire.",
        ),
    ],
)
def test_a_vendors_name_written_in_lowercase_in_a_sentence_is_a_word(lang, old, new):
    """ "do końca roku" (to the end of the year) names no Roku, "meta" no Meta: in a sentence, a
    company's name is written as the company writes it."""
    kinds_found = judge(lang, old, new)
    assert not any("roku" in str(e.get("reason")) or "meta" in str(e.get("reason")) for e in kinds_found["events"])


def test_a_three_word_sentence_about_the_company_is_no_term():
    """Where the verb holds its subject, a sentence of three words is a sentence: "Zaměstnáváme 45
    lidí." (we employ 45 people) says how big the company is, not a term of the policy."""
    old = "Naše společnost byla založena v Praze. Zaměstnáváme 40 lidí."
    assert judge("cs", old, old.replace("40", "45"))["level"] == "minor"
    assert judge("cs", "Údaje uchováváme 3 roky.", "Údaje uchováváme 5 let.")["level"] == "material"


_ENUMERATED = {
    "en": "# Privacy\n\nAcme Ltd runs this shop and processes personal data.\n\n## 3. {title}\n\n{items}\n\nWe review this list every year.\n",
    "de": "# Datenschutz\n\nDie Acme GmbH betreibt diesen Shop und verarbeitet personenbezogene Daten.\n\n## 3. {title}\n\n{items}\n\nWir prüfen diese Liste jedes Jahr.\n",
}


@pytest.mark.parametrize(
    "lang, title, items, new_items, level",
    [
        # the items of one sentence under a heading about data: one more kind of data
        (
            "en",
            "What data we process",
            "- name,\n- order data,\n- usage data.",
            "- name,\n- order data,\n- usage data,\n- date of birth.",
            "material",
        ),
        (
            "de",
            "Welche Daten wir verarbeiten",
            "- Name,\n- Bestelldaten,\n- Nutzungsdaten.",
            "- Name,\n- Bestelldaten,\n- Nutzungsdaten,\n- Geburtsdatum.",
            "material",
        ),
        # steps, or items that are no sentence's parts: one more line
        (
            "en",
            "Using your data export",
            "- Open Settings.\n- Choose Privacy.",
            "- Open Settings.\n- Choose Privacy.\n- Click Export.",
            "minor",
        ),
        (
            "en",
            "Account settings",
            "- Download your archive\n- Close your account",
            "- Download your archive\n- Close your account\n- Change your password",
            "minor",
        ),
    ],
)
def test_a_list_right_under_its_heading_is_opened_by_it_when_its_items_make_one_sentence(
    lang, title, items, new_items, level
):
    """A list with no lead paragraph, whose items end with commas (one sentence cut into items), lists
    what its heading names: an item added is one more entry. Steps and menus end otherwise."""
    old = _ENUMERATED[lang].format(title=title, items=items)
    new = _ENUMERATED[lang].format(title=title, items=new_items)
    assert compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).level == level


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # a thing left to the reader no longer is: material
        ("en", "You may add your religion. This information is optional.", "You may add your religion.", "material"),
        ("en", "Giving your height is optional.", "Giving your height is requested.", "material"),
        ("de", "Die Angabe Ihrer Religion ist freiwillig.", "Die Angabe Ihrer Religion ist erforderlich.", "material"),
        ("fr", "La photo de profil est facultative.", "La photo de profil est demandée.", "material"),
        # the reader asked for less, or "options" that offer no choice of giving data: not alarmed on
        ("en", "You may add your religion.", "You may add your religion. This information is optional.", "minor"),
        ("en", "Write to us; you have different options.", "Write to us; you have several options.", "minor"),
        (
            "en",
            "Optional features are listed in the app.",
            "Optional features are listed in the app settings.",
            "minor",
        ),
    ],
)
def test_a_choice_left_to_the_reader_taken_away_is_material(lang, old, new, level):
    """ "This information is optional" dropped, or "optional" become "requested": what the reader
    could leave out may now be asked of them. Made optional, the page asks less."""
    assert judge(lang, old, new)["level"] == level


_SAFEGUARDS = (
    "# Sub-processors\n\nZentro Ltd uses the following sub-processors to provide the service.\n\n"
    "| Sub-processor | Purpose | Location | Transfer safeguard |\n|---|---|---|---|\n"
    "| Twilio Inc. | SMS | United States | EU-U.S. Data Privacy Framework |\n"
    "| Zendesk, Inc. | Support | United States | {safeguard} |\n"
)


@pytest.mark.parametrize(
    "safeguard, level",
    [
        ("", "material"),  # the transfer's safeguard gone
        ("EU-U.S. Data Privacy Framework", "material"),  # another safeguard
        ("Standard contractual clauses (SCCs)", "none"),  # the same one, written otherwise
    ],
)
def test_a_transfer_safeguard_dropped_or_changed_in_a_row_is_material(safeguard, level):
    """A vendor's row that loses its "Standard Contractual Clauses", or gives another safeguard,
    changes how data leaves the EEA; the same safeguard respelt does not."""
    old = policy_from_text(_SAFEGUARDS.format(safeguard="Standard Contractual Clauses"), "text/markdown")
    new = policy_from_text(_SAFEGUARDS.format(safeguard=safeguard), "text/markdown")
    assert compare(old, new).level == level


def test_a_misspelling_inside_a_list_item_of_several_sentences_keeps_its_transfer_statement():
    """A statement read from one sentence of a list item is found again in the other version's item,
    sentence by sentence, with its word misspelt."""
    page = (
        "<html><body><main><h1>Privacy Policy</h1><h2>International transfers</h2>"
        "<p>We operate worldwide. The adequacy of each country is reviewed every year.</p>"
        "<ol><li>(a) Adequacy decisions</li><li>(b) We transfer your personal data to some countries with "
        "adequacy decisions, such as the countries listed by the European Commission. Other transfers rely on "
        "safeguards.</li><li>(c) We transfer your personal data to countries without an adequacy decision under "
        "standard contractual clauses.</li></ol><h2>Contact</h2><p>Write to privacy@example.com with any "
        "question about this policy.</p></main></body></html>"
    )
    misspelt = page.replace("with adequacy decisions", "with adequecy decisions")
    result = compare(policy_from_text(page, "text/html"), policy_from_text(misspelt, "text/html")).to_json()
    assert result["level"] == "none", result["events"]


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("da", "Vi behandler dine ordreoplysninger til opfyldelse af kontrakt med dig."),
        ("nb", "Vi behandler ordreopplysningene dine for oppfyllelse av avtale med deg."),
        ("pt", "Tratamos os dados de encomenda com base na execução de contrato."),
        ("sv", "Vi behandlar orderuppgifterna för att fullgöra ett avtal med dig."),
    ],
)
def test_the_contract_as_a_legal_basis_without_its_article(lang, sentence):
    """ "opfyldelse af kontrakt", "execução de contrato": the contract written without an article
    names the legal basis as well as with one, so a new one is a changed legal basis."""
    result = judge(lang, FILLER[lang], f"{FILLER[lang]} {sentence}")
    assert "legal_basis_changed" in kinds(result), result["events"]


@pytest.mark.parametrize(
    "lang, row, category",
    [
        ("en", "Debt collection agencies", "credit_and_collection"),
        ("en", "Couriers", "delivery_partners"),
        ("fr", "Sociétés de recouvrement", "credit_and_collection"),
        ("de", "Inkassounternehmen", "credit_and_collection"),
        ("es", "Entidades bancarias", "financial_institutions"),
    ],
)
def test_a_recipients_row_naming_a_kind_of_company_is_a_category_not_a_processor(lang, row, category):
    """ "Debt collection agencies" in a recipients table is whom data goes to, by kind: a recipient
    category, never a processor's name."""
    from policywatch.monitor.documents import policy_from_text

    header = {"en": "Recipient", "fr": "Destinataire", "de": "Empfänger", "es": "Destinatario"}[lang]
    page = (
        f"# Policy\n\n{FILLER[lang]} {FILLER[lang]}\n\n## {header}\n\n| {header} | |\n|---|---|\n"
        f"| Experian Limited | 1 |\n| {row} | 2 |\n"
    )
    policy = policy_from_text(page, "text/markdown")
    assert category in policy.facts["recipient_categories"], policy.facts["recipient_categories"]
    assert row not in [p.name for p in policy.facts["processors"]]


@pytest.mark.parametrize(
    "lang, old, new, level",
    [
        # a negated comparative is an upper bound, written either way
        (
            "it",
            "I dati sono conservati per un periodo non superiore a 24 mesi.",
            "I dati sono conservati per un massimo di 24 mesi.",
            "minor",
        ),
        (
            "de",
            "Die Daten werden nicht länger als 3 Jahre gespeichert.",
            "Die Daten werden höchstens drei Jahre gespeichert.",
            "minor",
        ),
        (
            "en",
            "We keep call recordings for no more than 90 days.",
            "We keep call recordings for up to 90 days.",
            "minor",
        ),
        ("nl", "Wij bewaren uw gegevens niet langer dan 2 jaar.", "Wij bewaren uw gegevens maximaal 2 jaar.", "minor"),
        # an upper bound turned into a lower one
        ("en", "We retain logs for up to 90 days.", "We retain logs for at least 90 days.", "material"),
        (
            "de",
            "Wir speichern Protokolle höchstens 90 Tage.",
            "Wir speichern Protokolle mindestens 90 Tage.",
            "material",
        ),
        (
            "fr",
            "Les journaux sont conservés au maximum 90 jours.",
            "Les journaux sont conservés au moins 90 jours.",
            "material",
        ),
        (
            "en",
            "We keep call recordings for no longer than 90 days.",
            "We keep call recordings for longer than 90 days.",
            "material",
        ),
        # a negation that denies more than a bound still does
        ("en", "We do not keep call recordings for 90 days.", "We keep call recordings for 90 days.", "material"),
    ],
)
def test_an_upper_bound_written_with_a_negation_is_no_negation(lang, old, new, level):
    """ "non superiore a 24 mesi" and "un massimo di 24 mesi" both say "at most": no negation was
    dropped. "Up to" turned into "at least" is another term, with the same number."""
    result = judge(lang, f"{FILLER[lang]} {old}", f"{FILLER[lang]} {new}")
    assert (result["level"] == "material") == (level == "material"), result["events"]
