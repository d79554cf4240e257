"""Train the frame classifier (spaCy textcat_multilabel) on the gold set's training part.

`python -m nlp.train_frames` trains with nlp/train/frame_classifier.cfg and writes what
`spacy.load` needs to nlp/models/frame_classifier/, where `nlp.pipeline.build_language` sources
it. `--cross-validate` compares architectures, thresholds and the classifier score that supports
a weak cue (frames.yaml `weak_terms`) by k-fold cross-validation on the training part, scoring
the whole pipeline (rules + classifier) with `nlp.evaluate`; from the same fold models it then
compares per-frame thresholds and other uses of the classifier's votes (nlp.frame_thresholds).
Only lines with "split": "train" are ever trained or cross-validated on; `--dev-report` measures
the development part once, as a whole (totals and per frame, rules alone and with the shipped
classifier), and prints no line of it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin

from nlp.evaluate import FRAMES, Counts, evaluate
from nlp.frame_thresholds import HeldOut, pool, read_held_out, set_threshold
from nlp.frame_thresholds import report as thresholds_report
from nlp.pipeline import (
    FRAME_CLASSIFIER,
    FRAME_CLASSIFIER_PATH,
    Pipeline,
    add_frame_classifier,
    load_pipeline,
)
from nlp.text import clean_for_tokens

GOLD_DIR = Path(__file__).parent / "gold"
# Short posts written against the lexicons; extra training data unless --without-posts.
POSTS_PATH = Path(__file__).parents[1] / "tests" / "data" / "nlp_gold.jsonl"
CONFIG_PATH = Path(__file__).parent / "train" / "frame_classifier.cfg"
TRAIN = "train"
_PIPE = "textcat_multilabel"
# What spacy.load needs of a trained pipeline with this one component.
_MODEL_PARTS = ("config.cfg", "meta.json", "tokenizer", "vocab", _PIPE)
# Beside the model: what it was trained on, so a test can tell when the gold set has moved on.
FINGERPRINT_FILE = "training.json"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
# Classifier scores that let a weak cue count, compared at the shipped threshold; above 1.0 the
# classifier never supports one (a second weak cue still does).
WEAK_SUPPORTS = (0.1, 0.2, 0.3, 0.5, 1.01)

Line = dict[str, Any]


def training_lines(gold_dir: Path = GOLD_DIR, with_posts: bool = False) -> list[Line]:
    """The training part of the gold set (and, with `with_posts`, the short test posts)."""
    lines = [
        line
        for path in sorted(gold_dir.glob("*.jsonl"))
        for line in _read(path)
        if line.get("split") == TRAIN
    ]
    return lines + (_read(POSTS_PATH) if with_posts else [])


def _read(path: Path) -> list[Line]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(text) for text in handle if text.strip()]


def training_fingerprint(lines: Iterable[Line], config_path: Path = CONFIG_PATH) -> str:
    """A digest of what training reads (each line's text and frames, and the config), so that
    a shipped model `make train-frames` would no longer reproduce is noticed."""
    digest = hashlib.sha256(config_path.read_bytes())
    for line in lines:
        record = [line["text"], sorted(line.get("frames", {}))]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def frame_labels(pipeline: Pipeline) -> list[str]:
    return sorted({entry.frame_id for entry in pipeline.lexicon.frames})


def write_docbin(lines: Iterable[Line], path: Path, pipeline: Pipeline) -> Path:
    """Docs tokenized as the pipeline tokenizes a post; cats 1.0 for each gold frame (either
    polarity) and 0.0 for the others."""
    labels = frame_labels(pipeline)
    docs = DocBin(store_user_data=False)
    for line in lines:
        doc = pipeline.nlp.make_doc(clean_for_tokens(line["text"]))
        framed = set(line.get("frames", {}))
        doc.cats = {label: float(label in framed) for label in labels}
        docs.add(doc)
    docs.to_disk(path)
    return path


def train(
    lines: Sequence[Line],
    output_dir: Path,
    *,
    config_path: Path = CONFIG_PATH,
    overrides: dict[str, Any] | None = None,
    quiet: bool = False,
) -> Path:
    """`spacy train` on `lines` (the config's fixed number of epochs, no held-out part); the
    last model's loadable parts are written to `output_dir`."""
    rules = load_pipeline(frame_classifier=False)
    with tempfile.TemporaryDirectory(prefix="testigo-frames-") as tmp:
        corpus = write_docbin(lines, Path(tmp) / "train.spacy", rules)
        paths = {"paths.train": str(corpus), "paths.dev": str(corpus)}
        out = Path(tmp) / "out"
        sink = io.StringIO() if quiet else sys.stdout
        with contextlib.redirect_stdout(sink):
            spacy_train(config_path, out, overrides={**paths, **(overrides or {})})
        last = out / "model-last"
        if output_dir.exists():
            shutil.rmtree(output_dir)
        output_dir.mkdir(parents=True)
        for part in _MODEL_PARTS:
            source = last / part
            if source.is_dir():
                shutil.copytree(source, output_dir / part)
            elif source.is_file():
                shutil.copy2(source, output_dir / part)
    _forget_corpus_paths(output_dir / "config.cfg")
    return output_dir


def _forget_corpus_paths(config_file: Path) -> None:
    """The saved config names the temporary corpus it was trained on; loading never reads it,
    and without it two trainings on the same lines write the same files."""
    config = spacy.util.load_config(config_file, interpolate=False)
    config["paths"].update({"train": None, "dev": None})
    config.to_disk(config_file)


def with_classifier(model_dir: Path, threshold: float) -> Pipeline:
    """The rule pipeline with the classifier in `model_dir` sourced as build_language does."""
    nlp = load_pipeline(frame_classifier=False).nlp
    add_frame_classifier(nlp, model_dir)
    return Pipeline(set_threshold(nlp, threshold), None)


# Candidates compared by --cross-validate: (name, model block, extra overrides, with_posts).
_TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 64,
        # Only attributes the rule tokenizer's restricted vocabulary computes.
        "attrs": ["NORM", "LOWER"],
        "rows": [5000, 2500],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 64,
        "window_size": 1,
        "maxout_pieces": 3,
        "depth": 2,
    },
}


def _bow(ngram_size: int) -> dict[str, Any]:
    return {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": ngram_size,
        "no_output_layer": False,
        "length": 65536,
        "nO": None,
    }


def _bow_norm(ngram_size: int) -> dict[str, Any]:
    return {**_bow(ngram_size), "@architectures": "testigo.TextCatBOWNorm.v1"}


# "norm" candidates read token norms (nlp/frame_model.py), "bow" ones token texts; "+posts"
# adds the short tests/data posts to the training part. The shipped config is norm1+posts.
CANDIDATES: dict[str, tuple[dict[str, Any], dict[str, Any], bool]] = {
    "norm1+posts": (_bow_norm(1), {}, True),
    "norm2+posts": (_bow_norm(2), {}, True),
    "norm1": (_bow_norm(1), {}, False),
    "norm1+posts-30ep": (_bow_norm(1), {"training.max_epochs": 30}, True),
    "bow2+posts": (_bow(2), {}, True),
    "bow2": (_bow(2), {}, False),
    "reduce": (
        {
            "@architectures": "spacy.TextCatReduce.v1",
            "exclusive_classes": False,
            "use_reduce_first": False,
            "use_reduce_last": False,
            "use_reduce_max": True,
            "use_reduce_mean": True,
            "nO": None,
            "tok2vec": _TOK2VEC,
        },
        {},
        False,
    ),
    "ensemble": (
        {
            "@architectures": "spacy.TextCatEnsemble.v2",
            "nO": None,
            "linear_model": {**_bow(2), "nO": None},
            "tok2vec": _TOK2VEC,
        },
        {},
        False,
    ),
}


@dataclass
class CrossValidation:
    folds: int
    rules: Counts = field(default_factory=Counts)
    scores: dict[tuple[str, float], Counts] = field(default_factory=dict)
    alone: dict[tuple[str, float], Counts] = field(default_factory=dict)
    supports: dict[tuple[str, float], Counts] = field(default_factory=dict)
    # Out-of-fold readings per candidate, for per-frame thresholds (nlp.frame_thresholds).
    held_out: dict[str, list[HeldOut]] = field(default_factory=dict)

    def add(self, key: tuple[str, float], counts: Counts) -> None:
        pool(self.scores.setdefault(key, Counts()), counts)

    def add_alone(self, key: tuple[str, float], counts: Counts) -> None:
        pool(self.alone.setdefault(key, Counts()), counts)

    def add_support(self, key: tuple[str, float], counts: Counts) -> None:
        pool(self.supports.setdefault(key, Counts()), counts)

    def table(self) -> str:
        """Pooled P/R/F1 of the pipeline (rules + classifier) and of the classifier alone."""
        rows = [
            f"{'candidate':<17} {'thr':>4} {'P':>6} {'R':>6} {'F1':>6}"
            f"   alone: {'P':>6} {'R':>6} {'F1':>6}",
            f"{'rules alone':<17} {'-':>4} {_prf(self.rules)}",
        ]
        for (name, threshold), counts in self.scores.items():
            alone = self.alone[(name, threshold)]
            rows.append(f"{name:<17} {threshold:4.2f} {_prf(counts)}          {_prf(alone)}")
        for (name, support), counts in self.supports.items():
            rows.append(f"{name:<17} weak cue support {support:4.2f}: {_prf(counts)}")
        return "\n".join(rows)


def _prf(counts: Counts) -> str:
    return f"{counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}"


def folds_of(lines: Sequence[Line], k: int, seed: int) -> list[list[Line]]:
    """k folds; passages from the same source URL stay in one fold."""
    groups: dict[str, list[Line]] = {}
    for line in lines:
        key = (line.get("source") or {}).get("url") or f"id:{line['id']}"
        groups.setdefault(key, []).append(line)
    ordered = list(groups.values())
    random.Random(seed).shuffle(ordered)
    ordered.sort(key=len, reverse=True)
    folds: list[list[Line]] = [[] for _ in range(k)]
    for group in ordered:
        min(folds, key=len).extend(group)
    return folds


def cleaned_texts(lines: Iterable[Line]) -> Iterator[str]:
    return (clean_for_tokens(line["text"]) for line in lines)


def _alone(lines: Sequence[Line], cats: Sequence[dict[str, float]], threshold: float) -> Counts:
    """The classifier's own frame counts, without the rules."""
    counts = Counts()
    for line, scores in zip(lines, cats, strict=True):
        predicted = {label for label, score in scores.items() if score >= threshold}
        counts.add(set(line.get("frames", {})), predicted)
    return counts


def cross_validate(
    candidates: Sequence[str], k: int = 5, seed: int = 13, thresholds: Sequence[float] = THRESHOLDS
) -> CrossValidation:
    """Pooled frame P/R/F1 of the whole pipeline over k held-out folds of the training part."""
    base = spacy.util.load_config(CONFIG_PATH)
    folds = folds_of(training_lines(), k, seed)
    result = CrossValidation(k)
    rules = load_pipeline(frame_classifier=False)
    shipped = rules.nlp.get_pipe_config("testigo_frames")["classifier_threshold"]
    weak_support = rules.nlp.get_pipe_config("testigo_frames")["weak_cue_support"]
    with tempfile.TemporaryDirectory(prefix="testigo-frames-cv-") as tmp:
        for index, held_out in enumerate(folds):
            fold_counts = evaluate(rules, held_out).totals[FRAMES]
            result.add(("rules", 0.0), fold_counts)
            for name in candidates:
                model, overrides, with_posts = CANDIDATES[name]
                config = base.copy()
                config["components"][_PIPE]["model"] = model
                config_path = Path(tmp) / f"{name}.cfg"
                config.to_disk(config_path)
                rest = [line for i, fold in enumerate(folds) if i != index for line in fold]
                if with_posts:
                    rest += _read(POSTS_PATH)
                model_dir = train(
                    rest,
                    Path(tmp) / f"{name}-{index}",
                    config_path=config_path,
                    overrides=overrides,
                    quiet=True,
                )
                pipeline = with_classifier(model_dir, thresholds[0])
                cats = [doc.cats for doc in pipeline.nlp.pipe(cleaned_texts(held_out))]
                readings = read_held_out(pipeline, held_out, index, cats, weak_support)
                result.held_out.setdefault(name, []).extend(readings)
                for threshold in thresholds:
                    set_threshold(pipeline.nlp, threshold, weak_support)
                    result.add((name, threshold), evaluate(pipeline, held_out).totals[FRAMES])
                    result.add_alone((name, threshold), _alone(held_out, cats, threshold))
                for support in WEAK_SUPPORTS:
                    set_threshold(pipeline.nlp, shipped, support)
                    result.add_support((name, support), evaluate(pipeline, held_out).totals[FRAMES])
            print(f"fold {index + 1}/{k} done", file=sys.stderr)
    result.rules = result.scores.pop(("rules", 0.0))
    return result


def dev_report(gold_dir: Path = GOLD_DIR) -> str:
    """Frame P/R/F1 on the development part as a whole: rules alone, then with the classifier."""
    dev = [
        line
        for path in sorted(gold_dir.glob("*.jsonl"))
        for line in _read(path)
        if line.get("split") == "dev"
    ]
    rows = [f"development part: {len(dev)} passages"]
    for label, classifier in (("rules alone", False), ("rules + classifier", True)):
        pipeline = load_pipeline(frame_classifier=classifier)
        if classifier and FRAME_CLASSIFIER not in pipeline.nlp.pipe_names:
            rows.append("rules + classifier: no classifier in nlp/models/frame_classifier/")
            continue
        report = evaluate(pipeline, dev)
        rows.append(f"{label:<22} {_prf(report.totals[FRAMES])}")
        for frame_id, counts in sorted(report.per_id[FRAMES].items()):
            rows.append(f"  {frame_id:<22} {_prf(counts)}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m nlp.train_frames", description=__doc__)
    parser.add_argument("--output", type=Path, default=FRAME_CLASSIFIER_PATH)
    parser.add_argument("--config", type=Path, default=CONFIG_PATH)
    parser.add_argument(
        "--without-posts",
        action="store_true",
        help="train on the gold training part alone (by default the short tests/data posts "
        "join it: cross-validation on the training part scored that higher)",
    )
    parser.add_argument("--max-epochs", type=int, help="override the config's epochs")
    parser.add_argument("--sample", type=int, help="train on the first N lines only (tests)")
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--candidates", nargs="*", default=list(CANDIDATES))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dev-report", action="store_true")
    args = parser.parse_args(argv)
    if args.dev_report:
        print(dev_report())
        return
    if args.cross_validate:
        result = cross_validate(args.candidates, k=args.folds)
        print(result.table())
        shipped = load_pipeline(frame_classifier=False).nlp.get_pipe_config("testigo_frames")
        for name, readings in result.held_out.items():
            print(f"\n{name}\n{thresholds_report(readings, shipped['classifier_threshold'])}")
        return
    lines = training_lines(with_posts=not args.without_posts)[: args.sample]
    overrides = {"training.max_epochs": args.max_epochs} if args.max_epochs else {}
    output = train(lines, args.output, config_path=args.config, overrides=overrides)
    record = {"passages": len(lines), "fingerprint": training_fingerprint(lines, args.config)}
    (output / FINGERPRINT_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(f"frame classifier: {len(lines)} passages -> {output} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
