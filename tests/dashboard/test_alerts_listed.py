"""The day's alerts on the overview page and in the digest, labelled by the reader's role."""

from __future__ import annotations

from query_dataset import DAY, JOSE
from sqlalchemy import Engine, select

from dashboard.digest import build_digest
from storage.alerts import record_alert
from storage.engine import transaction
from storage.models import Individual
from storage.privacy import Names
from testigo.name_masking import name_masker

KEY = b"test pseudonym key, 32 bytes...."


def _alert_on_jose(engine: Engine) -> int:
    with transaction(engine) as session:
        jose = session.scalars(select(Individual).where(Individual.name == JOSE)).one()
        facts = {"individual_id": jose.id, "score": 71.5, "rise": 71.5, "counts": {"posts": 4}}
        record_alert(session, "team-chat", "exposure", f"individual:{jose.id}", DAY, facts)
        spike = {"dimension": "frame", "id": "criminality_terrorism", "posts": 4,
                 "baseline_median": 0.0}  # fmt: skip
        record_alert(session, "team-chat", "spike", "frame:criminality_terrorism", DAY, spike)
        return jose.id


def test_a_viewer_sees_the_days_alerts_by_pseudonym_an_analyst_by_name(loaded, engine, client_as):
    jose_id = _alert_on_jose(engine)
    query = f"/?since={DAY}&until={DAY}"
    viewer = client_as("viewer").get(query)
    assert viewer.status_code == 200
    assert "team-chat" in viewer.text and "score 71.5 (+71.5), 4 posts" in viewer.text
    assert "frame criminality_terrorism" in viewer.text
    assert JOSE not in viewer.text and f"/individuals/{jose_id}" in viewer.text
    analyst = client_as("analyst").get(query)
    assert JOSE in analyst.text


def test_the_digest_lists_the_days_alerts(loaded, engine):
    _alert_on_jose(engine)
    with transaction(engine) as session:
        built = build_digest(session, DAY, names=Names(KEY, masker=name_masker()))
    section = built.markdown.split("## Alerts")[1].split("##")[0]
    assert "team-chat: exposure person-" in section and "(pending)" in section
    assert "spike frame criminality_terrorism, 4 posts, baseline 0" in section
    assert JOSE not in built.markdown
