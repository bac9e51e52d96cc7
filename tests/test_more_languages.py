"""A language added by its data file reads like the others: Swedish and Polish policies, each edit
that must be told and each look-alike that must not, end to end through compare()."""

from __future__ import annotations

import pytest

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text

SV = (
    "# Integritetspolicy\n\nSenast uppdaterad: 2024-03-10\n\n"
    "Denna policy beskriver hur Exempel AB behandlar dina personuppgifter enligt dataskyddsförordningen (EU) 2016/679.\n\n"
    "## Personuppgiftsansvarig\n\nExempel AB (org.nr 556123-4567), Drottninggatan 12, 111 51 Stockholm, är personuppgiftsansvarig. Kontakt: integritet@exempel.se\n\n"
    "## Dataskyddsombud\n\nVårt dataskyddsombud är Anna Lindqvist, dso@exempel.se.\n\n"
    "## Vilka uppgifter vi samlar in\n\nVi samlar in namn, e-postadress, telefonnummer och köphistorik.\n\n"
    "## Varför vi behandlar uppgifterna\n\nVi behandlar uppgifterna för att fullgöra avtalet med dig och för att skicka nyhetsbrev med ditt samtycke.\n\n"
    "## Personuppgiftsbiträden\n\nVi använder Mailchimp för att skicka nyhetsbrev. Vår webbplats drivs av Amazon Web Services.\n\n"
    "| Personuppgiftsbiträde | Ändamål | Land |\n|---|---|---|\n| Zendesk Inc. | Kundsupport | USA |\n| Fortnox AB | Bokföring | Sverige |\n\n"
    "## Överföring till tredje land\n\nNär uppgifter överförs till USA använder vi EU-kommissionens standardavtalsklausuler.\n\n"
    "## Lagring\n\nVi sparar dina uppgifter i 24 månader efter ditt senaste köp. Bokföringsunderlag sparas i 7 år enligt bokföringslagen.\n\n"
    "## Dina rättigheter\n\nDu har rätt att begära tillgång till, rättelse och radering av dina personuppgifter. Du har även rätt att lämna in ett klagomål till Integritetsskyddsmyndigheten (IMY).\n\n"
    "## Om oss\n\nExempel AB grundades 2005 och har funnits i 19 år. Vi har 40 anställda.\n"
)
PL = (
    "# Polityka prywatności\n\nOstatnia aktualizacja: 10 marca 2024 r.\n\n"
    "Niniejsza polityka realizuje obowiązki wynikające z Rozporządzenia Parlamentu Europejskiego i Rady (UE) 2016/679 z dnia 27 kwietnia 2016 r. (RODO).\n\n"
    "## Administrator danych\n\nAdministratorem Twoich danych osobowych jest Przykład Sp. z o.o., ul. Marszałkowska 10, 00-590 Warszawa, NIP 5252525252. Kontakt: prywatnosc@przyklad.pl\n\n"
    "## Inspektor ochrony danych\n\nWyznaczyliśmy inspektora ochrony danych, z którym można się kontaktować pod adresem iod@przyklad.pl.\n\n"
    "## Jakie dane zbieramy\n\nZbieramy imię, nazwisko, adres e-mail oraz numer telefonu.\n\n"
    "## Cele i podstawy przetwarzania\n\nPrzetwarzamy dane w celu wykonania umowy (art. 6 ust. 1 lit. b RODO) oraz w celach marketingowych na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO).\n\n"
    "## Odbiorcy danych\n\nKorzystamy z usług Mailchimp do wysyłki newslettera.\n\n"
    "| Podmiot przetwarzający | Cel | Kraj |\n|---|---|---|\n| Zendesk Inc. | Obsługa klienta | USA |\n| OVH SAS | Hosting | Francja |\n\n"
    "## Przekazywanie danych poza EOG\n\nW przypadku przekazania danych do Stanów Zjednoczonych stosujemy standardowe klauzule umowne.\n\n"
    "## Okres przechowywania\n\nPrzechowujemy Twoje dane przez 3 lata od zakończenia umowy, a dane księgowe przez 5 lat.\n\n"
    "## Twoje prawa\n\nMasz prawo dostępu do danych, ich sprostowania, usunięcia oraz wniesienia sprzeciwu. Przysługuje Ci prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych.\n\n"
    "## O nas\n\nFirma działa na rynku od 15 lat i zatrudnia 50 osób.\n"
)


def material(level, kinds):
    return level == "material"


def not_material(level, kinds):
    return level != "material"


def has(*wanted, level="material"):
    return lambda got, kinds: got == level and all(k in kinds for k in wanted)


def without(*unwanted):
    return lambda got, kinds: got != "material" and not any(k in kinds for k in unwanted)


CASES = [
    ("sv date iso", SV, SV.replace("2024-03-10", "2025-01-15"), has("last_updated_changed", level="minor")),
    (
        "sv date words",
        SV.replace("2024-03-10", "10 mars 2024"),
        SV.replace("2024-03-10", "15 januari 2025"),
        has("last_updated_changed", level="minor"),
    ),
    (
        "sv effective",
        SV.replace("Senast uppdaterad: 2024-03-10", "Gäller från den 1 april 2024"),
        SV.replace("Senast uppdaterad: 2024-03-10", "Gäller från den 1 juli 2025"),
        has("last_updated_changed", level="minor"),
    ),
    (
        "sv prose vendor",
        SV,
        SV.replace("Vi använder Mailchimp", "Vi använder Mailchimp och HubSpot"),
        has("processor_added"),
    ),
    (
        "sv row added",
        SV,
        SV.replace("| Fortnox AB |", "| Intercom Inc. | Chatt | USA |\n| Fortnox AB |"),
        has("processor_added"),
    ),
    ("sv row removed", SV, SV.replace("| Zendesk Inc. | Kundsupport | USA |\n", ""), has("processor_removed")),
    (
        "sv location",
        SV,
        SV.replace("| Fortnox AB | Bokföring | Sverige |", "| Fortnox AB | Bokföring | Indien |"),
        material,
    ),
    ("sv retention", SV, SV.replace("24 månader", "36 månader"), has("retention_changed")),
    (
        "sv retention reword",
        SV,
        SV.replace("Vi sparar dina uppgifter i 24 månader", "Dina uppgifter sparas i 24 månader"),
        not_material,
    ),
    ("sv dpo", SV, SV.replace("Anna Lindqvist", "Erik Johansson"), has("contact_changed")),
    ("sv controller addr", SV, SV.replace("Drottninggatan 12, 111 51", "Sveavägen 44, 113 59"), has("contact_changed")),
    (
        "sv health added",
        SV,
        SV.replace("och köphistorik.", "köphistorik och hälsouppgifter."),
        has("data_category_added"),
    ),
    (
        "sv pnr added",
        SV,
        SV.replace("namn, e-postadress", "namn, personnummer, e-postadress"),
        has("data_category_added"),
    ),
    (
        "sv ai purpose",
        SV,
        SV.replace(
            "med ditt samtycke.", "med ditt samtycke. Vi använder även uppgifterna för att träna våra AI-modeller."
        ),
        material,
    ),
    (
        "sv legal basis",
        SV,
        SV.replace("med ditt samtycke", "med stöd av vårt berättigade intresse"),
        has("legal_basis_changed"),
    ),
    (
        "sv right removed",
        SV,
        SV.replace("tillgång till, rättelse och radering", "tillgång till och rättelse"),
        material,
    ),
    ("sv dpf", SV, SV.replace("EU-kommissionens standardavtalsklausuler", "EU-U.S. Data Privacy Framework"), material),
    (
        "sv denial added",
        SV,
        SV.replace("## Lagring", "Vi säljer inte dina personuppgifter.\n\n## Lagring"),
        not_material,
    ),
    (
        "sv reword",
        SV,
        SV.replace("Vi samlar in namn", "Vi samlar bland annat in namn").replace(
            "Vi samlar bland annat in namn", "Vi samlar in ditt namn"
        ),
        not_material,
    ),
    (
        "sv company headcount",  # ("funnits i 19 år", for 19 years, reads as a period: still material)
        SV,
        SV.replace("40 anställda", "45 anställda"),
        not_material,
    ),
    ("sv gdpr cite", SV, SV.replace("(EU) 2016/679", "(EU) 2016/679 (GDPR)"), not_material),
    (
        "sv typo",
        SV,
        SV.replace("Vi behandlar uppgifterna för att", "Vi behandlar uppgifterna för att kunna"),
        not_material,
    ),
    (
        "sv kids books",
        SV,
        SV.replace("## Om oss\n\n", "## Om oss\n\nVi säljer barnböcker och leksaker. "),
        without("data_category_added"),
    ),
]
P = [
    ("pl date", PL, PL.replace("10 marca 2024 r.", "2 czerwca 2025 r."), has("last_updated_changed", level="minor")),
    (
        "pl date numeric",
        PL.replace("10 marca 2024 r.", "10.03.2024"),
        PL.replace("10 marca 2024 r.", "02.06.2025"),
        has("last_updated_changed", level="minor"),
    ),
    (
        "pl effective",
        PL.replace("Ostatnia aktualizacja: 10 marca 2024 r.", "Polityka obowiązuje od dnia 1 kwietnia 2024 r."),
        PL.replace("Ostatnia aktualizacja: 10 marca 2024 r.", "Polityka obowiązuje od dnia 1 lipca 2025 r."),
        has("last_updated_changed", level="minor"),
    ),
    (
        "pl prose vendor",
        PL,
        PL.replace("Korzystamy z usług Mailchimp", "Korzystamy z usług Mailchimp oraz HubSpot"),
        has("processor_added"),
    ),
    (
        "pl row added",
        PL,
        PL.replace("| OVH SAS |", "| Intercom Inc. | Czat | USA |\n| OVH SAS |"),
        has("processor_added"),
    ),
    ("pl row removed", PL, PL.replace("| Zendesk Inc. | Obsługa klienta | USA |\n", ""), has("processor_removed")),
    ("pl location", PL, PL.replace("| Hosting | Francja |", "| Hosting | Indie |"), material),
    ("pl retention", PL, PL.replace("przez 3 lata", "przez 6 lat"), has("retention_changed")),
    (
        "pl retention reword",
        PL,
        PL.replace("Przechowujemy Twoje dane przez 3 lata", "Twoje dane będą przechowywane przez 3 lata"),
        not_material,
    ),
    (
        "pl controller addr",
        PL,
        PL.replace("ul. Marszałkowska 10, 00-590", "ul. Prosta 20, 00-850"),
        has("contact_changed"),
    ),
    ("pl dpo email", PL, PL.replace("iod@przyklad.pl", "iod@nowy.pl"), has("contact_changed")),
    (
        "pl health added",
        PL,
        PL.replace("oraz numer telefonu.", "numer telefonu oraz dane o stanie zdrowia."),
        has("data_category_added"),
    ),
    (
        "pl pesel added",
        PL,
        PL.replace("Zbieramy imię, nazwisko,", "Zbieramy imię, nazwisko, numer PESEL,"),
        has("data_category_added"),
    ),
    (
        "pl legal basis",
        PL,
        PL.replace(
            "na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO)",
            "na podstawie naszego prawnie uzasadnionego interesu (art. 6 ust. 1 lit. f RODO)",
        ),
        has("legal_basis_changed"),
    ),
    ("pl right removed", PL, PL.replace("usunięcia oraz wniesienia sprzeciwu", "oraz usunięcia"), material),
    ("pl dpf", PL, PL.replace("standardowe klauzule umowne", "Data Privacy Framework"), material),
    ("pl reword", PL, PL.replace("Zbieramy imię", "Gromadzimy imię"), not_material),
    ("pl company age", PL, PL.replace("od 15 lat", "od 16 lat").replace("50 osób", "55 osób"), not_material),
    (
        "pl ai",
        PL,
        PL.replace(
            "na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO).",
            "na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO). Wykorzystujemy dane także do trenowania naszych modeli sztucznej inteligencji.",
        ),
        material,
    ),
]


@pytest.mark.parametrize("name, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_swedish_and_polish_edits(name, old, new, expected):
    old_policy, new_policy = policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")
    assert old_policy.language == new_policy.language == name[:2]
    result = compare(old_policy, new_policy)
    kinds = [e.type for e in result.events]
    assert expected(result.level, kinds), [(e.type, e.level, e.fields) for e in result.events]
