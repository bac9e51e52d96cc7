"""Webhook bodies per destination format: a registry of small functions, one per chat product.

Page-derived text is made inert for each: Slack's control characters escaped, Discord mentions
disabled, nothing interpreted as markup by Teams' plain TextBlocks.
"""

from __future__ import annotations

from collections.abc import Callable

from policywatch.alerts.content import AlertContent

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


def fit(text: str, limit: int) -> str:
    """``text`` cut to a service's documented limit, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fitted_lines(lines: list[str], limit: int, more: str) -> str:
    """As many whole lines as fit in ``limit`` characters, then a line saying how many were left out."""
    out, used = [], 0
    for i, line in enumerate(lines):
        line = fit(line, 500)
        if used + len(line) + 1 > limit - len(more) - 12:
            out.append(more.format(n=len(lines) - i))
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


SLACK_SECTION = 3000  # characters in a section's text (Slack Block Kit)
SLACK_HEADER = 150


def slack_payload(content: AlertContent) -> dict:
    lines = [f"• [{level}] {_slack_escape(sentence)}" for level, sentence in content.events[:MAX_EVENTS]]
    deadline = f"*Deadline:* {_slack_escape(content.deadline_words)}\n" if content.deadline_words else ""
    text = f"*Level:* {content.level}\n{deadline}" + _fitted_lines(
        lines, SLACK_SECTION - 20, "… and {n} more (see the full diff)"
    )
    blocks = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": fit(f"{content.watch}: {content.headline}", SLACK_HEADER)},
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": fit(text, SLACK_SECTION)}},
    ]
    link = content.viewer_url or content.url
    if link:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{link}|See the full diff>"}]})
    return {
        "text": fit(_slack_escape(f"{content.watch}: {content.headline} ({content.level})"), SLACK_SECTION),
        "blocks": blocks,
    }


TEAMS_BLOCK = 1000  # characters per event block: ten of them stay far below Teams' 28 KB message limit


def teams_payload(content: AlertContent) -> dict:
    body = [
        {
            "type": "TextBlock",
            "size": "Medium",
            "weight": "Bolder",
            "wrap": True,
            "text": fit(f"{content.watch}: {content.headline}", 300),
        },
        {"type": "TextBlock", "isSubtle": True, "wrap": True, "text": f"Level: {content.level}"},
    ]
    if content.deadline_words:
        body.append(
            {"type": "TextBlock", "wrap": True, "weight": "Bolder", "text": f"Deadline: {content.deadline_words}"}
        )
    body += [
        {"type": "TextBlock", "wrap": True, "text": fit(f"[{level}] {sentence}", TEAMS_BLOCK)}
        for level, sentence in content.events[:MAX_EVENTS]
    ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if content.viewer_url or content.url:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": "See the full diff", "url": content.viewer_url or content.url}
        ]
    return {
        "type": "message",
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": card}],
    }


DISCORD_DESCRIPTION = 4000  # of Discord's 4096 per embed description


def discord_payload(content: AlertContent) -> dict:
    description = _fitted_lines(
        ([f"Deadline: {content.deadline_words}"] if content.deadline_words else [])
        + [f"[{level}] {sentence}" for level, sentence in content.events[:MAX_EVENTS]],
        DISCORD_DESCRIPTION,
        "… and {n} more (see the full diff)",
    )
    embed = {
        "title": fit(f"{content.watch}: {content.headline}", 256),
        "description": fit(description, DISCORD_DESCRIPTION),
        "color": COLORS.get(content.level, COLORS["none"]),
    }
    if content.viewer_url or content.url:
        embed["url"] = content.viewer_url or content.url
    return {"content": None, "embeds": [embed], "allowed_mentions": {"parse": []}}


FORMATS: dict[str, Callable[[AlertContent], dict]] = {
    "json": json_payload,
    "slack": slack_payload,
    "teams": teams_payload,
    "discord": discord_payload,
}


def minimal_payload(format: str, content: AlertContent) -> dict:
    """The smallest body of a format: headline, level and link. Sent when a service refused the
    full one with a 4xx, so that a payload the service dislikes never loses the alert."""
    from dataclasses import replace

    return FORMATS[format](replace(content, events=[], sections=[], headline=fit(content.headline, 120)))


def plain_text(content: AlertContent, limit: int = 4000) -> str:
    """A short plain-text message (push notifications, chat services reached through Apprise): the
    level, the events as lines, and the link; nothing in it is markup."""
    lines = [f"[{level}] {sentence}" for level, sentence in content.events[:MAX_EVENTS]]
    link = content.viewer_url or content.url
    tail = f"\n{link}" if link else ""
    body = _fitted_lines(lines, limit - len(tail) - 20, "… and {n} more (see the full diff)")
    return fit(f"Level: {content.level}\n{body}".rstrip() + tail, limit)
