"""PDF policies: their text, page by page, read as plain text (headings come from the line shapes)."""

from __future__ import annotations

import io
import logging

from policywatch.monitor.extract.errors import ExtractionError

MAX_PAGES = 200


def pdf_text(body: bytes) -> tuple[str | None, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every quirk of real PDFs
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise ExtractionError("the PDF is encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise ExtractionError(f"the PDF has {len(reader.pages)} pages; more than {MAX_PAGES} is not a policy")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"unreadable PDF: {exc}") from None
    return (str(title) if title else None), "\n".join(pages)
