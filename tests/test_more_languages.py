"""A language added by its data file reads like the others: Swedish, Polish, Danish and Norwegian
policies, each edit that must be told and each look-alike that must not, end to end through compare()."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text
from tests.test_scenarios import apply_edits, matches, unexpected

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
CS = (
    "# Zásady ochrany osobních údajů\n\nPoslední aktualizace: 10. března 2024\n\n"
    "Tyto zásady popisují, jak společnost Příklad s.r.o. zpracovává vaše osobní údaje podle nařízení (EU) 2016/679.\n\n"
    "## Správce\n\nSprávcem vašich osobních údajů je Příklad s.r.o., IČO 12345678, Vodičkova 12, 110 00 Praha 1. Kontakt: soukromi@priklad.cz\n\n"
    "## Pověřenec pro ochranu osobních údajů\n\nNaším pověřencem pro ochranu osobních údajů je Jana Nováková, dpo@priklad.cz.\n\n"
    "## Jaké údaje shromažďujeme\n\nShromažďujeme jméno, e-mailovou adresu, telefonní číslo a historii nákupů.\n\n"
    "## Proč údaje zpracováváme\n\nÚdaje zpracováváme za účelem plnění smlouvy s vámi a zasílání newsletteru na základě vašeho souhlasu.\n\n"
    "## Zpracovatelé\n\nPro zasílání newsletteru používáme Mailchimp. Naše webové stránky hostuje Amazon Web Services.\n\n"
    "| Zpracovatel | Účel | Země |\n|---|---|---|\n| Zendesk Inc. | Zákaznická podpora | USA |\n| Seznam.cz, a.s. | Reklama | Česko |\n\n"
    "## Předávání mimo EHP\n\nPři předání údajů do USA používáme standardní smluvní doložky Evropské komise.\n\n"
    "## Doba uchování\n\nVaše údaje uchováváme po dobu 24 měsíců od vašeho posledního nákupu. Účetní doklady uchováváme 10 let podle zákona o účetnictví.\n\n"
    "## Vaše práva\n\nMáte právo na přístup k údajům, jejich opravu a výmaz. Máte také právo podat stížnost u Úřadu pro ochranu osobních údajů.\n\n"
    "## O nás\n\nSpolečnost Příklad s.r.o. byla založena v roce 2005 a působí na trhu již 19 let. Zaměstnáváme 40 lidí.\n"
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
    ("cs date", CS, CS.replace("10. března 2024", "15. ledna 2025"), has("last_updated_changed", level="minor")),
    (
        "cs date numeric",
        CS.replace("10. března 2024", "10. 3. 2024"),
        CS.replace("10. března 2024", "15. 1. 2025"),
        has("last_updated_changed", level="minor"),
    ),
    (
        "cs effective",
        CS.replace("Poslední aktualizace: 10. března 2024", "Účinné od 1. dubna 2024"),
        CS.replace("Poslední aktualizace: 10. března 2024", "Účinné od 1. července 2025"),
        has("last_updated_changed", level="minor"),
    ),
    ("cs prose vendor", CS, CS.replace("používáme Mailchimp", "používáme Mailchimp a HubSpot"), has("processor_added")),
    (
        "cs row added",
        CS,
        CS.replace("| Seznam.cz, a.s. |", "| Intercom Inc. | Chat | USA |\n| Seznam.cz, a.s. |"),
        has("processor_added"),
    ),
    ("cs row removed", CS, CS.replace("| Zendesk Inc. | Zákaznická podpora | USA |\n", ""), has("processor_removed")),
    ("cs location", CS, CS.replace("| Reklama | Česko |", "| Reklama | Indie |"), material),
    ("cs retention", CS, CS.replace("24 měsíců", "36 měsíců"), has("retention_changed")),
    (
        "cs retention reword",
        CS,
        CS.replace("Vaše údaje uchováváme po dobu 24 měsíců", "Vaše údaje jsou uchovávány po dobu 24 měsíců"),
        not_material,
    ),
    (
        "cs retention open",
        CS,
        CS.replace("po dobu 24 měsíců od vašeho posledního nákupu", "do zrušení účtu"),
        has("retention_changed"),
    ),
    ("cs dpo", CS, CS.replace("Jana Nováková", "Petr Svoboda"), has("contact_changed")),
    ("cs dpo email", CS, CS.replace("dpo@priklad.cz", "poverenec@priklad.cz"), has("contact_changed")),
    ("cs controller addr", CS, CS.replace("Vodičkova 12, 110 00", "Národní 40, 110 00"), has("contact_changed")),
    (
        "cs health added",
        CS,
        CS.replace("a historii nákupů.", "historii nákupů a údaje o zdraví."),
        has("data_category_added"),
    ),
    (
        "cs birth number added",
        CS,
        CS.replace("jméno, e-mailovou", "jméno, rodné číslo, e-mailovou"),
        has("data_category_added"),
    ),
    (
        "cs ai purpose",
        CS,
        CS.replace(
            "vašeho souhlasu.", "vašeho souhlasu. Údaje používáme také k trénování našich modelů umělé inteligence."
        ),
        material,
    ),
    (
        "cs legal basis",
        CS,
        CS.replace("na základě vašeho souhlasu", "na základě našeho oprávněného zájmu"),
        has("legal_basis_changed"),
    ),
    (
        "cs right removed",
        CS,
        CS.replace("přístup k údajům, jejich opravu a výmaz", "přístup k údajům a jejich opravu"),
        material,
    ),
    (
        "cs dpf",
        CS,
        CS.replace("standardní smluvní doložky Evropské komise", "rámec EU-U.S. Data Privacy Framework"),
        material,
    ),
    (
        "cs denial flipped",
        CS.replace("## Doba", "Vaše údaje neprodáváme.\n\n## Doba"),
        CS.replace("## Doba", "Vaše údaje prodáváme.\n\n## Doba"),
        material,
    ),
    ("cs reword", CS, CS.replace("Shromažďujeme jméno", "Shromažďujeme vaše jméno"), not_material),
    ("cs company age", CS, CS.replace("již 19 let", "již 20 let"), not_material),
    ("cs headcount", CS, CS.replace("Zaměstnáváme 40 lidí", "Zaměstnáváme 45 lidí"), not_material),
    ("cs gdpr cite", CS, CS.replace("(EU) 2016/679", "(EU) 2016/679 (GDPR)"), not_material),
    (
        "cs children age",
        CS,
        CS.replace("## O nás\n\n", "## O nás\n\nNaše služby nejsou určeny dětem mladším 15 let. "),
        without("retention_changed"),
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
    (
        "pl dative recipient",
        PL,
        PL.replace(
            "Zbieramy imię, nazwisko, adres e-mail oraz numer telefonu.",
            "Zbieramy imię, nazwisko, adres e-mail oraz numer telefonu. Udostępniamy również Twoje dane osobowe "
            "firmie Pinecone Systems, Inc., która hostuje nasz indeks wyszukiwania.",
        ),
        has("processor_added"),
    ),
    (
        "pl the company's own data",
        PL,
        PL.replace(
            "Zbieramy imię, nazwisko, adres e-mail oraz numer telefonu.",
            "Zbieramy imię, nazwisko, adres e-mail oraz numer telefonu. Udostępniamy je w siedzibie firmy Kwarkol sp. z o.o.",
        ),
        lambda got, kinds: "processor_added" not in kinds,  # a company named, not given data
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


# Danish and Norwegian: one page each, the same edits
DA = (
    "# Privatlivspolitik\n\nSidst opdateret: 10. marts 2024\n\n"
    "Denne politik beskriver, hvordan Eksempel ApS behandler dine personoplysninger i henhold til databeskyttelsesforordningen (EU) 2016/679.\n\n"
    "## Dataansvarlig\n\nEksempel ApS (CVR-nr. 12345678), Vesterbrogade 12, 1620 København V, er dataansvarlig. Kontakt: privatliv@eksempel.dk\n\n"
    "## Databeskyttelsesrådgiver\n\nVores databeskyttelsesrådgiver er Mette Hansen, dpo@eksempel.dk.\n\n"
    "## Hvilke oplysninger vi indsamler\n\nVi indsamler navn, e-mailadresse, telefonnummer og købshistorik.\n\n"
    "## Hvorfor vi behandler oplysningerne\n\nVi behandler oplysningerne for at opfylde aftalen med dig og for at sende nyhedsbreve med dit samtykke.\n\n"
    "## Databehandlere\n\nVi bruger Mailchimp til at sende nyhedsbreve. Vores hjemmeside drives af Amazon Web Services.\n\n"
    "| Databehandler | Formål | Land |\n|---|---|---|\n| Zendesk Inc. | Kundeservice | USA |\n| Visma A/S | Bogføring | Danmark |\n\n"
    "## Overførsel til tredjelande\n\nNår oplysninger overføres til USA, anvender vi EU-Kommissionens standardkontraktbestemmelser.\n\n"
    "## Opbevaring\n\nVi opbevarer dine oplysninger i 24 måneder efter dit seneste køb. Regnskabsmateriale opbevares i 5 år efter bogføringsloven.\n\n"
    "## Dine rettigheder\n\nDu har ret til indsigt, berigtigelse og sletning af dine personoplysninger. Du har også ret til at klage til Datatilsynet.\n\n"
    "## Om os\n\nVi har 40 ansatte og kontorer i 3 byer.\n"
)
NB = (
    "# Personvernerklæring\n\nSist oppdatert: 10. mars 2024\n\n"
    "Denne erklæringen beskriver hvordan Eksempel AS behandler personopplysningene dine i henhold til personvernforordningen (EU) 2016/679.\n\n"
    "## Behandlingsansvarlig\n\nEksempel AS (org.nr. 912 345 678), Karl Johans gate 12, 0154 Oslo, er behandlingsansvarlig. Kontakt: personvern@eksempel.no\n\n"
    "## Personvernombud\n\nVårt personvernombud er Kari Nordmann, pvo@eksempel.no.\n\n"
    "## Hvilke opplysninger vi samler inn\n\nVi samler inn navn, e-postadresse, telefonnummer og kjøpshistorikk.\n\n"
    "## Hvorfor vi behandler opplysningene\n\nVi behandler opplysningene for å oppfylle avtalen med deg og for å sende nyhetsbrev med ditt samtykke.\n\n"
    "## Databehandlere\n\nVi bruker Mailchimp til å sende nyhetsbrev. Nettsiden vår driftes av Amazon Web Services.\n\n"
    "| Databehandler | Formål | Land |\n|---|---|---|\n| Zendesk Inc. | Kundeservice | USA |\n| Tripletex AS | Regnskap | Norge |\n\n"
    "## Overføring til tredjeland\n\nNår opplysninger overføres til USA, bruker vi EU-kommisjonens standard personvernbestemmelser.\n\n"
    "## Lagring\n\nVi lagrer opplysningene dine i 24 måneder etter siste kjøp. Regnskapsmateriale oppbevares i 5 år etter bokføringsloven.\n\n"
    "## Dine rettigheter\n\nDu har rett til innsyn, retting og sletting av personopplysningene dine. Du har også rett til å klage til Datatilsynet.\n\n"
    "## Om oss\n\nVi har 40 ansatte og kontorer i 3 byer.\n"
)

for (
    code,
    doc,
    d_old,
    d_new,
    vendor,
    row_after,
    row_new,
    row_del,
    loc,
    ret,
    reword,
    dpo,
    addr,
    health,
    gov,
    ai,
    lb,
    right,
    extra_reword,
) in [
    (
        "da",
        DA,
        "10. marts 2024",
        "2. juni 2025",
        ("Vi bruger Mailchimp", "Vi bruger Mailchimp og HubSpot"),
        "| Visma A/S |",
        "| Intercom Inc. | Chat | USA |\n",
        "| Zendesk Inc. | Kundeservice | USA |\n",
        ("| Bogføring | Danmark |", "| Bogføring | Indien |"),
        ("24 måneder", "36 måneder"),
        ("Vi opbevarer dine oplysninger i 24 måneder", "Dine oplysninger opbevares i 24 måneder"),
        ("Mette Hansen", "Lars Jensen"),
        ("Vesterbrogade 12, 1620 København V", "Strandvejen 100, 2900 Hellerup"),
        ("og købshistorik.", "købshistorik og helbredsoplysninger."),
        ("navn, e-mailadresse", "navn, CPR-nummer, e-mailadresse"),
        ("med dit samtykke.", "med dit samtykke. Vi bruger også oplysningerne til at træne vores AI-modeller."),
        ("med dit samtykke", "på grundlag af vores legitime interesse"),
        ("indsigt, berigtigelse og sletning", "indsigt og berigtigelse"),
        ("Vi indsamler navn", "Vi indsamler dit navn"),
    ),
    (
        "nb",
        NB,
        "10. mars 2024",
        "2. juni 2025",
        ("Vi bruker Mailchimp", "Vi bruker Mailchimp og HubSpot"),
        "| Tripletex AS |",
        "| Intercom Inc. | Chat | USA |\n",
        "| Zendesk Inc. | Kundeservice | USA |\n",
        ("| Regnskap | Norge |", "| Regnskap | India |"),
        ("24 måneder", "36 måneder"),
        ("Vi lagrer opplysningene dine i 24 måneder", "Opplysningene dine lagres i 24 måneder"),
        ("Kari Nordmann", "Ola Hansen"),
        ("Karl Johans gate 12, 0154 Oslo", "Storgata 5, 0155 Oslo"),
        ("og kjøpshistorikk.", "kjøpshistorikk og helseopplysninger."),
        ("navn, e-postadresse", "navn, fødselsnummer, e-postadresse"),
        ("med ditt samtykke.", "med ditt samtykke. Vi bruker også opplysningene til å trene våre KI-modeller."),
        ("med ditt samtykke", "på grunnlag av vår berettigede interesse"),
        ("innsyn, retting og sletting", "innsyn og retting"),
        ("Vi samler inn navn", "Vi samler inn ditt navn"),
    ),
]:
    CASES += [
        (f"{code} date", doc, doc.replace(d_old, d_new), has("last_updated_changed", level="minor")),
        (f"{code} prose vendor", doc, doc.replace(*vendor), has("processor_added")),
        (f"{code} row added", doc, doc.replace(row_after, row_new + row_after), has("processor_added")),
        (f"{code} row removed", doc, doc.replace(row_del, ""), has("processor_removed")),
        (f"{code} location", doc, doc.replace(*loc), material),
        (f"{code} retention", doc, doc.replace(*ret), has("retention_changed")),
        (f"{code} retention reword", doc, doc.replace(*reword), not_material),
        (f"{code} dpo", doc, doc.replace(*dpo), has("contact_changed")),
        (f"{code} address", doc, doc.replace(*addr), has("contact_changed")),
        (f"{code} health", doc, doc.replace(*health), has("data_category_added")),
        (f"{code} gov id", doc, doc.replace(*gov), has("data_category_added")),
        (f"{code} ai", doc, doc.replace(*ai), material),
        (f"{code} legal basis", doc, doc.replace(*lb), has("legal_basis_changed")),
        (f"{code} right removed", doc, doc.replace(*right), material),
        (f"{code} reword", doc, doc.replace(*extra_reword), not_material),
        (f"{code} headcount", doc, doc.replace("40 ansatte", "45 ansatte"), not_material),
        (f"{code} gdpr cite", doc, doc.replace("(EU) 2016/679", "(EU) 2016/679 (GDPR)"), not_material),
        (
            f"{code} denial",
            doc,
            doc.replace(
                "## Om o",
                "Vi sælger ikke dine personoplysninger.\n\n## Om o"
                if code == "da"
                else "Vi selger ikke personopplysningene dine.\n\n## Om o",
            ),
            not_material,
        ),
    ]


CASES += P


@pytest.mark.parametrize("name, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_edits_in_swedish_polish_danish_and_norwegian(name, old, new, expected):
    judged(old, new, expected, language=name[:2])


def judged(old: str, new: str, expected, language: str | None) -> None:
    """Compares two Markdown versions read in ``language`` and checks the level and kinds."""
    old_policy, new_policy = policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")
    assert old_policy.language == new_policy.language == language
    result = compare(old_policy, new_policy)
    kinds = [e.type for e in result.events]
    assert expected(result.level, kinds), [(e.type, e.level, e.fields) for e in result.events]


# Japanese, Chinese and Korean have no language file: read in none, a page's structure, dates, numbers,
# lists and vendors still tell substance from wording. Han and kana are words of one character.
JA = (
    "# プライバシーポリシー\n\n最終更新日：2025年3月10日\n\n## 個人情報の取扱事業者\n\n株式会社サンプル（東京都千代田区丸の内1-1-1）\nお問い合わせ：privacy@sample.co.jp\n\n"
    "## 委託先\n\n| 委託先 | 目的 | 所在国 |\n|---|---|---|\n| Amazon Web Services, Inc. | ホスティング | 米国 |\n| Zendesk, Inc. | カスタマーサポート | 米国 |\n\n"
    "## 保存期間\n\n当社は、お客様の個人情報を契約終了後5年間保存します。\n\n## お客様の権利\n\nお客様は、個人情報の開示、訂正、削除を請求することができます。\n"
)
ZH = (
    "# 隐私政策\n\n最后更新日期：2025年3月10日\n\n## 我们如何共享您的信息\n\n| 受托方 | 目的 | 国家 |\n|---|---|---|\n| Amazon Web Services, Inc. | 托管 | 美国 |\n| Zendesk, Inc. | 客户支持 | 美国 |\n\n"
    "## 保存期限\n\n我们将在合同终止后保存您的个人信息5年。\n\n## 联系我们\n\n电子邮件：privacy@example.cn\n"
)
KO = (
    "# 개인정보 처리방침\n\n최종 수정일: 2025년 3월 10일\n\n## 개인정보 처리 위탁\n\n| 수탁자 | 위탁 업무 | 국가 |\n|---|---|---|\n| Amazon Web Services, Inc. | 호스팅 | 미국 |\n| Zendesk, Inc. | 고객 지원 | 미국 |\n\n"
    "## 보유 기간\n\n회사는 계약 종료 후 5년간 개인정보를 보관합니다.\n\n## 문의처\n\n이메일: privacy@example.kr\n"
)

# Romanian has no language file either, and writes English-looking names ("Google Ireland Limited",
# "date cu caracter personal"): no language is read into it.
RO = (
    "# Politica de confidențialitate\n\nUltima actualizare: 10 martie 2025\n\n## Operatorul de date\n\n"
    "Operatorul datelor cu caracter personal este Brădet Shop S.R.L., Strada Horea nr. 15, 400015 Cluj-Napoca.\n\n"
    "## Destinatari\n\nDatele pot fi transmise către: Curier Rapid S.R.L. (livrare), Plăți Sigure S.A. (plăți) și "
    "Google Ireland Limited (analiză trafic).\n\n## Durata stocării\n\nDatele privind comenzile sunt păstrate timp de "
    "10 ani, conform legislației financiar-contabile.\n\n## Drepturile dumneavoastră\n\nAveți dreptul de acces, "
    "rectificare și ștergere.\n"
)

# Hungarian: dates year first with the month's name, and a list whose conjunction is of no file.
HU = (
    "# Adatvédelmi tájékoztató\n\nHatályos: 2025. március 10.\n\n## Az adatkezelő\n\nAz adatkezelő a Tölgyfa "
    "Informatikai Kft. (székhely: 1051 Budapest, Nádor utca 12.).\n\n## Adatfeldolgozók\n\nAz alábbi "
    "adatfeldolgozókat vesszük igénybe: Fenyves Tárhely Zrt. (tárhely), Számla Pont Kft. (számlázás) és Google "
    "Ireland Limited (webanalitika).\n\n## Megőrzési idő\n\nA számlákat a számviteli törvény alapján 8 évig "
    "őrizzük meg.\n"
)

WITHOUT_A_FILE = [
    ("hu date", HU, HU.replace("2025. március 10.", "2025. június 2."), has("last_updated_changed", level="minor")),
    (
        "hu vendor removed",
        HU,
        HU.replace("Fenyves Tárhely Zrt. (tárhely), ", ""),
        lambda level, kinds: kinds.count("processor_removed") == 1,
    ),
    ("ro date", RO, RO.replace("10 martie 2025", "2 iunie 2025"), not_material),
    ("ro vendor removed", RO, RO.replace("Curier Rapid S.R.L. (livrare), ", ""), has("processor_removed")),
    (
        "ro vendor added",
        RO,
        RO.replace("(plăți) și", "(plăți), Nor Stocare S.R.L. (găzduire) și"),
        has("processor_added"),
    ),
    ("ro retention", RO, RO.replace("10 ani", "12 ani"), material),
    ("ro reword", RO, RO.replace("Aveți dreptul de acces", "Aveți oricând dreptul de acces"), not_material),
    ("ja date", JA, JA.replace("2025年3月10日", "2025年6月1日"), has("last_updated_changed", level="minor")),
    (
        "ja row added",
        JA,
        JA.replace("| Zendesk, Inc. |", "| Salesforce, Inc. | CRM | 米国 |\n| Zendesk, Inc. |"),
        has("processor_added"),
    ),
    ("ja row removed", JA, JA.replace("| Zendesk, Inc. | カスタマーサポート | 米国 |\n", ""), has("processor_removed")),
    ("ja retention", JA, JA.replace("5年間", "10年間"), material),
    ("ja right removed", JA, JA.replace("開示、訂正、削除", "開示、訂正"), material),
    ("ja right added", JA, JA.replace("開示、訂正、削除", "開示、訂正、削除、利用停止"), material),
    (
        "ja vendor in a new section",
        JA,
        JA.replace(
            "## 保存期間",
            "## アクセス解析\n\n当社はGoogle Analyticsを利用して、お客様の閲覧情報を収集しています。\n\n## 保存期間",
        ),
        material,
    ),
    ("ja reword", JA, JA.replace("請求することができます", "求めることができます"), not_material),
    ("ja synonym", JA, JA.replace("保存します", "保管します"), not_material),
    (
        "ja pointer added",
        JA,
        JA.replace("削除を請求することができます。", "削除を請求することができます。詳しくは下記をご覧ください。"),
        not_material,
    ),
    ("ja copyright", JA + "\n© 2024 株式会社サンプル\n", JA + "\n© 2025 株式会社サンプル\n", not_material),
    ("zh date", ZH, ZH.replace("2025年3月10日", "2025年6月1日"), has("last_updated_changed", level="minor")),
    (
        "zh row added",
        ZH,
        ZH.replace("| Zendesk, Inc. |", "| Salesforce, Inc. | CRM | 美国 |\n| Zendesk, Inc. |"),
        has("processor_added"),
    ),
    ("zh retention", ZH, ZH.replace("5年", "10年"), material),
    (
        "zh reword",
        ZH,
        ZH.replace("我们将在合同终止后保存您的个人信息5年。", "合同终止后，我们会将您的个人信息保存5年。"),
        not_material,
    ),
    ("ko date", KO, KO.replace("2025년 3월 10일", "2025년 6월 1일"), has("last_updated_changed", level="minor")),
    (
        "ko row added",
        KO,
        KO.replace("| Zendesk, Inc. |", "| Salesforce, Inc. | CRM | 미국 |\n| Zendesk, Inc. |"),
        has("processor_added"),
    ),
    ("ko retention", KO, KO.replace("5년간", "10년간"), material),
    ("ko reword", KO, KO.replace("개인정보를 보관합니다", "개인정보를 보존합니다"), not_material),
]


@pytest.mark.parametrize("name, old, new, expected", WITHOUT_A_FILE, ids=[c[0] for c in WITHOUT_A_FILE])
def test_edits_in_languages_without_a_file(name, old, new, expected):
    judged(old, new, expected, language=None)


def test_a_sentence_without_spaces_is_no_lone_word():
    """Page furniture is a paragraph of one or two words ("Print"); a Japanese sentence holds no space."""
    from policywatch.monitor.lang import word_count

    assert word_count("Print") == 1
    assert word_count("お客様は、個人情報の開示を請求することができます。") > 10


SEED_DIR = Path(__file__).parent / "fixtures" / "seeds"
SEED_TYPES = {".md": "text/markdown", ".txt": "text/plain", ".html": "text/html"}


def _scenarios(name: str) -> list[dict]:
    return yaml.safe_load((Path(__file__).parent / "fixtures" / name).read_text(encoding="utf-8"))


def check_scenario(scenario: dict) -> None:
    """A seed's scenario, exact: every expected event, no other, and the level. The seed's suffix
    says how it is read, as a fetched page of that type would be."""
    seed = SEED_DIR / scenario["seed"]
    old_text = seed.read_text(encoding="utf-8")
    new_text = apply_edits(old_text, scenario["edits"])
    kind = SEED_TYPES[seed.suffix]
    result = compare(policy_from_text(old_text, kind), policy_from_text(new_text, kind)).to_json()
    expect = scenario["expect"]
    events = result["events"]
    for wanted in expect["events"]:
        assert any(matches(e, wanted) for e in events), f"missing {wanted}; got {events}"
    assert not unexpected(events, expect), events
    assert result["level"] == expect["level"], events


MORE_SCENARIOS = _scenarios("scenarios_more_languages.yaml")
WHOLE_POLICIES = _scenarios("scenarios_whole_policies.yaml")


@pytest.mark.parametrize("scenario", MORE_SCENARIOS, ids=[s["id"] for s in MORE_SCENARIOS])
def test_scenario_on_a_swedish_or_polish_seed(scenario):
    """The scenarios of the English, Dutch and German seeds (date bump, processor added and removed,
    retention, contacts, transfers, legal bases, reflowed bullets ...), exact, on pages in two of the
    languages added by data."""
    check_scenario(scenario)


@pytest.mark.parametrize("scenario", WHOLE_POLICIES, ids=[s["id"] for s in WHOLE_POLICIES])
def test_scenario_on_a_whole_policy(scenario):
    """Every kind of edit, and its look-alikes, exact, on whole policies in Spanish, Italian, German,
    French, Dutch, Portuguese (Brazil and Portugal), Danish, Norwegian, Swedish and English, and one
    in Turkish (no language file), read from Markdown, plain text and HTML (Spain's two-layer notice,
    an Italian generator's policy, sub-processor lists in six languages, a US notice's CCPA table
    and a word processor's export among them)."""
    check_scenario(scenario)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Administratorem danych jest Przykład Sp. z o.o. z siedzibą w Poznaniu.", ["Przykład Sp. z o.o."]),
        ("Eksempel AS, Karl Johans gate 12, 0154 Oslo, er behandlingsansvarlig.", ["Eksempel AS"]),
        ("Správcem je Příklad s.r.o., Václavské náměstí 1, Praha.", ["Příklad s.r.o."]),
        ("Acme acts as the controller of your data.", []),
        ("THE SERVICES ARE PROVIDED AS IS AND AS AVAILABLE. PLEASE CONTACT US AS SOON AS POSSIBLE.", []),
    ],
)
def test_legal_forms_of_more_countries_name_a_company(sentence, expected):
    """Polish "sp. z o.o.", Norwegian "AS", Czech "s.r.o." end a company's name; English "as" does
    not, nor "AS" in a disclaimer written in capitals."""
    from policywatch.monitor.facts.contacts import organisations

    assert organisations(sentence) == expected


@pytest.mark.parametrize(
    "old, new, countries",
    [
        (  # "Dane" (data) stems as Denmark ("Dania") does: a word of the language, no country
            "Dane przechowujemy na serwerach w Polsce.",
            "Dane przechowujemy na serwerach w Polsce. Dane są szyfrowane.",
            [],
        ),
        (
            "Dane przechowujemy na serwerach w Polsce.",
            "Dane przechowujemy na serwerach w Polsce i w Irlandii.",
            ["Ireland"],
        ),
    ],
)
def test_a_country_is_read_from_its_declined_name_not_from_a_word_that_stems_alike(old, new, countries):
    page = "# Polityka prywatności\n\n## Przekazywanie danych poza EOG\n\n{}\n"
    result = compare(
        policy_from_text(page.format(old), "text/markdown"), policy_from_text(page.format(new), "text/markdown")
    )
    added = [c for e in result.events if e.type == "transfer_changed" for c in e.fields.get("added", [])]
    assert added == countries, [(e.type, e.fields) for e in result.events]
    assert (result.level == "material") == bool(countries), [(e.type, e.fields) for e in result.events]


BILINGUAL = (
    "# Datenschutzerklärung\n\nWir verarbeiten personenbezogene Daten, um unseren Dienst zu erbringen und Ihre Fragen "
    "zu beantworten. Wir verkaufen Ihre Daten nicht.\n\n## Speicherdauer\n\nServer-Logs werden nach 14 Tagen "
    "automatisch gelöscht. Rechnungen bewahren wir zehn Jahre auf.\n\n# Privacy policy (English)\n\n"
    "This English version of our privacy policy is provided for your convenience.\n\n## Sharing\n\n"
    "{}\n"
)


@pytest.mark.parametrize(
    "old, new, level",
    [
        # the English half of a German page: read in English
        (
            "We do not sell your personal data to anyone.",
            "We sell your personal data to our advertising partners.",
            ("material",),
        ),
        (
            "We do not sell your personal data to anyone.",
            "We never sell your personal data to anyone at all.",
            ("none", "minor"),
        ),
    ],
)
def test_a_section_in_another_language_than_its_page_is_read_in_its_own(old, new, level):
    """A page that gives its policy in German and then in English: a change in the English half is
    judged in English (a negation dropped is a negation dropped), not with the German words."""
    result = compare(
        policy_from_text(BILINGUAL.format(old), "text/markdown"),
        policy_from_text(BILINGUAL.format(new), "text/markdown"),
    ).to_json()
    assert result["level"] in level, result["events"]


BILINGUAL_FACTS = """# Datenschutzerklärung

## Verantwortlicher

Verantwortlich für die Datenverarbeitung auf dieser Website ist die Bergblick Reisen GmbH, Talstraße 5,
87561 Oberstdorf. Sie erreichen uns unter info@bergblick.example.

## Speicherdauer

Wir speichern Ihre Buchungsdaten für die Dauer von zehn Jahren, weil das Handelsrecht und das Steuerrecht
dies vorschreiben. Danach werden die Daten gelöscht, sofern Sie nicht in eine längere Speicherung eingewilligt haben.

# Privacy Policy (English)

## Controller

The controller for the processing of data on this website is Bergblick Reisen GmbH, Talstraße 5,
87561 Oberstdorf. You can reach us at info@bergblick.example.

## Retention

We keep your booking data for ten years because commercial and tax law require this. After that the data
is deleted, unless you have agreed to a longer storage period with us in writing.

## Service providers

We use Hetzner Online GmbH to host this website and the booking system, and we send our newsletter through
Mailchimp, which stores the e-mail addresses of the people who subscribe to it.
"""


def test_each_part_of_a_bilingual_page_has_its_facts_read_in_its_own_language():
    """A page that gives its policy in German and then in English is read as English (the longer
    part); the German part's facts are still read in German: its period changing is a retention
    change, not only a section reworded."""
    old = policy_from_text(BILINGUAL_FACTS, "text/markdown")
    assert old.language == "en"
    assert {(r.period, r.section) for r in old.facts["retention"]} == {
        ("10 years", "Speicherdauer"),
        ("10 years", "Retention"),
    }
    new = BILINGUAL_FACTS.replace("für die Dauer von zehn Jahren", "für die Dauer von fünfzehn Jahren")
    result = compare(old, policy_from_text(new, "text/markdown")).to_json()
    assert [(e["type"], e["old"], e["new"]) for e in result["events"] if e["type"] == "retention_changed"] == [
        ("retention_changed", "10 years", "15 years")
    ], result["events"]


def test_a_short_section_is_read_in_its_pages_language():
    """A section of a few words (a table of vendors, a heading and a line) says too little to be
    read in another language than its page's."""
    from policywatch.monitor.facts import section_language
    from policywatch.monitor.policy import Block, Section

    section = Section("Hosting", 2, (), [Block("para", "Hetzner Online GmbH, Germany. AWS EMEA SARL, Luxembourg.")])
    assert section_language(section, "de") == "de"


@pytest.mark.parametrize(
    "title, intro, labels, places",
    [
        (
            "Underbiträden",
            "Vi anlitar följande företag för att kunna leverera tjänsten till dig.",
            ("Syfte", "Plats för behandling"),
            ("Sverige", "USA"),
        ),
        (
            "Underdatabehandlere",
            "Vi benytter følgende virksomheder, som behandler personoplysninger på vores vegne, for at kunne levere "
            "tjenesten. De har alle indgået en skriftlig aftale med os, og de må kun behandle oplysningerne efter "
            "vores instruks.",
            ("Formål", "Land"),
            ("Danmark", "USA"),
        ),
        (
            "Underdatabehandlere",
            "Vi bruker følgende selskaper for å kunne levere tjenesten til deg og dine kolleger.",
            ("Formål", "Land"),
            ("Norge", "USA"),
        ),
        (
            "Sub-responsabili del trattamento",
            "Ci avvaliamo delle seguenti società per fornirti il servizio.",
            ("Finalità", "Paese"),
            ("Italia", "Stati Uniti"),
        ),
        (
            "Subprocessadores",
            "Recorremos às seguintes empresas para lhe prestar o serviço.",
            ("Finalidade", "País"),
            ("Portugal", "Estados Unidos"),
        ),
        (
            "Podwykonawcy",
            "Korzystamy z usług następujących firm, aby świadczyć dla Ciebie naszą usługę.",
            ("Cel", "Kraj"),
            ("Polska", "Stany Zjednoczone"),
        ),
    ],
)
def test_a_page_titled_with_the_sub_processor_word_lists_the_vendors_under_it(title, intro, labels, places):
    """A page that names only its sub-processors ("Underbiträden", "Podwykonawcy") in its headings,
    one heading per vendor over labelled details, lists every vendor where it is processed."""
    vendor = "### {}\n\n**{}:** {}\n\n**{}:** {}\n\n"
    purpose, place = labels
    page = (
        f"# {title}\n\n{intro}\n\n## {title}\n\n"
        + vendor.format("Norrsken Drift AB", purpose, "Hosting", place, places[0])
        + vendor.format("Zendesk, Inc.", purpose, "Support", place, places[1])
    )
    policy = policy_from_text(page, "text/markdown")
    assert policy.language is not None
    found = {p.name: p.location for p in policy.facts["processors"] if p.listed}
    assert set(found) == {"Norrsken Drift AB", "Zendesk, Inc."}
    assert all(found.values())
