"""One comparison of stored versions: an alert (email, webhook), `diff` and the viewer's API carry the
events stored with the version, even when reading the texts again would now say something else."""

from __future__ import annotations

import json

from tests.conftest import summary
from tests.hookkit import HookReceiver


def test_every_reader_reports_the_stored_verdict(site, seeds, project):
    hook = HookReceiver(statuses=[503])  # the first delivery fails: the alert waits in the outbox
    try:
        text = seeds["ionect-privacy-policy"]
        site.html("/privacy", text)
        project.write(
            [{"name": "Ionect", "url": site.url("/privacy")}], alerts={"webhooks": [{"name": "hook", "url": hook.url}]}
        )
        assert project.run("check").returncode == 0
        site.html("/privacy", text.replace("within three years", "within five years"))
        result = project.run("check")
        assert summary(result) == "1 checked, 0 new, 1 changed, 0 unchanged, 0 failed"
        [(stored,)] = project.query("SELECT events FROM versions WHERE number = 2")
        assert any(e["type"] == "retention_changed" for e in json.loads(stored))

        # as if an older release had judged this change: its verdict is what was (and is) alerted
        verdict = [
            {
                "type": "section_changed",
                "level": "material",
                "title": "How long we keep your data",
                "reason": "number 3 → 5",
                "added": ["five"],
                "removed": ["three"],
            }
        ]
        assert project.query("UPDATE versions SET events = :events WHERE number = 2", events=json.dumps(verdict)) == []

        sent = project.run("alerts", "send")
        assert "alerts: 1 sent" in sent.stdout, sent.stdout + sent.stderr[-2000:]
        payload = hook.delivered()[-1]
        assert [e["type"] for e in payload["events"]] == ["section_changed"] and payload["level"] == "material"

        diff = json.loads(project.run("diff", "Ionect", "--json").stdout)
        assert [e["type"] for e in diff["events"]] == ["section_changed"] and diff["level"] == "material"
        assert diff["events"][0]["reason"] == "number 3 → 5"

        from policywatch.web import create_app

        api = create_app(project.store()).test_client().get("/api/diff?watch=Ionect").get_json()
        assert [e["type"] for e in api["events"]] == ["section_changed"] and api["level"] == "material"
    finally:
        hook.close()
