"""Webhook bodies per destination format: a registry of small functions, one per chat product.

Page-derived text is made inert for each: Slack's control characters escaped, Discord mentions
disabled, nothing interpreted as markup by Teams' plain TextBlocks.
"""

from __future__ import annotations

from collections.abc import Callable

from alerts.content import AlertContent

MAX_EVENTS = 10
COLORS = {"material": 0xCF222E, "minor": 0xBF8700, "none": 0x6E7781}


def json_payload(content: AlertContent) -> dict:
    data = {
        "schema": 1,
        "id": content.key,
        "kind": content.kind,
        "watch": content.watch,
        "url": content.url,
        "versions": {"old": content.old_version, "new": content.new_version},
        "created_at": content.created_at.isoformat(),
        "viewer_url": content.viewer_url,
        "headline": content.headline,
    }
    data.update(content.comparison_json)
    data["level"] = content.level
    return data


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(content: AlertContent) -> dict:
    lines = [f"• [{level}] {_slack_escape(sentence)}" for level, sentence in content.events[:MAX_EVENTS]]
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": f"{content.watch}: {content.headline}"[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*Level:* {content.level}\n" + "\n".join(lines)}},
    ]
    link = content.viewer_url or content.url
    if link:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{link}|See the full diff>"}]})
    return {"text": _slack_escape(f"{content.watch}: {content.headline} ({content.level})"), "blocks": blocks}


def teams_payload(content: AlertContent) -> dict:
    body = [
        {"type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": True,
         "text": f"{content.watch}: {content.headline}"},
        {"type": "TextBlock", "isSubtle": True, "wrap": True, "text": f"Level: {content.level}"},
    ] + [{"type": "TextBlock", "wrap": True, "text": f"[{level}] {sentence}"} for level, sentence in content.events[:MAX_EVENTS]]
    card = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard",
            "version": "1.4", "body": body}
    if content.viewer_url or content.url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "See the full diff", "url": content.viewer_url or content.url}]
    return {"type": "message", "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive",
                                                "content": card}]}


def discord_payload(content: AlertContent) -> dict:
    description = "\n".join(f"[{level}] {sentence}" for level, sentence in content.events[:MAX_EVENTS])
    embed = {"title": f"{content.watch}: {content.headline}"[:256], "description": description[:4000],
             "color": COLORS.get(content.level, COLORS["none"])}
    if content.viewer_url or content.url:
        embed["url"] = content.viewer_url or content.url
    return {"content": None, "embeds": [embed], "allowed_mentions": {"parse": []}}


FORMATS: dict[str, Callable[[AlertContent], dict]] = {
    "json": json_payload,
    "slack": slack_payload,
    "teams": teams_payload,
    "discord": discord_payload,
}
