"""Languages are data: one file per language holds every word the analysis reads, a new language
needs no code, and Spanish and Italian read like the others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from policywatch.monitor.compare import build_policy
from policywatch.monitor.facts.contacts import roles
from policywatch.monitor.facts.dates import read_own_date
from policywatch.monitor.facts.retention import extract_retention
from policywatch.monitor.lang import WORD, add_language_file, all_languages, detect_language, remove_language_file
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
    assert files == ["de", "en", "es", "fr", "it", "nl"]
    for lang in all_languages():
        missing = [key for key in KEYS if not lang.data.get(key)]
        assert not missing, (lang.code, missing)


PORTUGUESE = """code: pt
name: Português
stemmer: portuguese
stopwords: [o, a, os, as, e, de, do, da, dos, das, em, que, para, com, por, seus, suas, dados, pessoais, não, um, uma]
months: {1: [janeiro], 2: [fevereiro], 3: [março], 4: [abril], 5: [maio], 6: [junho], 7: [julho], 8: [agosto],
         9: [setembro], 10: [outubro], 11: [novembro], 12: [dezembro]}
date_order: dmy
date_anchors: [última atualização, atualizado em, em vigor desde]
number_words: {um: 1, dois: 2, três: 3, cinco: 5, dez: 10}
units: {days: [dia, dias], months: [mês, meses], years: [ano, anos]}
retention_words: [conservar, conservamos, conservados, eliminar, eliminados, apagar]
"""


def test_a_new_language_is_added_by_data_alone(tmp_path):
    path = tmp_path / "pt.yaml"
    path.write_text(PORTUGUESE, encoding="utf-8")
    add_language_file(path)
    try:
        text = (
            "Política de privacidade\n\nÚltima atualização: 3 de março de 2026\n\n"
            "Conservamos os seus dados pessoais durante cinco anos após o fim do contrato, e depois "
            "os dados são eliminados de forma segura por nós e pelos nossos parceiros.\n"
        )
        read = policy(text)
        assert read.language == "pt"
        assert read.facts["last_updated"].iso == "2026-03-03"
        assert [r.period for r in read.facts["retention"]] == ["5 years"]
    finally:
        remove_language_file(path)
    assert "pt" not in {lang.code for lang in all_languages()}


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
    ],
)
def test_spanish_and_italian_dates(line, expected):
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
    ],
)
def test_spanish_and_italian_retention(sentence, lang, period):
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
    ],
)
def test_spanish_and_italian_role_words(text, lang, role):
    assert role in roles(text, lang)


def test_spanish_and_italian_are_detected():
    assert detect_language("Tratamos sus datos personales para las finalidades descritas en esta política " * 3) == "es"
    assert (
        detect_language("Trattiamo i tuoi dati personali per le finalità descritte in questa informativa " * 3) == "it"
    )


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
