"""The policy's own date in six languages: anchored phrasings near the top or bottom, day/month order
from the date's shape or the language, month-and-year as YYYY-MM, and distractor dates never read."""

from __future__ import annotations

import pytest

from policywatch.monitor.compare import compare
from policywatch.monitor.documents import policy_from_text
from policywatch.monitor.facts.dates import read_own_date

BODY = (
    "We process the personal data described in this policy for the purposes it sets out, "
    "and we keep it only as long as needed."
)


def own_date(line: str, *, at_end: bool = False) -> str | None:
    parts = ["Privacy policy", BODY, BODY] + ([line] if at_end else [])
    if not at_end:
        parts.insert(1, line)
    found = read_own_date(policy_from_text("\n\n".join(parts) + "\n"))
    return found.iso if found else None


DATES = [
    # English: month first, ordinals, ISO, day first
    ("Last updated: May 20th, 2026", "2026-05-20"),
    ("Effective date: 2024-09-15", "2024-09-15"),
    ("Updated on: 07/21/2022", "2022-07-21"),  # month/day: 21 cannot be a month
    ("This Privacy Policy applies from 29/04/2022.", "2022-04-29"),  # day/month: 29 cannot be a month
    ("Last revised on the 3rd of March, 2025", "2025-03-03"),
    ("Effective as of 1 January 2026", "2026-01-01"),
    ("Last Updated: October 2025", "2025-10"),  # month and year only
    ("Last updated: 02.06.2025", "2025-06-02"),  # dots: day first, in an English page of a European firm
    ("Last updated: 02/06/2025", "2025-02-06"),  # slashes: as English writes them
    ("Rev. 2025-03-04", "2025-03-04"),  # a revision, written short
    ("Revision: 14 May 2025", "2025-05-14"),
    # French
    ("Dernière mise à jour : le 01/10/2024", "2024-10-01"),  # day first
    ("En vigueur au 13 décembre 2024", "2024-12-13"),
    ("Date de dernière mise à jour 1er janvier 2025.", "2025-01-01"),  # ordinal
    ("Version de juin 2025", "2025-06"),
    ("Date de dernière révision : 10/02/2025", "2025-02-10"),  # the French anchor is nearer than "Date"
    # German
    ("Zuletzt aktualisiert am 24. März 2025", "2025-03-24"),
    ("Stand: 01.02.2024", "2024-02-01"),
    ("Gültig ab 13. November 2023", "2023-11-13"),
    ("Diese Datenschutzerklärung wurde zuletzt am 03.11.2025 aktualisiert.", "2025-11-03"),  # verb-final
    ("Stand: 11/2025", "2025-11"),  # numeric month and year
    ("Diese Datenschutzerklärung gilt ab dem 1. Januar 2025.", "2025-01-01"),
    ("Letzte Überarbeitung: 12.02.2025", "2025-02-12"),
    ("Datenschutzerklärung vom 3. Mai 2024", "2024-05-03"),
    # Dutch
    ("Laatst bijgewerkt op 3 maart 2026", "2026-03-03"),
    ("Versie van 12 januari 2024", "2024-01-12"),
    ("Van kracht vanaf 05-06-2025", "2025-06-05"),
    ("Deze privacyverklaring is op 3 november 2025 bijgewerkt.", "2025-11-03"),
    # Spanish
    ("Última actualización: 3 de marzo de 2026", "2026-03-03"),
    ("Fecha de entrada en vigor: 01/04/2024", "2024-04-01"),
    ("Revisado el 3 de mayo de 2024", "2024-05-03"),
    # Italian
    ("Ultimo aggiornamento: 12 settembre 2025", "2025-09-12"),
    ("In vigore dal 1° gennaio 2025", "2025-01-01"),
    ("Informativa aggiornata a febbraio 2026", "2026-02"),
]


@pytest.mark.parametrize("line, expected", DATES)
def test_anchored_dates_in_six_languages(line, expected):
    assert own_date(line) == expected


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Hatályos: 2025. március 10.", "2025-03-10"),  # Hungarian: year first
        ("Ultima actualizare: 10 martie 2025", "2025-03-10"),  # Romanian
        ("Son güncelleme: 2 Haziran 2025", "2025-06-02"),  # Turkish
        ("Ažurirano: 5. svibnja 2025.", "2025-05-05"),  # Croatian
    ],
)
def test_dates_in_languages_without_a_file_are_dates(text, iso):
    """A page in a language without a file still writes its dates with month names dateparser
    knows: a date moved there is a date, never a changed number."""
    from policywatch.monitor.facts.dates import find_dates

    assert [d.iso(True) for d in find_dates(text)] == [iso]


def test_a_date_at_the_bottom_is_read_too():
    assert own_date("This policy was last revised and amended on October 19, 2023.", at_end=True) == "2023-10-19"


@pytest.mark.parametrize(
    "line",
    [
        "UK adequacy decision, valid until 27 December 2031",
        "Since 1 January 2027 this service is run by a new company.",
        "General Data Protection Regulation (Regulation EU 2016/679)",
        "© 2025 Example Ltd. All rights reserved.",
        "We will notify you by updating the “Last Updated” date at the top of this policy.",
        "We keep invoices for 7 years and respond within 30 days.",
        "Cookies set on 12/03/2024 expire after one year.",
        "Die Frist endet am 31. Dezember 2030.",
        "Regulation (EU) 2016/679, Article 6(1)(f), Directive 95/46/EC",
        "Version 2.1 of the SDK, 12/2025 builds excluded, applies to apps built before 1/2026.",
    ],
)
def test_distractor_dates_are_not_read(line):
    assert own_date(line) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Sist oppdatert 01.03.26", "2026-03-01"),
        ("Updated: 3/1/26", "2026-03-01"),
        ("Stand: 15.02.26", "2026-02-15"),
        # a version's number and a short numeric date with no anchor are no date
        ("Version 1.2.26", None),
        ("Call us on 01.02.26 between nine and five.", None),
    ],
)
def test_a_two_digit_year_right_after_an_anchor(line, expected):
    """ "Sist oppdatert 01.03.26": a two-digit year is read as the page's date only right after an
    anchor that is no version's."""
    assert own_date(line) == expected


def test_an_anchor_without_a_date_does_not_stop_the_search():
    text = "We update the “Last Updated” date when we change this policy.\n\nLast updated: 2 March 2026"
    assert own_date(text) == "2026-03-02"


def test_a_short_line_whose_only_change_is_its_date_gives_both_dates():
    """The differential reading: no anchor the language files know, but only the date changed."""
    old = f"Privacy policy\n\nRevision of 4 May 2025 (see archive)\n\n{BODY}\n\n{BODY}\n"
    new = old.replace("4 May 2025", "9 June 2026")
    events = compare(policy_from_text(old), policy_from_text(new)).to_json()["events"]
    assert {"type": "last_updated_changed", "level": "minor", "old": "2025-05-04", "new": "2026-06-09"} in events


def test_the_same_date_written_another_way_is_no_change():
    old = f"Cookie policy\n\nUpdated: December 1, 2025\n\n{BODY}\n"
    new = old.replace("December 1, 2025", "1 December 2025")
    assert compare(policy_from_text(old), policy_from_text(new)).to_json()["level"] == "none"


@pytest.mark.parametrize(
    "title, line, old, new, iso",
    [
        ("Gizlilik Politikası", "Son güncelleme: {}", "10 Mart 2024", "2 Haziran 2025", "2025-06-02"),
        (
            "Zásady ochrany osobních údajů",
            "Poslední aktualizace: {}",
            "10. března 2024",
            "2. června 2025",
            "2025-06-02",
        ),
        ("Politica de confidențialitate", "Ultima actualizare: {}", "10 martie 2024", "2 iunie 2025", "2025-06-02"),
        ("プライバシーポリシー", "最終更新日：{}", "2025年3月3日", "2025年7月14日", "2025-07-14"),
        ("隐私政策", "更新日期：{}", "2025年3月3日", "2025年7月14日", "2025-07-14"),
        ("개인정보 처리방침", "최종 수정일: {}", "2025년 3월 3일", "2025년 7월 14일", "2025-07-14"),
        ("Tietosuojaseloste", "Päivitetty viimeksi: {}", "10.3.2024", "2.6.2025", "2025-06-02"),
    ],
)
def test_the_own_date_of_a_page_in_a_language_without_a_file(title, line, old, new, iso):
    """No language file knows these anchors or months: the line that changed only by its date, read
    with dateparser, gives the date, and the change is the minor date move, not a new number."""
    body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6

    def page(date: str) -> str:
        return f"# {title}\n\n{line.format(date)}\n\n## 1\n\n{body}\n\n## 2\n\n{body}\n"

    result = compare(
        policy_from_text(page(old), "text/markdown"), policy_from_text(page(new), "text/markdown")
    ).to_json()
    assert result["level"] == "minor", result["events"]
    assert [(e["type"], e["new"]) for e in result["events"] if e["type"] == "last_updated_changed"] == [
        ("last_updated_changed", iso)
    ]


@pytest.mark.parametrize(
    "label, date, expected",
    [
        ("Date de dernière révision :", "10/02/2025", "2025-02-10"),
        ("Fecha de la última actualización:", "10/02/2025", "2025-02-10"),
        ("Last updated", "March 3, 2025", "2025-03-03"),
    ],
)
def test_a_label_of_a_few_words_on_the_line_above_its_date(label, date, expected):
    """The label's anchor may follow a few words of its own ("Date de", "Fecha de la")."""
    assert own_date(f"{label}\n{date}") == expected


@pytest.mark.parametrize(
    "markup",
    [
        "<div class='updated'><span>Last updated</span><span>{}</span></div>",
        "<p><strong>Effective</strong><time>{}</time></p>",
    ],
)
def test_a_date_glued_to_its_label_by_the_markup_is_the_own_date(markup):
    """A label and a date in two elements side by side are extracted without a space between them
    ("Last updatedMarch 1, 2025"); the change of that date alone is no change of the text."""
    body = "<h2>What we collect</h2><p>We collect your name and email address to provide the service.</p>"

    def page(day: str) -> str:
        return f"<html><body><main><h1>Privacy Policy</h1>{markup.format(day)}{body}</main></body></html>"

    result = compare(
        policy_from_text(page("March 1, 2025"), "text/html"), policy_from_text(page("April 15, 2025"), "text/html")
    )
    assert result.level == "minor", [e.to_json() for e in result.events]
    [changed] = [e.fields for e in result.events if e.type == "last_updated_changed"]
    assert (changed["old"], changed["new"]) == ("2025-03-01", "2025-04-15")


@pytest.mark.parametrize("text", ["the remarch 1, 2025 event", "see smarch 3, 2024"])
def test_a_month_name_ending_a_lowercase_word_is_no_date(text):
    from policywatch.monitor.facts.dates import find_dates

    assert find_dates(text) == []


VERSION_TABLE = """# Privacy policy

{body}

## Document history

| {version} | {date} | Changes |
| --- | --- | --- |
{rows}
"""


@pytest.mark.parametrize(
    "version, date, rows, iso",
    [
        (
            "Version",
            "Date",
            ["| 2.0 | 12 March 2025 | AI features |", "| 1.0 | 1 January 2024 | First |"],
            "2025-03-12",
        ),
        (
            "Version",
            "Date",
            ["| 1.0 | 1 January 2024 | First |", "| 2.0 | 12 March 2025 | AI features |"],
            "2025-03-12",
        ),
        (
            "Versie",
            "Datum",
            ["| 3 | 4 november 2025 | Bewaartermijnen |", "| 2 | 2 juni 2025 | Eerste |"],
            "2025-11-04",
        ),
        (
            "Sub-processor",
            "Date added",
            ["| Stripe | 12 March 2025 | new |", "| Intercom | 1 January 2024 | new |"],
            None,
        ),
    ],
)
def test_the_newest_row_of_a_version_table_is_the_own_date(version, date, rows, iso):
    """A table of the document's versions dates it by its newest row, listed first or last; a table
    that dates other things (when a sub-processor was added) does not."""
    text = VERSION_TABLE.format(body=BODY, version=version, date=date, rows="\n".join(rows))
    found = read_own_date(policy_from_text(text, "text/markdown"))
    assert (found.iso if found else None) == iso


def test_a_version_added_to_the_history_table_is_a_new_own_date():
    rows = ["| 2.0 | 12 March 2025 | AI features |", "| 1.0 | 1 January 2024 | First |"]
    old = VERSION_TABLE.format(body=BODY, version="Version", date="Date", rows="\n".join(rows))
    new = VERSION_TABLE.format(
        body=BODY, version="Version", date="Date", rows="\n".join(["| 2.1 | 4 November 2025 | Retention |", *rows])
    )
    result = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()
    dated = [e for e in result["events"] if e["type"] == "last_updated_changed"]
    assert dated and dated[0]["new"] == "2025-11-04" and result["level"] == "minor", result["events"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Effective date: January 1, 2024. Last updated: March 5, 2024.", "2024-03-05"),
        ("Effective Date: January 1, 2024\n\nLast Updated: March 5, 2024", "2024-03-05"),
        ("Last updated: March 5, 2024. Effective date: April 1, 2024.", "2024-03-05"),
        ("En vigueur au 1er janvier 2024. Dernière mise à jour : 5 mars 2024.", "2024-03-05"),
        ("Gültig ab 01.01.2024. Zuletzt aktualisiert am 05.03.2024.", "2024-03-05"),
        ("Entrada en vigor: 1 de enero de 2024. Última actualización: 5 de marzo de 2024.", "2024-03-05"),
        # the date it takes effect alone is the own date, as before
        ("Effective date: January 1, 2024.", "2024-01-01"),
        ("En vigueur au 13 décembre 2024", "2024-12-13"),
    ],
)
def test_the_last_update_outranks_the_date_a_text_takes_effect(line, expected):
    """US policies open with both ("Effective Date: ... Last Updated: ..."): a change of the last
    update is what the reader tracks, whichever of the two is written first."""
    assert own_date(line) == expected


def test_a_change_log_far_below_the_effective_date_does_not_outrank_it():
    text = "\n\n".join(
        ["Privacy policy", "Effective date: March 1, 2024.", BODY, BODY, BODY, BODY,
         "Change log", "Updated on January 5, 2019: we added a section on cookies."]
    )  # fmt: skip
    found = read_own_date(policy_from_text(text + "\n"))
    assert found is not None and found.iso == "2024-03-01"


def test_a_last_update_moved_under_an_unchanged_effective_date_is_the_own_date_moved():
    old = "Effective date: January 1, 2024. Last updated: March 5, 2024."
    new = "Effective date: January 1, 2024. Last updated: June 9, 2024."

    def page(line: str):
        return policy_from_text(f"Privacy policy\n\n{line}\n\n{BODY}\n\n{BODY}\n")

    events = compare(page(old), page(new)).to_json()["events"]
    [moved] = [e for e in events if e["type"] == "last_updated_changed"]
    assert (moved["old"], moved["new"], moved["level"]) == ("2024-03-05", "2024-06-09", "minor")


def test_a_link_to_an_archived_version_dates_another_page():
    """ "Version of 1 January 2025" under "Previous versions" is a link to an older copy: the page's own
    date stays the one it gives itself, and a version added to the list moves nothing but that date."""
    page = "# Privacy\n\nEffective {}\n\n" + BODY + "\n\n## Previous versions\n\n{}"
    old = page.format("March 1, 2026", "- [Version of January 1, 2025](/v1)\n")
    new = page.format("October 1, 2026", "- [Version of March 1, 2026](/v2)\n- [Version of January 1, 2025](/v1)\n")
    assert read_own_date(policy_from_text(old, "text/markdown")).iso == "2026-03-01"
    events = compare(policy_from_text(old, "text/markdown"), policy_from_text(new, "text/markdown")).to_json()["events"]
    dated = [(e["old"], e["new"]) for e in events if e["type"] == "last_updated_changed"]
    assert dated == [("2026-03-01", "2026-10-01")]


@pytest.mark.parametrize(
    "extra, expected",
    [
        # nothing on the page orders the numbers: the reading that moves the date forward
        ("", ("2026-03-12", "2026-11-04")),
        # the page writes a date whose order is plain (25 is no month): that order, whichever way it moves
        ("Our office was closed on 25/12/2025.\n\n", ("2026-03-12", "2026-11-04")),
        ("Our office was closed on 12/25/2025.\n\n", ("2026-12-03", "2026-04-11")),
    ],
)
def test_an_ambiguous_numeric_date_reads_the_way_that_moves_it_forward(extra, expected):
    page = "# Privacy\n\n" + BODY + "\n\n" + extra + "Version 3 – {}\n"
    old, new = (policy_from_text(page.format(d), "text/markdown") for d in ("12/03/2026", "04/11/2026"))
    events = compare(old, new).to_json()["events"]
    assert [(e["old"], e["new"]) for e in events if e["type"] == "last_updated_changed"] == [expected]


@pytest.mark.parametrize(
    "old, new, iso",
    [
        (
            "Poslední aktualizace: 12. 3. 2026",
            "Poslední aktualizace: 3. 11. 2026",
            "2026-11-03",
        ),  # Czech: a space after each dot
        ("Stand: 12.3.2026", "Stand: 3.11.2026", "2026-11-03"),
    ],
)
def test_a_dotted_date_with_spaces_reads_day_first(old, new, iso):
    """ "3. 11. 2026" is one date, day first as every dotted date is; read as month first it was
    11 March on a page in no known language."""
    a, b = (policy_from_text(f"Policy\n\n{line}\n\n{BODY}\n\n{BODY}\n") for line in (old, new))
    events = [e for e in compare(a, b).to_json()["events"] if e["type"] == "last_updated_changed"]
    assert [e["new"] for e in events] == [iso], events
