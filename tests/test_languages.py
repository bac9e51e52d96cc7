"""Languages are data: one file per language holds every word the analysis reads, a new language
needs no code, and Spanish and Italian read like the others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policywatch.monitor.compare import build_policy, compare
from policywatch.monitor.facts.contacts import roles
from policywatch.monitor.facts.dates import read_own_date
from policywatch.monitor.facts.retention import extract_retention
from policywatch.monitor.lang import (
    WORD,
    add_language_file,
    all_languages,
    detect_language,
    language,
    remove_language_file,
)
from policywatch.monitor.plaintext import to_markdown

MONITOR = Path(__file__).resolve().parents[1] / "monitor"
KEYS = (
    "stopwords",
    "months",
    "date_order",
    "date_anchors",
    "number_words",
    "units",
    "retention_words",
    "roles",
    "provider_headers",
    "recipient_words",
    "street_words",
    "transfer_words",
    "mechanisms",
    "data_categories",
    "purposes",
    "legal_bases",
    "article_words",
    "article_letter_words",
    "negations",
    "modals",
    "example_markers",
    "error_phrases",
    "consent_phrases",
)


def policy(text: str):
    return build_policy(to_markdown(text))


def test_one_file_per_language_with_every_table():
    files = sorted(p.stem for p in (MONITOR / "lang").glob("*.yaml"))
    assert files == ["cs", "da", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pl", "pt", "sv"]
    for lang in all_languages():
        missing = [key for key in KEYS if not lang.data.get(key)]
        assert not missing, (lang.code, missing)


ROMANIAN = """code: ro
name: Română
stemmer: romanian
stopwords: [și, de, la, în, pentru, care, cu, sau, datele, dumneavoastră, personale, noi, noștri, este, sunt, pe, ale, vă]
months: {1: [ianuarie], 2: [februarie], 3: [martie], 4: [aprilie], 5: [mai], 6: [iunie], 7: [iulie], 8: [august],
         9: [septembrie], 10: [octombrie], 11: [noiembrie], 12: [decembrie]}
date_order: dmy
date_anchors: [ultima actualizare, actualizat, în vigoare de la]
number_words: {unu: 1, doi: 2, trei: 3, cinci: 5, zece: 10}
units: {days: [zi, zile], months: [lună, luni], years: [an, ani]}
retention_words: [păstrăm, păstrate, stocăm, stocate, ștergem, șterse]
"""


@pytest.mark.parametrize(
    "lang, citation, basis",
    [
        ("en", "Article 6(1)(f) GDPR", "legitimate_interests"),
        ("en", "Article 6, paragraph 1, letter a", "consent"),
        ("de", "Art. 6 Abs. 1 S. 1 lit. b DSGVO", "contract"),
        ("de", "Artikel 6 Absatz 1 Buchstabe c", "legal_obligation"),
        ("fr", "article 6, paragraphe 1, point e) du RGPD", "public_task"),
        ("es", "artículo 6, apartado 1, letra f) del RGPD", "legitimate_interests"),
        ("it", "articolo 6, paragrafo 1, lettera a) del GDPR", "consent"),
        ("pt", "art. 6.º, n.º 1, al. b) do RGPD", "contract"),
        ("nl", "art. 6 lid 1 sub f AVG", "legitimate_interests"),
        ("da", "databeskyttelsesforordningens artikel 6, stk. 1, litra c", "legal_obligation"),
        ("nb", "personvernforordningen artikkel 6 nr. 1 bokstav a", "consent"),
        ("sv", "artikel 6.1 första stycket f dataskyddsförordningen", "legitimate_interests"),
        ("pl", "art. 6 ust. 1 pkt b RODO", "contract"),
    ],
)
def test_a_cited_lawful_basis_is_read_in_every_language(lang, citation, basis):
    """The letters of Article 6(1) are the law's; the words around them are the language's."""
    found = language(lang).phrases("legal_bases").found_ids(language(lang).tokens(citation))
    assert found == {basis}, found


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Article 9(2)(a) GDPR"),  # explicit consent to special categories: another article
        ("en", "Article 16(1)(a) of the Act"),
        ("en", "Article 6 of the GDPR gives a list of lawful bases"),  # "a", the English word
        ("pt", "O artigo 6 do RGPD é a base"),
        ("de", "Art. 6 DSGVO sowie Art. 13 Abs. 1 lit. a"),
    ],
)
def test_other_articles_and_a_bare_letter_cite_no_lawful_basis(lang, text):
    assert not language(lang).phrases("legal_bases").found_ids(language(lang).tokens(text))


def test_a_new_language_is_added_by_data_alone(tmp_path):
    path = tmp_path / "ro.yaml"
    path.write_text(ROMANIAN, encoding="utf-8")
    add_language_file(path)
    try:
        text = (
            "Politica de confidențialitate\n\nUltima actualizare: 3 martie 2026\n\n"
            "Păstrăm datele dumneavoastră personale timp de cinci ani de la încetarea contractului și apoi le ștergem "
            "în siguranță noi și partenerii noștri care prelucrează date pentru noi.\n"
        )
        read = policy(text)
        assert read.language == "ro"
        assert read.facts["last_updated"].iso == "2026-03-03"
        assert [r.period for r in read.facts["retention"]] == ["5 years"]
    finally:
        remove_language_file(path)
    assert "ro" not in {lang.code for lang in all_languages()}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Última actualización: 3 de marzo de 2026", "2026-03-03"),
        ("Fecha de última actualización: 15/01/2025", "2025-01-15"),
        ("Vigente desde el 1 de julio de 2024", "2024-07-01"),
        ("Versión de mayo de 2025", "2025-05"),
        ("Ultimo aggiornamento: 12 settembre 2025", "2025-09-12"),
        ("Data di entrata in vigore: 01/04/2024", "2024-04-01"),
        ("Informativa aggiornata al 3 marzo 2026", "2026-03-03"),
        ("In vigore dal 1° gennaio 2025", "2025-01-01"),
        ("Última atualização: 3 de março de 2026", "2026-03-03"),
        ("Atualizada em 10/01/2025", "2025-01-10"),
        ("Em vigor desde 1 de julho de 2024", "2024-07-01"),
        ("Versão de maio de 2025", "2025-05"),
        ("Senast uppdaterad: 10 mars 2024", "2024-03-10"),
        ("Gäller från och med den 1 juli 2025", "2025-07-01"),
        ("Ostatnia aktualizacja: 2 czerwca 2025 r.", "2025-06-02"),
        ("Polityka obowiązuje od dnia 01.04.2024 r.", "2024-04-01"),
        ("Sidst opdateret: 10. marts 2024", "2024-03-10"),
        ("Gældende fra 1. juli 2025", "2025-07-01"),
        ("Sist oppdatert: 2. desember 2025", "2025-12-02"),
        ("Gjelder fra 1. januar 2026", "2026-01-01"),
        ("Poslední aktualizace: 12. března 2026", "2026-03-12"),
        ("Účinné od 1. 9. 2026", "2026-09-01"),
        ("Päivitetty 3.3.2026", "2026-03-03"),
        ("Voimassa 14. marraskuuta 2025 alkaen", "2025-11-14"),
    ],
)
def test_spanish_italian_and_portuguese_dates(line, expected):
    found = read_own_date(policy(f"Política\n\n{line}\n\nTexto de la política.\n"))
    assert found is not None and found.iso == expected


@pytest.mark.parametrize(
    "sentence, lang, period",
    [
        ("Conservaremos sus datos durante cinco años desde la baja.", "es", "5 years"),
        ("Los registros se eliminan transcurridos 30 días.", "es", "30 days"),
        ("Los datos de facturación se conservan 10 años por obligación legal.", "es", "10 years"),
        ("I dati sono conservati per dodici mesi dalla raccolta.", "it", "12 months"),
        ("Gli account inattivi vengono cancellati dopo 2 anni.", "it", "2 years"),
        ("I log sono eliminati dopo 90 giorni.", "it", "90 days"),
        ("Conservamos os seus dados durante cinco anos após o fim do contrato.", "pt", "5 years"),
        ("Os registros de acesso são mantidos por 6 meses.", "pt", "6 months"),
        ("As contas inativas são eliminadas após 24 meses.", "pt", "24 months"),
        ("Vi sparar dina personuppgifter i tre år efter att avtalet har upphört.", "sv", "3 years"),
        ("Loggar raderas efter 90 dagar.", "sv", "90 days"),
        ("Przechowujemy Twoje dane przez 5 lat od zakończenia umowy.", "pl", "5 years"),
        ("Dane księgowe są przechowywane przez okres sześciu miesięcy.", "pl", "6 months"),
        ("Vi opbevarer dine oplysninger i fem år efter aftalens ophør.", "da", "5 years"),
        ("Logfiler slettes efter 30 dage.", "da", "30 days"),
        ("Vi lagrer opplysningene dine i tre år etter at avtalen er avsluttet.", "nb", "3 years"),
        ("Logger slettes etter 90 dager.", "nb", "90 days"),
        ("Invoices are kept for twenty-four months.", "en", "24 months"),
        ("Les factures sont conservées vingt-quatre mois.", "fr", "24 months"),
        ("Conservamos las facturas durante treinta y seis meses.", "es", "36 months"),
        ("As faturas são conservadas durante vinte e quatro meses.", "pt", "24 months"),
        ("Faktury przechowujemy przez dwadzieścia cztery miesiące.", "pl", "24 months"),
        ("Údaje o objednávkách uchováváme po dobu pěti let.", "cs", "5 years"),
        ("Záznamy mažeme po 30 dnech.", "cs", "30 days"),
        ("Tilaustiedot säilytetään kuusi vuotta.", "fi", "6 years"),
        ("Lokitiedot poistetaan 90 päivän kuluttua.", "fi", "90 days"),
    ],
)
def test_spanish_italian_and_portuguese_retention(sentence, lang, period):
    found = extract_retention(policy(f"Datos\n\n{sentence}\n").sections, lang)
    assert [r.period for r in found] == [period]


@pytest.mark.parametrize(
    "text, lang, role",
    [
        ("El responsable del tratamiento es Ejemplo S.L.", "es", "controller"),
        ("Puede contactar con nuestro delegado de protección de datos.", "es", "dpo"),
        ("Nuestro representante en la Unión Europea es Rep Ltd.", "es", "representative"),
        ("Il titolare del trattamento è Esempio S.r.l.", "it", "controller"),
        ("Il responsabile della protezione dei dati è raggiungibile via email.", "it", "dpo"),
        ("Hai il diritto di proporre reclamo al Garante.", "it", "authority"),
        ("A Exemplo Lda. é a responsável pelo tratamento dos seus dados.", "pt", "controller"),
        ("O nosso encarregado pelo tratamento de dados pessoais é Maria Souza.", "pt", "dpo"),
        ("Pode apresentar reclamação à Comissão Nacional de Proteção de Dados.", "pt", "authority"),
        ("Exempel AB är personuppgiftsansvarig för behandlingen.", "sv", "controller"),
        ("Du når vårt dataskyddsombud på dso@exempel.se.", "sv", "dpo"),
        ("Administratorem Twoich danych osobowych jest Przykład Sp. z o.o.", "pl", "controller"),
        ("Wyznaczyliśmy inspektora ochrony danych.", "pl", "dpo"),
        ("Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych.", "pl", "authority"),
        ("Eksempel ApS er dataansvarlig for behandlingen.", "da", "controller"),
        ("Du kan kontakte vores databeskyttelsesrådgiver på dpo@eksempel.dk.", "da", "dpo"),
        ("Eksempel AS er behandlingsansvarlig for opplysningene.", "nb", "controller"),
        ("Vårt personvernombud kan kontaktes på pvo@eksempel.no.", "nb", "dpo"),
        ("Du har rett til å klage til Datatilsynet.", "nb", "authority"),
        ("Správcem vašich osobních údajů je Příklad s.r.o.", "cs", "controller"),
        ("Jmenovali jsme pověřence pro ochranu osobních údajů.", "cs", "dpo"),
        ("Stížnost můžete podat u Úřadu pro ochranu osobních údajů.", "cs", "authority"),
        ("Rekisterinpitäjä on Esimerkki Oy.", "fi", "controller"),
        ("Tietosuojavastaavamme tavoittaa osoitteesta dpo@esimerkki.fi.", "fi", "dpo"),
        ("Voit tehdä valituksen tietosuojavaltuutetulle.", "fi", "authority"),
    ],
)
def test_spanish_italian_and_portuguese_role_words(text, lang, role):
    assert role in roles(text, lang)


def test_swedish_danish_norwegian_and_polish_are_detected_and_not_taken_for_their_neighbours():
    assert detect_language("Vi samlar in ditt namn och din e-postadress. Vi sparar orderuppgifter i 7 år. " * 2) == "sv"
    assert detect_language("Przetwarzamy Twoje imię i adres e-mail. Dane przechowujemy przez 5 lat. " * 2) == "pl"
    danish = "Vi behandler dine personoplysninger for at levere vores tjenester og opbevarer dem ikke længere end nødvendigt. "
    norwegian = (
        "Vi behandler personopplysningene dine for å levere våre tjenester og lagrer dem ikke lenger enn nødvendig. "
    )
    assert detect_language(danish * 2) == "da" and detect_language(norwegian * 2) == "nb"
    assert detect_language("Wir verarbeiten Ihre Daten und speichern sie für die Dauer des Vertrags. " * 3) == "de"
    assert detect_language("Wij verwerken uw gegevens en bewaren ze zolang uw account actief is. " * 3) == "nl"


NORWEGIAN = [
    "Vi lagrer opplysningene så lenge det er nødvendig for å oppfylle formålet de ble samlet inn for.",
    "Du har rett til å kreve innsyn i og retting av opplysningene vi har om deg. Ta kontakt med oss på e-post.",
    "Vi deler ikke opplysninger med andre enn våre databehandlere, som er bundet av avtale med oss.",
    "Hvis du har spørsmål om hvordan vi behandler personopplysninger, kan du kontakte oss innen 30 dager.",
]
DANISH = [
    "Vi opbevarer oplysningerne, så længe det er nødvendigt for at opfylde formålet. Derefter bliver de slettet.",
    "Hjemmesiden bruger cookies. Nogle er nødvendige for at siden kan fungere, andre bruges til statistik.",
    "Vi deler ikke oplysninger med andre end vores databehandlere, som er bundet af en aftale med os.",
]


@pytest.mark.parametrize("paragraph", NORWEGIAN)
def test_norwegian_is_not_read_as_swedish_or_danish(paragraph):
    """The three write "vi", "har", "på", "det", "som" alike: those count for each in part, and
    the words only one of them writes ("å", "enn", "deg") decide."""
    assert detect_language(paragraph * 3) == "nb"


def test_a_norwegian_and_a_danish_page_are_told_apart():
    assert detect_language(" ".join(NORWEGIAN)) == "nb"
    assert detect_language(" ".join(DANISH)) == "da"


def test_spanish_italian_and_portuguese_are_detected_apart():
    assert detect_language("Tratamos sus datos personales para las finalidades descritas en esta política " * 3) == "es"
    assert detect_language("Tratamos os seus dados pessoais para as finalidades descritas nesta política " * 3) == "pt"
    assert detect_language("Não vendemos seus dados e você pode pedir a eliminação da sua conta " * 3) == "pt"
    # a page full of domain names ('com' is Portuguese for 'with') is still English
    assert (
        detect_language(
            "Cookies set by openai.com, chatgpt.com and auth.openai.com are used to keep you signed in to your account. "
            * 3
        )
        == "en"
    )


SHORT_LIST_PAGES = {
    "en": "List of sub-processors. Last updated: 3 March 2025. Example Ltd uses the following sub-processors "
    "to provide its services. Amazon Web Services EMEA SARL: hosting in Ireland. Stripe Payments Europe Ltd: "
    "payments in Ireland. We will notify you 30 days before we add a new sub-processor.",
    "es": "Lista de subencargados. Última actualización: 3 de marzo de 2025. Ejemplo S.L. utiliza los siguientes "
    "subencargados del tratamiento para prestar sus servicios. Amazon Web Services EMEA SARL: alojamiento en "
    "Irlanda. Le avisaremos con 30 días de antelación antes de añadir un nuevo subencargado.",
    "it": "Elenco dei sub-responsabili. Ultimo aggiornamento: 3 marzo 2025. Esempio S.r.l. si avvale dei seguenti "
    "sub-responsabili del trattamento per fornire i propri servizi. Amazon Web Services EMEA SARL: hosting in "
    "Irlanda. Vi informeremo con 30 giorni di anticipo prima di aggiungere un nuovo sub-responsabile.",
    "fr": "Liste des sous-traitants. Dernière mise à jour : 3 mars 2025. Exemple SAS fait appel aux sous-traitants "
    "suivants pour fournir ses services. Amazon Web Services EMEA SARL : hébergement en Irlande. Nous vous "
    "informerons 30 jours avant l'ajout d'un nouveau sous-traitant.",
    "de": "Liste der Unterauftragsverarbeiter. Stand: 3. März 2025. Die Beispiel GmbH setzt die folgenden "
    "Unterauftragsverarbeiter ein, um ihre Dienste zu erbringen. Amazon Web Services EMEA SARL: Hosting in Irland. "
    "Wir informieren Sie 30 Tage vor dem Einsatz eines neuen Unterauftragsverarbeiters.",
    "nl": "Lijst van subverwerkers. Laatst bijgewerkt: 3 maart 2025. Voorbeeld B.V. maakt gebruik van de volgende "
    "subverwerkers om haar diensten te leveren. Amazon Web Services EMEA SARL: hosting in Ierland. Wij informeren "
    "u 30 dagen voordat wij een nieuwe subverwerker toevoegen.",
    "sv": "Lista över personuppgiftsbiträden. Senast uppdaterad: 3 mars 2025. Exempel AB anlitar följande "
    "personuppgiftsbiträden för att leverera sina tjänster. Amazon Web Services EMEA SARL: drift i Irland. Vi "
    "meddelar dig 30 dagar innan vi lägger till ett nytt personuppgiftsbiträde.",
    "pl": "Lista podmiotów przetwarzających. Ostatnia aktualizacja: 3 marca 2025 r. Przykład Sp. z o.o. korzysta z "
    "usług następujących podmiotów przetwarzających w celu świadczenia swoich usług. Amazon Web Services EMEA "
    "SARL: hosting w Irlandii. Poinformujemy Cię 30 dni przed dodaniem nowego podmiotu przetwarzającego.",
    "pt": "A Exemplo, Lda. recorre aos seguintes subcontratantes para prestar os seus serviços. Notificaremos os "
    "clientes com 30 dias de antecedência antes de adicionar um novo subcontratante. Amazon Web Services EMEA "
    "SARL: alojamento na Irlanda.",
}


@pytest.mark.parametrize("code", SHORT_LIST_PAGES)
def test_a_short_sub_processor_list_is_read_in_its_language(code):
    """A few sentences around a table: words several languages share ('de', 'en', 'con', 'we') count
    for each only in part, so the words that are the page's own decide."""
    assert detect_language(SHORT_LIST_PAGES[code]) == code


@pytest.mark.parametrize(
    "code, text",
    [
        (
            "nl",
            "Subverwerkers. Laatst bijgewerkt: 1 maart 2025. Wij maken gebruik van de volgende subverwerkers. "
            "Amazon Web Services, Inc. (Hosting, Verenigde Staten). Zendesk, Inc. (Klantenservice, Verenigde Staten).",
        ),
        (
            "pt",
            "Suboperadores. Última atualização: 1 de março de 2025. Utilizamos os seguintes suboperadores. "
            "Amazon Web Services, Inc. (Alojamento, Estados Unidos). Zendesk, Inc. (Apoio ao cliente, Estados Unidos).",
        ),
    ],
)
def test_a_page_too_short_for_its_function_words_is_read_in_words_only_its_language_holds(code, text):
    assert detect_language(text) == code


def test_a_few_words_another_language_also_holds_are_no_language():
    """Swedish writes its months as Dutch does ("januari", "februari"): two such words are not enough."""
    swedish = "Uppdaterad 1 januari 2025. Tidigare version: 3 februari 2024. Leverantörer: Amazon Web Services, Inc."
    assert detect_language(swedish) is None


@pytest.mark.parametrize(
    "text",
    [
        "Prelucrăm numele și adresa dumneavoastră de e-mail și păstrăm datele comenzilor timp de 5 ani în UE și în afara ei.",
        "Kezeljük az Ön nevét és e-mail címét. A rendelési adatokat 7 évig őrizzük meg Magyarországon és az EU-ban.",
    ],
)
def test_a_language_without_a_file_is_not_read_as_one_that_shares_its_short_words(text):
    """Romanian and Hungarian share 'a', 'i', 'e', 'és' with Italian, Portuguese and Spanish: a few short words are no language."""
    assert detect_language(text * 2) is None
    assert (
        detect_language("Trattiamo i tuoi dati personali per le finalità descritte in questa informativa " * 3) == "it"
    )


HUNGARIAN_PROCESSORS = """# Adatvédelmi tájékoztató

Ügyfeleink személyes adatait webáruházunkban és üzleteinkben kezeljük.

## Az adatok címzettjei

A következő adatfeldolgozókat vesszük igénybe:

| Adatfeldolgozó | Szolgáltatás | Helyszín |
|---|---|---|
| Paytrail Oyj | Fizetés | Finnország |
| Posti Oy | Szállítás | Finnország |
| Klaviyo Inc. | Hírlevél | Egyesült Államok |

## Sütik

| Süti | Cél | Időtartam |
|---|---|---|
| _ga | Látogatói statisztika | 2 év |
| kosar | Kosár tartalma | 30 nap |
"""


def test_a_table_of_companies_is_read_on_a_page_in_a_language_without_a_file():
    """No header word of any file names the column, but nearly every first cell is a company by its
    legal form: the table's shape says who receives data, and its country cells (in any language
    babel names countries in) where."""
    read = build_policy(HUNGARIAN_PROCESSORS)
    assert read.language is None
    found = {p.name: p.location for p in read.facts["processors"]}
    assert found == {"Paytrail Oyj": "Finland", "Posti Oy": "Finland", "Klaviyo Inc.": "United States"}, found
    moved = HUNGARIAN_PROCESSORS.replace("| Hírlevél | Egyesült Államok |", "| Hírlevél | Írország |")
    added = HUNGARIAN_PROCESSORS.replace("| Posti Oy |", "| Hotjar Ltd | Analitika | Málta |\n| Posti Oy |")
    for new, kind in ((moved, "processor_changed"), (added, "processor_added")):
        result = compare(build_policy(HUNGARIAN_PROCESSORS), build_policy(new)).to_json()
        assert [e["type"] for e in result["events"] if e["type"].startswith("processor")] == [kind], result
        assert result["level"] == "material"


def test_a_table_of_other_things_is_no_list_of_companies_in_any_language():
    """The cookie table's first cells are no companies; a company in one row of three is no table of them."""
    read = build_policy(
        HUNGARIAN_PROCESSORS.replace(
            "| Posti Oy | Szállítás | Finnország |", "| Posti | Szállítás | Finnország |"
        ).replace("| Paytrail Oyj | Fizetés | Finnország |", "| Paytrail | Fizetés | Finnország |")
    )
    assert [p.name for p in read.facts["processors"]] == ["Klaviyo Inc."]  # by the catalogue, as before


def _distinctive_words() -> set[str]:
    """Words of the language files that would only be in code to read a language: not English code words."""
    out: set[str] = set()
    for lang in all_languages():
        for key in (
            "date_anchors",
            "retention_words",
            "error_phrases",
            "recipient_words",
            "street_words",
            "transfer_words",
            "provider_headers",
        ):
            for phrase in lang.data.get(key) or []:
                out.update(w for w in WORD.findall(str(phrase).lower()) if len(w) >= 5)
        for names in lang.table("months").values():
            out.update(str(n).lower() for n in names if len(str(n)) >= 5)
    return out


def test_no_language_word_list_in_the_analysis_code():
    """A string in monitor/ holding three or more words of the language files is a word list that
    belongs in a language file (docstrings aside)."""
    words = _distinctive_words()
    offending = []
    for path in MONITOR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found = {w for w in re.findall(r"[^\W\d_]+", node.value.lower()) if w in words}
                if len(found) >= 3:
                    offending.append((str(path.relative_to(MONITOR)), sorted(found)[:6]))
    assert not offending, offending


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Children's Privacy\n\nWe do not knowingly collect data from children under 13.\n"),
        ("en", "Sharing\n\nWe don't sell your personal data to data brokers.\n"),
        ("fr", "Bases légales\n\nNous traitons vos données en vertu d'une obligation légale.\n"),
    ],
)
def test_a_typographic_apostrophe_reads_as_the_plain_one(lang, text):
    from policywatch.monitor.compare import compare
    from policywatch.monitor.documents import policy_from_text

    plain, curly = policy_from_text(text), policy_from_text(text.replace("'", "\u2019"))
    assert compare(plain, curly).level == "none"
    for kind in ("data_categories", "purposes", "recipient_categories", "legal_bases"):
        assert set(plain.facts[kind]) == set(curly.facts[kind]), kind


def test_a_derivation_of_a_root_is_another_word():
    """'regulation' and 'regulators' stem alike in English; a law's name is no recipient category."""
    from policywatch.monitor.documents import policy_from_text

    def categories(text: str) -> set[str]:
        return set(policy_from_text(f"Policy\n\nDetails\n\n{text}\n").facts["recipient_categories"])

    assert "authorities" not in categories("We comply with the General Data Protection Regulation (GDPR).")
    assert "authorities" in categories("We may share data with regulators and courts when the law requires it.")


def test_every_corpus_page_is_read_in_its_labelled_language_or_in_none():
    """A language file's function words must not claim pages of another language (Portuguese once
    claimed an English cookie page full of '.com' domains); a page too short to tell reads as none."""
    import yaml

    from policywatch.monitor.documents import policy_from_file

    corpus = Path(__file__).parent / "fixtures" / "corpus"
    labels = yaml.safe_load((corpus / "pairs.yaml").read_text(encoding="utf-8"))
    wrong = []
    for name, label in labels.items():
        for side in ("old", "new"):
            expected = label.get(f"lang_{side}", label["lang"])
            for suffix in ("md", "html"):
                read = policy_from_file(corpus / name / f"{side}.{suffix}").language
                if read not in (expected, None):
                    wrong.append((name, side, suffix, expected, read))
    assert not wrong


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("en", "This site is operated by Acme Widgets Ltd. Our servers are in Ireland.", 2),
        ("fr", "Le responsable est Acme S.A. Nous traitons vos données.", 2),
        # an abbreviation that is no legal form, or a legal form before a word that opens no sentence
        ("en", "Dr. May Smith is our DPO.", 1),
        ("en", "Acme Ltd. Registered in England and Wales.", 1),
        ("en", "See Art. 6 GDPR for the bases.", 1),
    ],
)
def test_a_companys_legal_form_can_end_a_sentence(lang, text, expected):
    from policywatch.monitor.clauses import sentences

    assert len(sentences(text, lang)) == expected, sentences(text, lang)
