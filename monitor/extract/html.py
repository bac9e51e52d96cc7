"""HTML page -> Markdown-like text of its main content.

Boilerplate (navigation, cookie banners, scripts) is dropped, the main content is found, and the
walk keeps headings, paragraphs, lists and tables. The walk is iterative, so deeply nested pages
cannot exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from policywatch.monitor.extract.errors import ExtractionError
from policywatch.monitor.markdown import escape_inline, escape_line_start
from policywatch.monitor.noise import says_any, states_its_date

ALWAYS_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "dialog",
    "link",
    "meta",
)
PAGE_CHROME = ("header", "footer", "aside")
BLOCKS = frozenset(
    "p div section article main header footer aside blockquote address figure figcaption dl dt dd "
    "details summary center fieldset form hr body html ol ul".split()
)
HEADINGS = {f"h{n}": n for n in range(1, 7)}
CONSENT_WORDS = ("cookie", "consent", "gdpr", "cmp")
CONSENT_SHAPES = (
    "banner",
    "bar",
    "notice",
    "popup",
    "modal",
    "dialog",
    "wall",
    "overlay",
    "box",
    "container",
    "sdk",
    "root",
)
KNOWN_CONSENT_IDS = (
    "onetrust-consent-sdk",
    "onetrust-banner-sdk",
    "cybotcookiebotdialog",
    "didomi-host",
    "axeptio_overlay",
    "tarteaucitronroot",
    "cookie-law-info-bar",
    "cmplz-cookiebanner",
    "usercentrics-root",
    "qc-cmp2-container",
    "cookiescript_injected",
    "cc-main",
    "klaro",
)
CF_EMAIL_HREF = "/cdn-cgi/l/email-protection#"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


_INVISIBLE_CHARS = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _visible(text: str) -> str:
    """Without zero-width characters and soft hyphens (``isascii`` is O(1), a search is cheaper than
    a translation table: most text skips both)."""
    return text if text.isascii() or not _INVISIBLE_CHARS.search(text) else text.translate(_INVISIBLE)


_BR = "\x00"


def extract_html(text: str, *, select: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """Return (title, text). ``select``/``remove`` are a watch's CSS selectors."""
    root = _parse(text)
    title = _title(root)
    _decode_cloudflare_emails(root)
    for selector in remove:
        for el in _css(selector)(root):
            _drop(el)
    for button in root.iter("button"):  # an accordion's question is a heading inside a button: keep it
        if any(button.find(f".//h{level}") is not None for level in range(1, 7)):
            button.tag = "div"
    banners = [el for el in root.xpath("//*[@id or @class or @role]") if _is_consent_banner(el)]  # buttons still in
    _drop_all(root, ALWAYS_DROP)
    _accordion_headings(root)
    _class_grids(root)
    page_text = _text_len(root) or 1
    for el in banners:
        # a banner is a small part of the page: a page whose policy *is* its cookie notice keeps it
        if el.getroottree().getroot() is root and _text_len(el) < 0.3 * page_text:
            _drop(el)
    if select:
        parts = [el for sel in select for el in _css(sel)(root)]
        if not parts:
            raise ExtractionError(f"the page has nothing matching select {list(select)}")
    else:
        main = _main_content(root)
        if main is root or main.tag == "body":
            _drop_all(main, PAGE_CHROME, keep_inside=("main", "article"))
            _drop_chrome_by_name(main)
        parts = [main]
    body = "\n\n".join(_Walker().walk(part) for part in parts).strip("\n")
    if not title:
        heading = next((b for b in body.splitlines() if b.startswith("#")), None)
        title = heading.lstrip("#").strip() if heading else None
    return title, body + "\n" if body else ""


SUMMARY_CHARS = 200  # an accordion's question; a longer summary is a paragraph
ANSWER_CHARS = 40  # what the question opens: less is a widget's disclosure ("See details")


def _accordion_headings(root: etree._Element) -> None:
    """The question of a ``<details>`` accordion (its ``<summary>``) titles what it opens, as the
    headings a page writes in ``<h2>`` do: a level below the heading it stands under."""
    found = []
    for summary in root.iter("summary"):
        details = summary.getparent()
        if details is None or details.tag != "details" or _has_block(summary):
            continue
        question = " ".join(_text(summary).split())
        answer = _text_len(details) - len("".join(question.split()))
        if not question or len(question) > SUMMARY_CHARS or answer < ANSWER_CHARS:
            continue
        above = summary.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5][1]")
        found.append((summary, min(int(above[0].tag[1]) + 1, 6) if above else 2))
    for summary, level in found:
        summary.tag = f"h{level}"


GRID_ROWS = 3  # fewer rows of equal cells are as likely a layout as a table
GRID_CELL_CHARS = 300  # a longer cell is a card's paragraph, not a table's value
_NOT_IN_CELLS = frozenset(("p", "ul", "ol", "li", "table", "blockquote", "form", *HEADINGS))


def _class_grids(root: etree._Element) -> None:
    """A table written as <div>s that share a class ("subprocessor-row" > "cell" x 3), without the
    ARIA roles that would say so, is marked with them: a sub-processor list built by a site builder
    reads as the table it shows, so a vendor's location stays on its row. Rows that stand among
    other blocks (a heading, a paragraph) are first gathered into a <div> of their own."""
    for el in list(root.iter("div", "ul", "section", "main", "article", "body")):
        if len(el) < GRID_ROWS or el.get("role"):
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        runs = _row_runs(children)
        if not runs or _nearest_table(el) is not None:
            continue
        for run in runs:
            table = el if len(run) == len(children) else _wrap(el, run)
            table.set("role", "table")
            for row in run:
                row.set("role", "row")
                for cell in row:
                    if isinstance(cell.tag, str):
                        cell.set("role", "cell")


def _row_runs(children: list[etree._Element]) -> list[list[etree._Element]]:
    """Runs of at least GRID_ROWS siblings that read as a table's rows: one tag, a shared class,
    the same number (2-8) of short inline cells."""
    runs: list[list[etree._Element]] = []
    run: list[etree._Element] = []
    shared: set[str] = set()
    width = 0
    for child in [*children, None]:
        cells = _row_width(child) if child is not None else 0
        if cells:
            classes = set((child.get("class") or "").split())
            if run and child.tag == run[0].tag and shared & classes and cells == width:
                run.append(child)
                shared &= classes
                continue
        if len(run) >= GRID_ROWS and all(_inline_cells(row) for row in run):
            runs.append(run)
        run, shared, width = ([child], classes, cells) if cells else ([], set(), 0)
    return runs


def _row_width(el: etree._Element) -> int:
    """How many cells ``el`` has if it may be a row of a table of <div>s (2-8), else 0."""
    if not el.get("class") or el.tag in HEADINGS or el.tag in ("p", "table", "li"):
        return 0
    cells = sum(1 for c in el if isinstance(c.tag, str))
    return cells if 2 <= cells <= 8 else 0


def _inline_cells(row: etree._Element) -> bool:
    """Whether a row's cells hold short text and no blocks: a card's paragraphs are no table's values."""
    cells = [c for c in row if isinstance(c.tag, str)]
    texts = [" ".join(_text(c).split()) for c in cells]
    if not any(texts) or any(len(t) > GRID_CELL_CHARS for t in texts):
        return False
    return not any(d.tag in _NOT_IN_CELLS for c in cells for d in c.iter() if isinstance(d.tag, str))


def _wrap(parent: etree._Element, run: list[etree._Element]) -> etree._Element:
    """A new <div> in ``parent`` holding ``run`` (consecutive children), where the run stood."""
    wrapper = etree.Element("div")
    parent.insert(parent.index(run[0]), wrapper)
    wrapper.tail, run[-1].tail = run[-1].tail, None
    for row in run:
        wrapper.append(row)
    return wrapper


def _has_block(el: etree._Element) -> bool:
    return any(
        isinstance(child.tag, str) and (child.tag in BLOCKS or child.tag in HEADINGS) for child in el.iterdescendants()
    )


# control characters carry no meaning, and lxml refuses them later: each becomes a space, by a byte
# table (a regex over the decoded text cost twice as much); U+FFFE and U+FFFF are three bytes each
_NOT_XML_BYTES = bytes(32 if c <= 8 or c in (11, 12) or 14 <= c <= 31 or c == 127 else c for c in range(256))
_NOT_XML_CHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def _parse(text: str) -> etree._Element:
    body = text.encode("utf-8").translate(_NOT_XML_BYTES)
    if b"\xef\xbf" in body:
        for char in _NOT_XML_CHARS:
            body = body.replace(char, b" ")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8")
    try:
        root = etree.fromstring(body or b"<html></html>", parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(f"the HTML cannot be parsed: {exc}") from exc
    if root is None:
        raise ExtractionError("the HTML document is empty")
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 silently drops everything past its depth limit; a partial policy is worse than none.
        raise ExtractionError("the HTML nests elements too deeply to be read completely (over 2,048 levels)")
    return root


def _css(selector: str) -> CSSSelector:
    try:
        return CSSSelector(selector)
    except SelectorError as exc:
        raise ExtractionError(f"invalid CSS selector {selector!r}: {exc}") from exc


def _title(root: etree._Element) -> str | None:
    found = root.find(".//title")
    if found is not None and _text(found).strip():
        return " ".join(_text(found).split())
    return None


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _drop(el: etree._Element) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_all(root: etree._Element, tags: tuple[str, ...], keep_inside: tuple[str, ...] = ()) -> None:
    for el in list(root.iter(*tags)):
        if keep_inside and any(a.tag in keep_inside for a in el.iterancestors()):
            continue
        _drop(el)


_CONSENT_HINT = re.compile("|".join((*CONSENT_WORDS, *KNOWN_CONSENT_IDS)))
_CHROME_HINT = re.compile(
    "header|footer|menu|nav|sidebar|breadcrumb|topbar|masthead|switcher|popup|cta|toolbar|skip|modal", re.IGNORECASE
)


def _is_consent_banner(el: etree._Element) -> bool:
    ident = f"{el.get('id', '')} {el.get('class', '')}".lower()
    if not _CONSENT_HINT.search(ident) and el.get("role") not in ("dialog", "alertdialog"):
        return False
    if not ident.strip():
        return el.get("role") in ("dialog", "alertdialog") and "cookie" in _opening_text(el, 400).lower()
    if any(known in ident for known in KNOWN_CONSENT_IDS):
        return True
    # both in one name ("cookie-banner", "cookieConsentModal"), not across names: an anchor id
    # "types-of-cookies" beside a layout class "max-w-container" is the policy's own section; and
    # a banner asks for an answer: a "CookiesNoticeTitle" without a control is the notice's heading
    return any(
        any(w in name for w in CONSENT_WORDS) and any(s in name for s in CONSENT_SHAPES) for name in ident.split()
    ) and (
        bool(el.xpath(".//button|.//a|.//input|.//*[@role='button']"))
        or says_any(_opening_text(el, 400), "consent_phrases")
    )


CHROME_TOKENS = frozenset(
    "header footer menu menubar nav navbar navigation sidebar breadcrumb breadcrumbs topbar masthead switcher "
    "popup cta toolbar skip modal modals".split()
)
_NAME_TOKEN = re.compile(r"[A-Z]?[a-z]+")


def _edge_tokens(names: str) -> set[str]:
    """The first and last word of each class or id name: "site-header" and "headerInner" name a header,
    "scroll-mt-header-h" (a utility class) does not."""
    out: set[str] = set()
    for name in names.split():
        words = _NAME_TOKEN.findall(name)
        if words:
            out.update((words[0].lower(), words[-1].lower()))
    return out


OWN_DATE_FOOTER_CHARS = 400  # a larger footer is the site's, whatever date it holds


def _drop_chrome_by_name(body: etree._Element) -> None:
    """Pages without <main>/<article> mark their chrome with class names: drop small such blocks."""
    total = _text_len(body) or 1
    for el in body.xpath(".//*[@id or @class]"):
        if el.getparent() is None or not _CHROME_HINT.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if _edge_tokens(f"{el.get('class', '')} {el.get('id', '')}") & CHROME_TOKENS and _text_len(el) < 0.2 * total:
            if _text_len(el) < OWN_DATE_FOOTER_CHARS and states_its_date(" ".join(el.itertext())):
                continue  # a document's own footer that says when it last changed ("Ultima modifica: 3 marzo 2026")
            _drop(el)


def _decode_cloudflare_emails(root: etree._Element) -> None:
    """Cloudflare rewrites addresses into hex per request; decoding keeps versions stable."""
    for el in root.xpath("//*[@data-cfemail]"):
        address = _cf_decode(el.get("data-cfemail", ""))
        if address:
            tail = el.tail
            el.clear()
            el.text, el.tail = address, tail
    for a in root.xpath(f"//a[contains(@href, '{CF_EMAIL_HREF}')]"):
        address = _cf_decode(a.get("href", "").split("#", 1)[-1])
        if address:
            a.set("href", f"mailto:{address}")
            if "protected" in _text(a):
                tail = a.tail
                a.clear()
                a.text, a.tail = address, tail


_DECODED_EMAIL = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+")


def _cf_decode(hexed: str) -> str | None:
    """The address Cloudflare hid in ``hexed``; None for anything that does not decode to one (a
    damaged or forged value would otherwise put control characters into the page)."""
    try:
        data = bytes.fromhex(hexed)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    address = bytes(b ^ data[0] for b in data[1:]).decode("utf-8", "replace")
    return address if _DECODED_EMAIL.fullmatch(address) and address.isprintable() else None


def _opening_text(el: etree._Element, limit: int) -> str:
    """The first ``limit`` characters of an element's text, without joining all of it."""
    parts, size = [], 0
    for part in el.itertext():
        parts.append(part)
        size += len(part)
        if size >= limit:
            break
    return "".join(parts)[:limit]


_STRING = etree.XPath("string()", smart_strings=False)


def _text_len(el: etree._Element) -> int:
    """Characters of text, spaces aside: telling a banner or a menu from the policy needs the sizes
    of many subtrees, and libxml2 joins a subtree's text far faster than ``itertext``."""
    text = _STRING(el)
    return len(text) - sum(map(text.count, _SPACE_CHARS))


_SPACE_CHARS = (" ", "\n", "\t", "\r", "\xa0")


def _main_content(root: etree._Element) -> etree._Element:
    body = root.find("body")
    body = body if body is not None else root
    total = _text_len(body) or 1
    for xpath in ("//main", "//*[@role='main']", "//article"):
        candidates = root.xpath(xpath)
        if not candidates:
            continue
        best = max(candidates, key=_text_len)
        if _text_len(best) >= 0.4 * total:
            return best
    return body


def _inline(text: str) -> list[str]:
    """Buffered text (already escaped inline) -> its lines."""
    text = _visible(text)
    parts = text.split(_BR) if _BR in text else [text]
    lines = (" ".join(part.split()) for part in parts)
    return [line for line in lines if line]


_BOLD = frozenset(("b", "strong"))
_STRONG_OPEN, _STRONG_CLOSE = "\x01", "\x02"  # around bold text in the buffer, until the block is known
_BOLD_SPAN = re.compile("\x01[^\x02]*\x02")
_LINK_OPEN, _LINK_CLOSE = "\x03", "\x04"  # around a link's text in the buffer
_LINK_SPAN = re.compile("\x03[^\x04]*\x04")
_LEAD = re.compile("((?:\x01[^\x02]*\x02\\s*){1,2})(?=\\S)")


def _link_target(href: str) -> str:
    """A link target as Markdown's <...> form holds it."""
    return "".join(c for c in href if c not in "<>\n\r\\").replace(" ", "%20")


class _Walker:
    """Collects blocks from one subtree with an explicit stack of open headings and list items."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.items: set[int] = set()  # indexes of blocks that are list items
        self.buf: list[str] = []
        self.context: list[tuple[str, int]] = []  # ("h", level) or ("li", depth)
        self.item_started: list[bool] = []
        self.list_depth = 0
        self.bold = 0  # open <b>/<strong> elements
        self.links: list[str] = []  # targets of the open links, and of the links seen in this block

    def text(self, text: str | None) -> None:
        if text:
            text = escape_inline(text)
            self.buf.append(f"{_STRONG_OPEN}{text}{_STRONG_CLOSE}" if self.bold and text.strip() else text)

    def walk(self, root: etree._Element) -> str:
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if tag == "table" or el.get("role") in _TABLE_ROLES:
                    self.flush()
                    self.table(el)
                    walker.skip_subtree()  # its "end" event still comes, with the tail
                    continue
                if tag == "pre":
                    self.flush()
                    self.pre(el)
                    walker.skip_subtree()
                    continue
                if tag == "a" and el.get("href", "")[:7].lower() == "mailto:":
                    self.mailto(el)
                    walker.skip_subtree()
                    continue
                if tag == "a" and el.get("href"):
                    self.buf.append(_LINK_OPEN)
                    self.links.append(el.get("href", ""))
                self.start(tag)
                self.text(el.text)
            else:
                self.end(tag)
                if tag == "a" and el.get("href") and el.get("href", "")[:7].lower() != "mailto:":
                    self.buf.append(_LINK_CLOSE)
                if el is not root:
                    self.text(el.tail)
        self.flush()
        out: list[str] = []
        for i, block in enumerate(self.blocks):
            if i:
                tight = i in self.items and (i - 1) in self.items
                out.append("\n" if tight else "\n\n")
            out.append(block)
        return "".join(out)

    def start(self, tag: str) -> None:
        if tag in HEADINGS:
            self.flush()
            self.context.append(("h", HEADINGS[tag]))
        elif tag == "li":
            self.flush()
            self.context.append(("li", max(self.list_depth, 1)))
            self.item_started.append(False)
        elif tag in ("ul", "ol", "dl"):
            self.flush()
            self.list_depth += 1
        elif tag == "dt":  # a term and the descriptions after it are one entry of the list
            self.flush()
            self._close_term()
            self.context.append(("li", max(self.list_depth, 1)))
            self.item_started.append(False)
        elif tag == "br":
            self.buf.append(_BR)
        elif tag in _BOLD:
            self.bold += 1
        elif tag in BLOCKS or tag == "tr":
            self.flush()

    def _close_term(self) -> None:
        """Ends the entry a <dt> opened: at the next term, or at the end of its list."""
        if self.context and self.context[-1][0] == "li" and self.context[-1][1] == max(self.list_depth, 1):
            self.context.pop()
            self.item_started.pop()

    def mailto(self, el: etree._Element) -> None:
        """A mail link keeps the address it points to when its text does not show it (a contact)."""
        label = " ".join(_visible(_text(el)).split())
        address = el.get("href", "")[7:].split("?")[0].strip()
        if address and address.casefold() not in label.casefold():
            label = f"{label} ({address})" if label else f" {address} "  # an icon's link: no word to glue to
        self.text(label)

    def end(self, tag: str) -> None:
        if tag in _BOLD:
            self.bold = max(self.bold - 1, 0)
        elif tag in HEADINGS:
            self.flush()
            if self.context and self.context[-1][0] == "h":
                self.context.pop()
        elif tag == "li":
            self.flush()
            if self.context and self.context[-1][0] == "li":
                self.context.pop()
                self.item_started.pop()
        elif tag in ("ul", "ol", "dl"):
            self.flush()
            if tag == "dl":
                self._close_term()
            self.list_depth = max(self.list_depth - 1, 0)
        elif tag in BLOCKS:
            self.flush()

    def flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf = []
        links, self.links = self.links, []
        bold_only = (
            _STRONG_OPEN in raw
            and not _BOLD_SPAN.sub("", raw.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")).replace(_BR, "").strip()
        )
        link_only = (
            len(links) == 1
            and raw.count(_LINK_OPEN) == 1
            and _LINK_SPAN.search(raw) is not None
            and not _LINK_SPAN.sub("", raw)
            .replace(_BR, "")
            .replace(_STRONG_OPEN, "")
            .replace(_STRONG_CLOSE, "")
            .strip()
        )
        raw = raw.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
        lead = _LEAD.match(raw.lstrip()) if not bold_only and _BR not in raw else None
        lines = _inline(raw.replace(_STRONG_OPEN, "").replace(_STRONG_CLOSE, ""))
        if not lines:
            return
        if lead and len(lines) == 1 and not (self.context and self.context[-1][0] == "h"):
            # bold words opening a paragraph stay bold: "**3.7. Sharing.** By registering ..." may be a run-in heading
            head = " ".join(_visible(lead.group(1)).replace(_STRONG_OPEN, " ").replace(_STRONG_CLOSE, " ").split())
            after = raw.lstrip()[lead.end() :]
            rest = " ".join(_visible(after).replace(_STRONG_OPEN, "").replace(_STRONG_CLOSE, "").split())
            if head and rest:  # a space after the mark: "**1. Definitions.**For" would not close in Markdown
                self._append([f"**{escape_line_start(head)}** {rest}"])
                return
        if self.context and self.context[-1][0] == "h":
            self.blocks.append("#" * self.context[-1][1] + " " + " ".join(lines))
            return
        lines = [escape_line_start(line) for line in lines]
        if link_only and len(lines) == 1:
            lines = [f"[{lines[0]}](<{_link_target(links[0])}>)"]
        elif bold_only and len(lines) == 1:
            lines = [f"**{lines[0]}**"]
        self._append(lines)

    def _append(self, lines: list[str]) -> None:
        if self.context and self.context[-1][0] == "li":
            indent = "  " * (self.context[-1][1] - 1)
            first = not self.item_started[-1]
            self.item_started[-1] = True
            if first:
                self.items.add(len(self.blocks))
            self.blocks.append(indent + ("- " if first else "  ") + ("\\\n" + indent + "  ").join(lines))
            return
        self.blocks.append("\\\n".join(lines))

    def pre(self, el: etree._Element) -> None:
        lines = [
            escape_line_start(escape_inline(" ".join(line.split())))
            for line in _visible(_text(el)).split("\n")
            if line.strip()
        ]
        if lines:
            self.blocks.append("\\\n".join(lines))

    def table(self, table: etree._Element) -> None:
        rows: list[list[str]] = []
        carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still spanned) of rowspan cells
        for cells in _table_rows(table):
            texts = _spread(cells, carried)
            if any(texts):
                rows.append(texts)
        if not rows:
            return
        if all(len(r) <= 1 for r in rows):  # a layout table: its cells are just blocks
            self.blocks.extend(escape_line_start(r[0]) for r in rows if r and r[0])
            return
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)  # GFM needs it; the first row is read as the header, marked or not
        self.blocks.append("\n".join(lines))


def _spread(cells: list[etree._Element], carried: dict[int, tuple[str, int]]) -> list[str]:
    """One row's texts in the table's columns: a cell spanning rows is repeated in the rows below it
    (a vendor named once beside two services is the vendor of both), and a cell spanning columns
    holds the first of them, the others left empty (a group label across the table is said once)."""
    texts: list[str] = []
    queue = list(cells)
    while queue or any(col >= len(texts) for col in carried):
        col = len(texts)
        if col in carried:
            text, left = carried[col]
            texts.append(text)
            if left > 1:
                carried[col] = (text, left - 1)
            else:
                del carried[col]
            continue
        if not queue:
            texts.append("")
            continue
        cell = queue.pop(0)
        text = _cell_text(cell)
        across = _span(cell.get("colspan"))
        down = _span(cell.get("rowspan"))
        if down > 1:
            carried[col] = (text, down - 1)
        texts.append(text)
        for extra in range(1, across):
            if down > 1:
                carried[col + extra] = ("", down - 1)
            texts.append("")
    return texts


def _span(value: str | None) -> int:
    """A rowspan/colspan as a count, capped so a page cannot make a table of millions of cells."""
    try:
        return max(1, min(int((value or "1").strip()), 100))
    except ValueError:
        return 1


_TABLE_ROLES = frozenset(("table", "grid", "treegrid"))  # a table of <div>s, marked for assistive technology
_CELL_ROLES = frozenset(("cell", "gridcell", "columnheader", "rowheader"))


def _table_rows(table: etree._Element) -> Iterator[list[etree._Element]]:
    """The cells of each row of ``table`` (not of a table inside it): <td>/<th> of each <tr>, or the
    elements whose ARIA roles say row and cell."""
    if table.tag == "table":
        for tr in table.iter("tr"):
            if _nearest_table(tr) is table:
                yield [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        return
    for row in table.iterdescendants():
        if row.get("role") == "row" and _nearest_table(row) is table:
            yield [c for c in row.iterdescendants() if c.get("role") in _CELL_ROLES and _nearest_row(c) is row]


def _nearest_row(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors() if a.get("role") == "row"), None)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors() if a.tag == "table" or a.get("role") in _TABLE_ROLES), None)


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    for event, el in etree.iterwalk(cell, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br" or tag == "li" or tag in BLOCKS:
            parts.append(" ")
        if event == "start":
            parts.append(el.text or "")
        elif el is not cell:
            parts.append(el.tail or "")
    return escape_inline(" ".join(_visible("".join(parts)).split())).replace("|", "\\|")
