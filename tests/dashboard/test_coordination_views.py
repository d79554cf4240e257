"""The overview and the digest show the day's largest coordinated clusters, masked for viewers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "coordination"))

from named_campaign import CAMPAIGN, DAY, store_named_campaign  # noqa: E402
from query_dataset import JOSE  # noqa: E402
from web_helpers import PSEUDONYM_KEY  # noqa: E402

from dashboard.digest import build_digest  # noqa: E402
from storage.engine import transaction  # noqa: E402
from storage.privacy import Names, pseudonym  # noqa: E402
from storage.writes import name_key  # noqa: E402
from testigo.name_masking import name_masker  # noqa: E402

DATE = DAY.date().isoformat()
SAMPLE_WORDS = "es un terrorista del Tren de Aragua"


def test_the_overview_lists_the_campaign_with_a_pseudonym_for_viewers(client_as, engine):
    store_named_campaign(engine)
    viewer = client_as("viewer").get(f"/?until={DATE}").text
    assert SAMPLE_WORDS in viewer and "6" in viewer
    assert JOSE not in viewer and "Pérez" not in viewer
    assert pseudonym(name_key(JOSE), PSEUDONYM_KEY) in viewer
    analyst = client_as("analyst").get(f"/?until={DATE}").text
    assert CAMPAIGN.split(" es ")[0] in analyst.replace("&#39;", "'")


def test_the_digest_has_a_line_per_cluster_masked_for_its_readers(engine):
    store_named_campaign(engine)
    hidden = Names(PSEUDONYM_KEY, masker=name_masker())
    with transaction(engine) as session:
        digest = build_digest(session, DAY.date(), names=hidden)
    section = digest.markdown.split("## Coordinated amplification\n", 1)[1].split("\n## ")[0]
    (line,) = [item for item in section.splitlines() if item.startswith("- ")]
    assert line.startswith("- 6 accounts, 6 posts in 150 s on x (same text, from 15:00 UTC)")
    assert SAMPLE_WORDS in line and JOSE not in digest.markdown and JOSE not in digest.html
