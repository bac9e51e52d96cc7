"""What the extractor reads from every fixture page, as hashes: the golden file for test_readings.

Regenerate (only together with a new EXTRACTOR_VERSION) with:
    python -m tests.readings_golden > tests/fixtures/readings-pw-12.json
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from policywatch.monitor.canonical import fingerprint
from policywatch.monitor.extract import extract
from tests.sitekit import policy_page, seed_texts

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def readings() -> dict[str, list]:
    out: dict[str, list] = {}
    pages = {f"seed/{name}": policy_page(text).encode() for name, text in seed_texts().items()}
    pages |= {f"corpus/{f.parent.name}/{f.name}": f.read_bytes() for f in sorted(CORPUS.glob("*/*.html"))}
    pages |= {f"corpus/{f.parent.name}/{f.name}": f.read_bytes() for f in sorted(CORPUS.glob("*/*.md"))}
    for key, body in sorted(pages.items()):
        extracted = extract(body, "text/markdown" if key.endswith(".md") else "text/html")
        out[key] = [hashlib.sha256(extracted.text.encode()).hexdigest(), extracted.title, fingerprint(extracted.text)]
    for name, text in sorted(seed_texts().items()):
        out[f"seed-text/{name}"] = [fingerprint(text)]
    return out


if __name__ == "__main__":
    print(json.dumps(readings(), indent=1, sort_keys=True))
