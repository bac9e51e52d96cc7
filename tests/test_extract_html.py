from __future__ import annotations

import time

import pytest

from policywatch.monitor.extract import ExtractionError, detect_format, extract
from policywatch.monitor.extract.html import extract_html

PAGE = """<!doctype html><html><head><title>Example | Privacy</title>
<script>var tracking = "Do not show";</script><style>.x{color:red}</style></head>
<body>
<header><nav><a href="/">Home</a><a href="/jobs">Jobs</a></nav></header>
<div id="onetrust-consent-sdk"><p>We value your privacy. Accept all cookies?</p></div>
<div class="cookie-notice-bar">Cookies make this site better.</div>
<main>
<h1>Privacy Policy</h1>
<p>Last updated: <strong>2 March 2026</strong></p>
<h2>1. Who we are</h2>
<p>Example SRL<br>Rue de Gerlache 37<br>1040 Etterbeek</p>
<p>Write to <a href="/cdn-cgi/l/email-protection#routine" class="__cf_email__" data-cfemail="5b2b2932...">[email&#160;protected]</a>.</p>
<h2>2. Processors</h2>
<ul><li>Cloudflare, Inc. (United States)<ul><li>CDN</li></ul></li><li>Odoo S.A. (Belgium)</li></ul>
<table><thead><tr><th>Provider</th><th>Purpose</th></tr></thead>
<tbody><tr><td>HubSpot</td><td>Marketing<br>automation</td></tr><tr><td></td><td></td></tr>
<tr><td>Stripe | Payments</td><td>Billing</td></tr></tbody></table>
<section id="cookies"><h2>3. Cookies</h2><p>We use one cookie.</p></section>
</main>
<footer><p>&copy; 2025 Example</p></footer>
</body></html>"""


def cf_encode(address: str, key: int = 0x5B) -> str:
    return f"{key:02x}" + "".join(f"{ord(c) ^ key:02x}" for c in address)


def test_structure_is_kept_and_chrome_dropped():
    page = PAGE.replace('data-cfemail="5b2b2932..."', f'data-cfemail="{cf_encode("privacy@example.be")}"')
    title, text = extract_html(page)
    assert title == "Example | Privacy"
    assert text.startswith("# Privacy Policy\n\nLast updated: 2 March 2026\n\n## 1. Who we are\n\n")
    assert "Example SRL\\\nRue de Gerlache 37\\\n1040 Etterbeek" in text  # <br>: Markdown hard breaks
    assert "Write to privacy@example.be." in text
    assert "- Cloudflare, Inc. (United States)\n  - CDN\n- Odoo S.A. (Belgium)" in text
    assert (
        "| Provider | Purpose |\n| --- | --- |\n| HubSpot | Marketing automation |\n| Stripe \\| Payments | Billing |"
        in text
    )
    assert "## 3. Cookies\n\nWe use one cookie." in text  # a cookie *section* is policy text
    for chrome in ("Home", "Jobs", "Accept all", "Cookies make", "tracking", "color:red", "2025 Example"):
        assert chrome not in text


def test_cloudflare_link_form_is_decoded():
    html = f'<html><body><main><p>Mail <a href="/cdn-cgi/l/email-protection#{cf_encode("dpo@x.org", 0x21)}">[email protected]</a> now</p></main></body></html>'
    assert "Mail dpo@x.org now" in extract_html(html)[1]


def test_select_and_remove():
    title, text = extract_html(PAGE, select=("main",), remove=("table", "#cookies"))
    assert "HubSpot" not in text and "We use one cookie" not in text and "Processors" in text
    with pytest.raises(ExtractionError, match="nothing matching"):
        extract_html(PAGE, select=(".does-not-exist",))
    with pytest.raises(ExtractionError, match="invalid CSS selector"):
        extract_html(PAGE, remove=("div[[[",))


def test_page_without_main_uses_body_without_chrome():
    html = "<html><body><nav>Menu</nav><div><h2>Rights</h2><p>You may object.</p></div><footer>Legal</footer></body></html>"
    assert extract_html(html)[1] == "## Rights\n\nYou may object.\n"


def test_deep_but_readable_nesting_is_read_completely():
    depth = 1500
    html = "<html><body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "<p>after</p></body></html>"
    text = extract_html(html)[1]
    assert "deep text" in text and "after" in text


def test_absurd_nesting_is_refused_not_truncated():
    depth = 50_000
    html = "<html><body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "<p>after</p></body></html>"
    started = time.perf_counter()
    with pytest.raises(ExtractionError, match="nests elements too deeply"):
        extract_html(html)
    assert time.perf_counter() - started < 20


def test_encodings_follow_header_then_meta():
    dutch = "<html><head><meta charset='windows-1252'></head><body><p>Privacyverklaring – één</p></body></html>"
    body = dutch.encode("cp1252")
    assert "Privacyverklaring – één" in extract(body, "text/html").text
    assert "één" in extract(dutch.replace("windows-1252", "utf-8").encode("utf-8"), "text/html; charset=utf-8").text


def test_format_detection_and_refusals():
    assert detect_format(b"<!DOCTYPE html><html>", None) == "html"
    assert detect_format(b"# Title\n\ntext", "text/markdown") == "markdown"
    assert detect_format(b"Plain policy", "text/plain; charset=utf-8") == "text"
    with pytest.raises(ExtractionError, match="unsupported content type 'image/png'"):
        extract(b"\x89PNG", "image/png")
    text = extract(b"Privacy\r\n\r\n\r\n\r\nWe   keep data.  \r\n", "text/plain")
    assert text.text == "# Privacy\n\nWe   keep data.\n" and text.title == "Privacy"  # plain text becomes Markdown


def test_a_table_of_divs_marked_with_aria_roles_is_a_table():
    html = (
        '<main><div role="table">'
        '<div role="row"><div role="columnheader">Subprocessor</div><div role="columnheader">Location</div></div>'
        '<div role="row"><div role="cell"><span>Mailgun Technologies, Inc.</span></div><div role="cell">United States</div></div>'
        '</div><div role="grid"><div role="row"><div role="gridcell">A</div><div role="gridcell">B</div></div></div></main>'
    )
    _, text = extract_html(html)
    assert "| Subprocessor | Location |" in text
    assert "| Mailgun Technologies, Inc. | United States |" in text
    assert "| A | B |" in text


def test_an_accordions_question_is_a_heading_and_a_widgets_disclosure_is_not():
    html = (
        "<main><h1>Privacy</h1>"
        "<details><summary>Who is the controller?</summary><p>Acme Ltd, 1 High Street, London EC1A 1BB, "
        "decides why and how your personal data is processed.</p></details>"
        "<details><summary>See details</summary><p>Open</p></details>"
        "<p>We keep your data safe.</p></main>"
    )
    _, text = extract_html(html)
    assert "## Who is the controller?" in text
    assert "See details" in text and "# See details" not in text


def _grid(rows: list[tuple[str, ...]], cell: str = '<div class="cell">{}</div>') -> str:
    body = "".join('<div class="vendor-row">' + "".join(cell.format(c) for c in row) + "</div>" for row in rows)
    return f"<main><h1>Subprocessors</h1><div class='vendors'>{body}</div></main>"


def test_a_grid_of_divs_sharing_a_class_is_a_table():
    rows = [("Name", "Location"), ("Stripe, Inc.", "United States"), ("Intercom Ltd", "Ireland")]
    _, text = extract_html(_grid(rows))
    assert "| Name | Location |" in text and "| Intercom Ltd | Ireland |" in text


@pytest.mark.parametrize(
    "rows, cell",
    [
        ([("Name", "Location"), ("Stripe, Inc.", "United States")], '<div class="cell">{}</div>'),  # two rows: a layout
        ([("a", "b"), ("c", "d", "e"), ("f", "g")], '<div class="cell">{}</div>'),  # rows of different widths
        ([("Our team", "x"), ("Our values", "y"), ("Our story", "z")], '<div class="cell"><p>{}</p></div>'),  # cards
    ],
)
def test_divs_that_are_no_table_stay_blocks(rows, cell):
    _, text = extract_html(_grid(rows, cell))
    assert "|" not in text


def test_a_vendor_moved_to_another_country_in_a_div_grid_is_a_processor_change():
    from policywatch.monitor.compare import compare
    from policywatch.monitor.documents import policy_from_text

    rows = [
        ("Subprocessor", "Location"),
        ("Stripe, Inc.", "United States"),
        ("Intercom R&D Unlimited Company", "Ireland"),
    ]
    moved = rows[:2] + [("Intercom R&D Unlimited Company", "United States")]
    result = compare(policy_from_text(_grid(rows), "text/html"), policy_from_text(_grid(moved), "text/html"))
    assert [(e.type, e.level) for e in result.events if e.type.startswith("processor_")] == [
        ("processor_changed", "material")
    ]


def test_grid_rows_among_other_blocks_are_gathered_into_one_table():
    rows = [("Subprocessor", "Location"), ("Stripe, Inc.", "United States"), ("Intercom Ltd", "Ireland")]
    grid = "".join('<div class="row">' + "".join(f'<div class="col">{c}</div>' for c in row) + "</div>" for row in rows)
    _, text = extract_html(
        f"<main><h1>Subprocessors</h1><p>We use these vendors.</p>{grid}<p>Questions? Write to us.</p></main>"
    )
    assert (
        "| Subprocessor | Location |\n| --- | --- |\n| Stripe, Inc. | United States |\n| Intercom Ltd | Ireland |"
        in text
    )
    assert text.index("We use these vendors.") < text.index("| Subprocessor") < text.index("Questions? Write to us.")


@pytest.mark.parametrize(
    "banner, kept",
    [
        # the notice's own title block, named like a banner but asking nothing
        (
            "<div class='CookiesNoticeTitle--b9qs'><div>Cookies Notice</div><div>Last updated: April 9, 2026</div></div>",
            True,
        ),
        ("<div class='cookie-banner'>We use cookies. <button>OK</button></div>", False),
        ("<div class='cookie-banner'>We use cookies to improve the site. Accept all</div>", False),
        ("<div class='consent-bar'>Cookies help us. <a href='#'>Settings</a></div>", False),
    ],
)
def test_a_banner_named_by_its_class_asks_for_an_answer(banner, kept):
    body = "".join(f"<p>Paragraph {i} of the cookie notice, on how we use cookies and why.</p>" for i in range(12))
    html = f"<html><body><div class='content'>{banner}{body}</div></body></html>"
    _, text = extract_html(html)
    if kept:
        assert "Cookies Notice" in text and "Last updated: April 9, 2026" in text, text
    else:
        assert "We use cookies" not in text and "Cookies help us" not in text, text


def test_a_damaged_cloudflare_address_keeps_its_placeholder_and_reads_the_page():
    """A data-cfemail value that decodes to control characters (damaged, or forged) must not stop the
    page from being read: it stays the placeholder, and a sound one beside it decodes."""
    key = 0x42
    sound = bytes([key, *(b ^ key for b in b"dpo@acme.example")]).hex()
    page = (
        "<html><body><main><h1>Privacy</h1>"
        '<p>Write to <span class="__cf_email__" data-cfemail="a1b2">[email&#160;protected]</span> or to '
        f'<span class="__cf_email__" data-cfemail="{sound}">[email&#160;protected]</span>.</p>'
        "</main></body></html>"
    )
    text = extract(page.encode(), "text/html").text
    assert "dpo@acme.example" in text
    assert "[email" in text and all(ch.isprintable() or ch in "\n" for ch in text)


POLICY_BODY = (
    "<h1>Privacy Policy</h1>" + "<p>We process the personal data of our customers to deliver their orders.</p>" * 6
)


@pytest.mark.parametrize(
    "footer, kept",
    [
        ('<div class="iub_footer"><p>Ultima modifica: 3 marzo 2026</p></div>', True),
        ('<div class="policy-footer"><p>Last updated: 9 April 2026</p></div>', True),
        # a site's footer: links and a copyright year, or a version alone
        ('<div class="site-footer"><a href="/terms">Terms</a> · © 2026 Acme</div>', False),
        ('<div class="footer">Version 2.3 · 2026 · <a href="/imprint">Imprint</a></div>', False),
    ],
)
def test_a_footer_that_says_when_the_document_last_changed_is_kept(footer, kept):
    """A page without <main> drops blocks named as chrome; a small one that states the document's
    own date (a policy generator's footer: "Ultima modifica: ...") is the document's, and kept."""
    _, text = extract_html(f"<html><body><div class='content'>{POLICY_BODY}{footer}</div></body></html>")
    stated = ("3 marzo 2026" in text) or ("9 April 2026" in text)
    assert stated == kept and ("Terms" in text) is False and ("Imprint" in text) is False, text


def test_a_cell_spanning_rows_is_repeated_in_the_rows_below_it():
    html = (
        "<main><table><tr><th>Vendor</th><th>Service</th><th>Location</th></tr>"
        '<tr><td rowspan="2">Google Ireland Limited</td><td>Email</td><td>Ireland</td></tr>'
        "<tr><td>Maps</td><td>United States</td></tr>"
        "<tr><td>Mollie B.V.</td><td>Payments</td><td>Netherlands</td></tr></table></main>"
    )
    _, text = extract_html(html)
    assert "| Google Ireland Limited | Maps | United States |" in text  # not "| Maps | United States | |"
    assert "| Mollie B.V. | Payments | Netherlands |" in text


def test_a_cell_spanning_columns_is_said_once_and_keeps_the_columns_in_place():
    html = (
        "<main><table><tr><th rowspan='2'>Category</th><th colspan='2'>Shared with</th></tr>"
        "<tr><th>Service providers</th><th>Advertisers</th></tr>"
        "<tr><td colspan='3'>Online identifiers</td></tr>"
        "<tr><td>Email address</td><td>Yes</td><td>No</td></tr></table></main>"
    )
    _, text = extract_html(html)
    assert "| Category | Shared with |  |" in text
    assert "| Category | Service providers | Advertisers |" in text
    assert "| Online identifiers |  |  |" in text
    assert "| Email address | Yes | No |" in text


def test_spans_a_page_cannot_inflate():
    html = "<main><table><tr><td rowspan='99999999' colspan='x'>A</td><td>B</td></tr><tr><td>C</td></tr></table></main>"
    _, text = extract_html(html)
    assert "| A | B |" in text and "| A | C |" in text and text.count("| A |") == 2
