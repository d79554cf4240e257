"""The pipeline as other packages use it: languages, order, versions, hostile text."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from nlp.lexicon import LexiconError, data_paths
from nlp.pipeline import Pipeline, load_pipeline, load_saved_pipeline


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Los presos políticos no son moneda de cambio para nadie.", "es"),
        ("They are not terrorists and they never saw a judge.", "en"),
        ("Os presos políticos não são moeda de troca.", "pt"),
        # Names tip the statistical detector towards French; "con" settles the near tie.
        ("Ayer hablé con Xoandry Quilarque Tovito en la plaza; Bukele no respondió.", "es"),
        # The same word in a plainly Italian post does not make it Spanish.
        ("Ho parlato con Marco ieri sera in piazza, era contento.", "it"),
        ("", "und"),
        ("😀🙏🔥", "und"),
    ],
)
def test_language_is_detected(pipeline: Pipeline, text: str, lang: str) -> None:
    assert pipeline.annotate(text).lang == lang


def test_given_language_is_used_as_its_primary_subtag(pipeline: Pipeline) -> None:
    assert pipeline.annotate("They are not terrorists", lang="es-VE").lang == "es"


def test_annotate_many_keeps_order_and_agrees_with_annotate(pipeline: Pipeline) -> None:
    texts = [f"post {i}: Bukele y Maduro" if i % 2 else f"post {i}: CECOT" for i in range(600)]
    many = list(pipeline.annotate_many(((t, None) for t in texts), batch_size=64))
    assert [a.actors[0].start for a in many] == [len(t.split(":")[0]) + 2 for t in texts]
    assert many[7] == pipeline.annotate(texts[7])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😀" * 50,
        "x" * 1_000_000,
        ("Bukele terroristas " * 60_000),
        "\x00\x01\x02 Maduro \x1b[31m \x7f \u2028 \u200b",
        "&quot;terroristas&quot; &amp; &#39; &#x1F600; &bogus; &",
        "lone \ud800 surrogate Bukele",
        "#" * 1000 + "@" * 1000,
        "Yeferson, por",  # a name, a comma and lower-case words up to the end of the post
    ],
)
def test_hostile_text_never_crashes_and_offsets_hold(pipeline: Pipeline, text: str) -> None:
    annotation = pipeline.annotate(text)
    for mention in (*annotation.actors, *annotation.frames, *annotation.details):
        assert mention.text == text[mention.start : mention.end].replace("\ud800", "\ufffd")


def test_html_entities_do_not_hide_cues(pipeline: Pipeline) -> None:
    frames = pipeline.annotate("los llaman &quot;terroristas&quot;").frames
    assert [(f.frame_id, f.polarity, f.text) for f in frames] == [
        ("criminality_terrorism", "contested", "terroristas")
    ]


def test_version_is_code_plus_data_hash_and_follows_data_edits(tmp_path: Path) -> None:
    default = load_pipeline()
    assert default.version.startswith("2.1+config.")
    assert "+data." in default.version
    shutil.copy(data_paths()["public_figures.yaml"], tmp_path / "public_figures.yaml")
    with open(tmp_path / "public_figures.yaml", "a", encoding="utf-8") as handle:
        handle.write("  - Nayib Armando Bukele Ortez\n")
    edited = load_pipeline(data_dir=tmp_path)
    assert edited.version != default.version
    assert default.annotate("Nayib Armando Bukele Ortez habló").actors != ()
    assert edited.annotate("Nayib Armando Bukele Ortez habló").actors == ()


def test_malformed_data_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "watchlist.yaml").write_text("people:\n  - name: X\n    kind: nobody\n", "utf-8")
    with pytest.raises(LexiconError, match="watchlist.yaml: people\\[0\\]: kind"):
        load_pipeline(data_dir=tmp_path)


def test_non_string_text_is_a_type_error(pipeline: Pipeline) -> None:
    with pytest.raises(TypeError):
        pipeline.annotate(None)  # type: ignore[arg-type]


def test_a_saved_pipeline_annotates_as_the_one_saved(pipeline: Pipeline, tmp_path: Path) -> None:
    texts = [
        "Washington pagó por las celdas; mi primo Wuilmer sigue en el CECOT sin abogado.",
        "The Trump administration called them alien enemies. Bukele posted the video.",
    ]
    pipeline.to_disk(tmp_path / "saved")
    saved = load_saved_pipeline(tmp_path / "saved")
    assert saved.nlp.pipe_names == pipeline.nlp.pipe_names
    for text in texts:
        before, after = pipeline.annotate(text), saved.annotate(text)
        assert (after.actors, after.frames, after.individuals) == (
            before.actors,
            before.frames,
            before.individuals,
        )
        assert before.actors and before.frames


def test_stages_write_span_groups_on_the_doc(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Caracas answered: free Rafael Tudares, they are not terrorists.")
    assert [(s.label_, s.text) for s in doc.spans["actors"]] == [
        ("venezuelan_government", "Caracas")
    ]
    assert ("criminality_terrorism", "contested") in {
        (s.label_, s._.polarity) for s in doc.spans["frames"]
    }
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["individuals"]] == [
        ("Rafael Tudares", "watchlist", "Rafael Tudares")
    ]


def test_annotating_leaves_nothing_for_the_garbage_collector(pipeline: Pipeline) -> None:
    """A post's doc and everything made for it are freed as soon as its annotation is out:
    left in reference cycles, they all waited for collections that rescanned them first."""
    posts = [
        ("El gobierno de Bukele trasladó a Luis Pérez al CECOT; su madre pide verlo.", None),
        ("Trump administration officials called the men terrorists without a hearing.", "en"),
    ] * 20
    gc.collect()
    gc.disable()
    try:
        annotations = list(pipeline.annotate_many(posts))
        left_in_cycles = gc.collect()
    finally:
        gc.enable()
    assert len(annotations) == len(posts) and annotations[0].actors
    assert left_in_cycles == 0


def test_rules_past_spacys_symbols_still_match(
    rules_only: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher keys its rules by spaCy's symbol names while they last, then by the rules'
    own keys: a lexicon with more rules than spaCy has symbols tags the same."""
    import nlp.matching

    monkeypatch.setattr(nlp.matching, "_SYMBOL_KEYS", nlp.matching._SYMBOL_KEYS[:3])
    few_symbols = load_pipeline(frame_classifier=False)
    texts = [
        ("Bukele ofrece canjear a los venezolanos del CECOT por presos políticos.", "es"),
        ("Freddy Superlano remains detained; Caracas called the deportations a kidnapping.", "en"),
        ("El Salvador says the men are Tren de Aragua terrorists; their families deny it.", None),
    ]
    expected = list(rules_only.annotate_many(texts))
    assert list(few_symbols.annotate_many(texts)) == expected
    assert all(annotation.actors and annotation.frames for annotation in expected)
