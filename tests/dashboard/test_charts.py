"""The shared SVG charts read on their own: a legend names each line inside the picture, the
axes carry dates and values, every point shows and says its value on hover, labels stay text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dashboard.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="alert(2)'
# A generous width per character at the charts' 12 px font: text that fits this fits on screen.
CHAR_WIDTH = 7.5
FRAMES = (
    "criminality_terrorism",
    "humanitarian",
    "exchange_bargaining",
    "due_process",
    "political_repression",
    "asylum_protection",
    "sovereignty_kidnapping",
)


def _parse(svg: str) -> ET.Element:
    """The chart must be well-formed XML; an unescaped label would break it."""
    return ET.fromstring(svg)


def _box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    return width, height


def _texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def _inside(text: ET.Element, width: float, height: float) -> bool:
    x, y, length = float(text.attrib["x"]), float(text.attrib["y"]), len(text.text or "")
    start = {"middle": x - length * CHAR_WIDTH / 2, "end": x - length * CHAR_WIDTH}.get(
        text.attrib.get("text-anchor", "start"), x
    )
    return 0 <= start and start + length * CHAR_WIDTH <= width and 12 <= y <= height


def _days(count: int) -> list[str]:
    return [f"2025-04-{day:02d}" for day in range(1, count + 1)]


def test_legend_names_every_line_inside_the_chart_in_the_line_colour() -> None:
    series = {"bluesky": [1, 2, 3], "mastodon": [0, 1, 0], "telegram": [2, 2, 1]}
    root = _parse(line_chart("Posts by platform", _days(3), series))
    width, height = _box(root)
    shown = {t.text: t for t in _texts(root)}
    line_colour = {
        g.find(f"{SVG}polyline/{SVG}title").text: g.find(f"{SVG}polyline").attrib["stroke"]
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}polyline") is not None
    }
    swatch_colour = {
        g.find(f"{SVG}title").text: g.find(f"{SVG}rect").attrib["fill"]
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}rect") is not None
    }
    for name in series:
        assert name in shown, name
        assert _inside(shown[name], width, height), name
        assert swatch_colour[name] == line_colour[name], name
    assert len(set(line_colour.values())) == len(series), "each line has its own colour"


def test_many_long_series_names_wrap_inside_the_chart() -> None:
    series = {frame: [1, 2] for frame in FRAMES}
    root = _parse(line_chart("Posts by frame", _days(2), series))
    width, height = _box(root)
    legend = [t for t in _texts(root) if t.text in series]
    assert sorted(t.text for t in legend) == sorted(series)
    assert all(_inside(t, width, height) for t in legend)
    assert len({t.attrib["y"] for t in legend}) > 1, "seven frame ids take more than one row"


def test_x_axis_names_first_last_and_a_few_periods_between() -> None:
    days = _days(30)
    root = _parse(line_chart("Posts by frame", days, {"humanitarian": list(range(30))}))
    width, height = _box(root)
    dates = [t for t in _texts(root) if t.text in days]
    assert days[0] in {t.text for t in dates} and days[-1] in {t.text for t in dates}
    assert 3 <= len(dates) <= 8, [t.text for t in dates]
    assert all(_inside(t, width, height) for t in dates)


def test_y_axis_shows_zero_middle_and_highest_value() -> None:
    root = _parse(line_chart("Posts", _days(2), {"x": [1, 4], "bluesky": [4, 3]}))
    width, height = _box(root)
    ticks = {t.text: t for t in _texts(root) if t.attrib.get("text-anchor") == "end"}
    assert set(ticks) == {"0", "2", "4"}
    assert (
        float(ticks["0"].attrib["y"])
        > float(ticks["2"].attrib["y"])
        > float(ticks["4"].attrib["y"])
    ), "higher values sit higher"
    assert all(_inside(t, width, height) for t in ticks.values())


def test_large_values_keep_their_tick_labels_inside_the_chart() -> None:
    root = _parse(line_chart("Posts", _days(2), {"x": [1234567, 2345678]}))
    width, height = _box(root)
    ticks = [t for t in _texts(root) if t.attrib.get("text-anchor") == "end"]
    assert "2345678" in {t.text for t in ticks}
    assert all(_inside(t, width, height) for t in ticks)


def test_a_single_period_series_still_shows_a_point_with_its_value() -> None:
    root = _parse(line_chart("Posts naming each person", ["2025-04-21"], {"José Pérez": [4]}))
    width, height = _box(root)
    (point,) = list(root.iter(f"{SVG}circle"))
    assert 0 < float(point.attrib["cx"]) < width and 0 < float(point.attrib["cy"]) < height
    assert float(point.attrib["r"]) >= 3
    assert point.find(f"{SVG}title").text == "José Pérez, 2025-04-21: 4"
    assert "2025-04-21" in {t.text for t in _texts(root)}


def test_every_data_point_has_hover_text() -> None:
    series = {"bukele": [0, 3, 1.5], "maduro": [2, 0, 1]}
    root = _parse(line_chart("Actors", _days(3), series))
    hovers = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert len(hovers) == 6
    assert "bukele, 2025-04-03: 1.5" in hovers and "maduro, 2025-04-01: 2" in hovers


def test_chart_has_an_accessible_name_and_description() -> None:
    root = _parse(line_chart("Posts by platform", _days(3), {"x": [1, 2, 3]}))
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == "Posts by platform"
    assert root.find(f"{SVG}title").text == "Posts by platform"
    assert "2025-04-01 to 2025-04-03" in root.find(f"{SVG}desc").text


def test_a_chart_without_data_says_so() -> None:
    assert "no data" in {t.text for t in _texts(_parse(line_chart("Posts", [], {})))}
    assert "no data" in {t.text for t in _texts(_parse(bar_chart("Exposure", [])))}


def test_hostile_labels_come_out_as_text_never_markup() -> None:
    charts = (line_chart(HOSTILE, [HOSTILE], {HOSTILE: [3]}), bar_chart(HOSTILE, [(HOSTILE, 3)]))
    for chart in charts:
        assert "<script>" not in chart and "&lt;script&gt;" in chart
        assert 'onload="' not in chart
        root = _parse(chart)
        assert root.attrib["aria-label"] == HOSTILE, "the title cannot break out of its attribute"
        assert "onload" not in root.attrib
        assert not list(root.iter(f"{SVG}script"))


def test_bar_chart_shows_each_label_and_value_inside_the_chart() -> None:
    bars = [("José Pérez", 45.9), ("person-3fa9c2", 26.5)]
    root = _parse(bar_chart("Exposure score", bars))
    width, height = _box(root)
    shown = {t.text: t for t in _texts(root)}
    for label, value in bars:
        assert _inside(shown[label], width, height)
        assert _inside(shown[f"{value:g}"], width, height)
    rects = [float(r.attrib["width"]) for r in root.iter(f"{SVG}rect")]
    assert rects[0] > rects[1] > 0, "bar length follows the value"
