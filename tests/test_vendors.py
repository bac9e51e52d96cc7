"""`policywatch vendors`: every processor on any watch, merged by identity, with when it came and went."""

from __future__ import annotations

import json

from policywatch.schemas import validator
from tests.conftest import ROBOTS_ALLOW


def policy(company: str, *processors: str) -> str:
    uses = " ".join(
        f"We use {p} to {purpose}."
        for p, purpose in zip(
            processors, ("send our newsletter", "take payments", "host our website", "answer support requests")
        )
    )
    return (
        f"{company} privacy policy\n\nLast updated: 2 March 2026\n\nWho receives your data\n\n{uses}\n\n"
        "How long we keep your data\n\nWe keep invoices for seven years.\n"
    )


TABLE_PAGE = b"""<!doctype html><html><head><title>Cargo privacy policy</title></head><body><main>
<h1>Cargo privacy policy</h1><p>Last updated: 2 March 2026</p>
<h2>Our sub-processors</h2>
<table><thead><tr><th>Sub-processor</th><th>Purpose</th><th>Location</th></tr></thead><tbody>
<tr><td>Mistral AI SAS</td><td>Chat assistant</td><td>France</td></tr>
<tr><td>Amazon Web Services</td><td>Hosting</td><td>United States</td></tr>
<tr><td>DeepSeek</td><td>Translation</td><td>China</td></tr>
</tbody></table>
<h2>How long we keep your data</h2><p>We keep invoices for seven years.</p>
</main></body></html>"""


def test_where_vendors_are_is_judged_against_the_eea_and_adequacy(site, project):
    from policywatch.web import create_app
    from tests.sitekit import Page

    site.pages["/robots.txt"] = ROBOTS_ALLOW
    site.pages["/c"] = Page(TABLE_PAGE)
    project.write([{"name": "Cargo", "url": site.url("/c")}])
    assert project.run("check").returncode == 0
    everything = json.loads(project.run("vendors", "--json").stdout)
    validator("vendors").validate(everything)
    places = {v["name"]: v["countries"] for v in everything}
    assert places == {
        "Mistral AI": [{"code": "FR", "status": "eea"}],
        "Amazon Web Services": [{"code": "US", "status": "partial"}],
        "DeepSeek": [{"code": "CN", "status": "none"}],
    }

    def names(*args: str) -> list[str]:
        return [v["name"] for v in json.loads(project.run("vendors", "--json", *args).stdout)]

    assert names("--outside-eea") == ["Amazon Web Services", "DeepSeek"]
    assert names("--no-adequacy") == ["DeepSeek"]
    assert names("--country", "fr") == ["Mistral AI"]
    api = create_app(project.store()).test_client().get("/api/vendors?no_adequacy=1").get_json()
    assert [v["name"] for v in api] == ["DeepSeek"]


def test_vendors_are_merged_across_watches_with_their_history(site, project):
    site.pages["/robots.txt"] = ROBOTS_ALLOW
    site.html("/a", policy("Acme", "HubSpot Inc.", "Stripe Inc."))
    site.html("/b", policy("Bolt", "HubSpot", "Sendinblue"))
    project.write([{"name": "Acme", "url": site.url("/a")}, {"name": "Bolt", "url": site.url("/b")}])
    assert project.run("check").returncode == 0
    # the first versions are three months old; then Acme adds OpenAI and drops Stripe
    assert project.query("UPDATE versions SET created_at = '2026-09-01 12:00:00.000000'") == []
    site.html("/a", policy("Acme", "HubSpot Inc.", "OpenAI"))
    result = project.run("check")
    assert result.returncode == 0, result.stderr[-2000:]

    everything = json.loads(project.run("vendors", "--json").stdout)
    validator("vendors").validate(everything)
    found = {v["name"]: v for v in everything}
    hubspot = found["HubSpot"]
    assert sorted((w["watch"], w["name"]) for w in hubspot["watches"]) == [
        ("Acme", "HubSpot Inc."),
        ("Bolt", "HubSpot"),
    ]
    assert found["Brevo"]["watches"][0]["name"] == "Sendinblue"  # a rebrand the catalogue knows: one vendor
    [stripe] = found["Stripe"]["watches"]
    assert stripe["removed_version"] == 2 and found["Stripe"]["current"] is False
    [openai] = found["OpenAI"]["watches"]
    assert openai["since_version"] == 2 and found["OpenAI"]["current"] is True

    recent = json.loads(project.run("vendors", "--since", "30d", "--json").stdout)
    assert [v["name"] for v in recent] == ["OpenAI"]
    ai = json.loads(project.run("vendors", "--since", "90d", "--category", "ai", "--json").stdout)
    assert [(v["name"], v["category"]) for v in ai] == [("OpenAI", "ai")]
    assert [v["name"] for v in json.loads(project.run("vendors", "--current", "--json").stdout)] == [
        "Brevo",
        "HubSpot",
        "OpenAI",
    ]
    assert [v["name"] for v in json.loads(project.run("vendors", "--name", "hub", "--json").stdout)] == ["HubSpot"]
    table = project.run("vendors").stdout
    assert "Stripe" in table and "removed in v2" in table and "OpenAI" in table and "since v2" in table
    bad = project.run("vendors", "--since", "soon")
    assert bad.returncode == 2 and "--since" in bad.stderr and "expected a duration" in bad.stderr

    from policywatch.web import create_app

    client = create_app(project.store()).test_client()
    api = client.get("/api/vendors?since=90d&category=ai").get_json()
    validator("vendors").validate(api)
    assert [v["name"] for v in api] == ["OpenAI"]
    assert client.get("/api/vendors?since=soon").status_code == 400
    page = client.get("/vendors?current=1").get_data(as_text=True)
    assert "OpenAI" in page and "Brevo" in page and "Stripe" not in page
    one = client.get(f"/vendors/{found['Stripe']['key']}").get_data(as_text=True)
    assert "Acme" in one and "v2" in one and "still listed" not in one
    assert client.get("/vendors/cat:nobody").status_code == 404


def cargo_table(deepseek_country: str) -> bytes:
    return TABLE_PAGE.replace(
        b"<tr><td>DeepSeek</td><td>Translation</td><td>China</td></tr>",
        f"<tr><td>DeepSeek</td><td>Translation</td><td>{deepseek_country}</td></tr>".encode(),
    )


def test_three_watches_a_shared_new_vendor_and_a_move(site, project):
    """The issue's end to end: a processor added on two of three watches is one vendor listed by
    both, with when; a vendor's move to another country shows; --since and --country select; the
    API says what the CLI says."""
    from policywatch.web import create_app
    from tests.sitekit import Page

    site.pages["/robots.txt"] = ROBOTS_ALLOW
    site.html("/a", policy("Acme", "HubSpot Inc.", "Stripe Inc."))
    site.html("/b", policy("Bolt", "Stripe"))
    site.pages["/c"] = Page(cargo_table("Germany"))
    project.write(
        [
            {"name": "Acme", "url": site.url("/a")},
            {"name": "Bolt", "url": site.url("/b")},
            {"name": "Cargo", "url": site.url("/c")},
        ]
    )
    assert project.run("check").returncode == 0
    assert project.query("UPDATE versions SET created_at = '2026-06-01 12:00:00.000000'") == []
    site.html("/a", policy("Acme", "HubSpot Inc.", "Stripe Inc.", "OpenAI"))
    site.html("/b", policy("Bolt", "Stripe", "OpenAI, L.L.C."))
    site.pages["/c"] = Page(cargo_table("China"))
    result = project.run("check")
    assert result.returncode == 0, result.stderr[-2000:]

    def cli(*args: str) -> list[dict]:
        proc = project.run("vendors", "--json", *args)
        assert proc.returncode == 0, proc.stderr
        found = json.loads(proc.stdout)
        validator("vendors").validate(found)
        return found

    found = {v["name"]: v for v in cli()}
    openai = found["OpenAI"]
    assert sorted((w["watch"], w["since_version"]) for w in openai["watches"]) == [("Acme", 2), ("Bolt", 2)]
    assert all(w["since"].startswith(openai["first_seen"][:10]) for w in openai["watches"])
    [deepseek] = found["DeepSeek"]["watches"]
    assert deepseek["location"] == "China" and deepseek["since_version"] == 1
    assert [(m["version"], m["from"], m["to"]) for m in deepseek["moves"]] == [(2, "Germany", "China")]
    assert found["DeepSeek"]["countries"] == [{"code": "CN", "status": "none"}]
    assert [v["name"] for v in cli("--since", "30d")] == ["OpenAI"]  # the rest was listed in June
    assert [v["name"] for v in cli("--country", "CN")] == ["DeepSeek"]
    assert [v["name"] for v in cli("--since", "30d", "--country", "CN")] == []
    table = project.run("vendors").stdout
    assert "moved: Germany → China (v2, Cargo)" in table
    client = create_app(project.store()).test_client()
    for query, args in (("", ()), ("?since=30d", ("--since", "30d")), ("?country=cn", ("--country", "cn"))):
        assert client.get(f"/api/vendors{query}").get_json() == cli(*args)
    page = client.get(f"/vendors/{found['DeepSeek']['key']}").get_data(as_text=True)
    assert "moved in v2" in page and "Germany → China" in page
