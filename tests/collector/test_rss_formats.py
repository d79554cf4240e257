"""Feeds as they come in the wild: every RSS and Atom version, odd encodings, zone names.

Each case is one that stopped or corrupted a real feed before feedparser read them
(issue 14). Feeds are served over loopback with the headers a real server sends.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from collector_helpers import quiet_http, source_config
from pytest_httpserver import HTTPServer

from collector.rss import RssCollector

HEADLINE = "Cancillería rechaza la propuesta de canje del CECOT"


def collect(httpserver: HTTPServer, *feeds: tuple[bytes, str]) -> list:
    """Serve each (body, content type) at /feed<n> and run one source over all of them."""
    for number, (body, content_type) in enumerate(feeds):
        httpserver.expect_request(f"/feed{number}").respond_with_data(
            body, content_type=content_type
        )
    source = source_config(httpserver, "rss", feeds=[f"feed{n}" for n in range(len(feeds))])
    client, _ = quiet_http()
    return list(RssCollector(source, {}, client).pages({}))


def rss(items: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    channel = f"<channel><title>t</title>{items}</channel>"
    return f'{declaration}<rss version="2.0">{channel}</rss>'.encode()


def item(title: str, date: str | None = "Mon, 21 Apr 2025 10:00:00 GMT", guid: str = "a1") -> str:
    published = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><guid>{guid}</guid>{published}</item>"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("encoding", ["bogus", "windows-874", "x-mac-roman", "x-sjis",
                                      "iso-8859-8-i"])  # fmt: skip
def test_an_encoding_python_does_not_know_stops_nothing(
    httpserver: HTTPServer, encoding: str
) -> None:
    odd = rss(item("Bukele propone un canje"), f'<?xml version="1.0" encoding="{encoding}"?>')
    after = rss(item(HEADLINE, guid="b2"))
    first, second = collect(httpserver, (odd, "application/rss+xml"), (after, "text/xml"))
    assert [p.text for p in first.posts] == ["Bukele propone un canje"]
    assert [p.text for p in second.posts] == [HEADLINE]


def test_http_charset_comes_first_so_curly_quotes_survive(httpserver: HTTPServer) -> None:
    body = rss(item("“Son secuestrados”, dice Caracas"), "").decode().encode("windows-1252")
    [page] = collect(httpserver, (body, "application/rss+xml; charset=windows-1252"))
    assert [p.text for p in page.posts] == ["“Son secuestrados”, dice Caracas"]


def test_http_charset_overrides_the_declaration(httpserver: HTTPServer) -> None:
    declared = '<?xml version="1.0" encoding="utf-8"?>'
    body = rss(item("Canje político"), declared).decode().encode("iso-8859-1")
    [page] = collect(httpserver, (body, "application/xml; charset=iso-8859-1"))
    assert [p.text for p in page.posts] == ["Canje político"]


def test_cjk_feed_declared_in_its_xml_declaration(httpserver: HTTPServer) -> None:
    body = rss(item("委内瑞拉 政治犯"), '<?xml version="1.0" encoding="gb2312"?>').decode()
    [page] = collect(httpserver, (body.encode("gb2312"), "application/rss+xml"))
    assert [p.text for p in page.posts] == ["委内瑞拉 政治犯"]


def test_undeclared_html_entities_are_read_as_html(httpserver: HTTPServer) -> None:
    body = rss(item("Canciller&iacute;a rechaza la propuesta de canje del CECOT &ndash; ya"))
    [page] = collect(httpserver, (body, "application/rss+xml"))
    assert [p.text for p in page.posts] == [f"{HEADLINE} – ya"]
    assert page.quarantined == []


def test_rss_1_0_rdf_items_are_read(httpserver: HTTPServer) -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://noticias.example/"><title>Noticias</title>
<link>https://noticias.example/</link><dc:language>es</dc:language></channel>
<item rdf:about="https://noticias.example/1"><title>Foro Penal cuenta presos pol&#237;ticos</title>
<link>https://noticias.example/1</link><dc:creator>Redacci&#243;n</dc:creator>
<dc:date>2025-04-22T09:30:00-04:00</dc:date></item>
</rdf:RDF>"""
    [page] = collect(httpserver, (body, "application/rdf+xml"))
    [post] = page.posts
    assert post.text == "Foro Penal cuenta presos políticos"
    assert (post.url, post.author_name) == ("https://noticias.example/1", "Redacción")
    assert post.lang == "es"
    assert post.created_at == utc(2025, 4, 22, 13, 30)


def test_rss_0_91_with_the_netscape_doctype_is_read(httpserver: HTTPServer) -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        '<rss version="0.91"><channel><title>Diario</title><language>es</language>'
        "<item><title>Canje de presos: sin lista oficial</title>"
        "<link>https://diario.example/canje</link></item></channel></rss>"
    ).encode("iso-8859-1")
    [page] = collect(httpserver, (body, "text/xml"))
    [post] = page.posts
    assert (post.text, post.url, post.lang) == (
        "Canje de presos: sin lista oficial",
        "https://diario.example/canje",
        "es",
    )
    assert post.undated


def test_atom_0_3_entries_are_read(httpserver: HTTPServer) -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">
<title>Rights blog</title><modified>2025-04-22T12:00:00Z</modified>
<entry><title>Habeas petitions pending</title>
<link rel="alternate" type="text/html" href="https://blog.example/habeas"/>
<id>tag:blog.example,2025:habeas</id><author><name>Staff</name></author>
<issued>2025-04-22T08:00:00+02:00</issued><modified>2025-04-22T09:00:00Z</modified>
<summary type="text/html" mode="escaped">
&lt;p&gt;No judge has &lt;b&gt;heard&lt;/b&gt; them.&lt;/p&gt;</summary>
</entry></feed>"""
    [page] = collect(httpserver, (body, "application/atom+xml"))
    [post] = page.posts
    assert post.text == "Habeas petitions pending\nNo judge has heard them."
    assert (post.external_id, post.author_name) == ("tag:blog.example,2025:habeas", "Staff")
    assert post.created_at == utc(2025, 4, 22, 6, 0)


def test_undated_items_take_the_feed_date_or_the_fetch_time_and_say_so(
    httpserver: HTTPServer,
) -> None:
    dated_feed = rss(f"<pubDate>Tue, 22 Apr 2025 07:00:00 GMT</pubDate>{item('Sin fecha', None)}")
    undated_feed = rss(item("Tampoco", None, guid="b2"))
    before = datetime.now(UTC)
    first, second = collect(
        httpserver, (dated_feed, "application/rss+xml"), (undated_feed, "application/rss+xml")
    )
    [from_feed], [from_fetch] = first.posts, second.posts
    assert from_feed.undated and from_feed.created_at == utc(2025, 4, 22, 7, 0)
    assert from_fetch.undated and from_fetch.created_at == second.raw.fetched_at
    assert from_fetch.created_at >= before


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2025-04-21T10:00:00+02:00", utc(2025, 4, 21, 8, 0)),
        ("Mon, 21 Apr 2025 10:00:00 +0200", utc(2025, 4, 21, 8, 0)),
        ("Mon, 21 Apr 2025 10:00:00 CET", utc(2025, 4, 21, 9, 0)),
        ("Mon, 21 Apr 2025 10:00:00 CEST", utc(2025, 4, 21, 8, 0)),
        ("Mon, 21 Apr 2025 10:00:00 BST", utc(2025, 4, 21, 9, 0)),
        ("Mon, 21 Apr 2025 10:00:00 PT", utc(2025, 4, 21, 18, 0)),
        ("Mon, 21 Apr 2025 10:00:00 PDT", utc(2025, 4, 21, 17, 0)),
        ("Mon, 21 Apr 2025 10:00:00 VET", utc(2025, 4, 21, 14, 0)),
        ("Mon, 21 Apr 2025 10:00:00 -0430", utc(2025, 4, 21, 14, 30)),
        ("2025-04-21", utc(2025, 4, 21)),
        ("21 Apr 2025", utc(2025, 4, 21)),
    ],
)
def test_dates_are_converted_to_utc(
    httpserver: HTTPServer, written: str, expected: datetime
) -> None:
    [page] = collect(httpserver, (rss(item(HEADLINE, written)), "application/rss+xml"))
    [post] = page.posts
    assert (post.created_at, post.undated) == (expected, False)


def test_entity_declarations_are_refused_in_any_encoding(httpserver: HTTPServer) -> None:
    bomb = (
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel>'
        "<title>&b;</title></channel></rss>"
    ).encode("utf-16")
    first, second = collect(
        httpserver, (bomb, "application/xml"), (rss(item(HEADLINE)), "application/rss+xml")
    )
    assert first.posts == [] and "declares entities" in first.quarantined[0].reason
    assert first.raw.body == bomb
    assert [p.text for p in second.posts] == [HEADLINE]


def test_a_body_that_is_no_feed_is_quarantined_and_the_next_feed_read(
    httpserver: HTTPServer,
) -> None:
    first, second = collect(
        httpserver, (b'{"error": "gone"}', "application/json"), (rss(item(HEADLINE)), "text/xml")
    )
    assert first.posts == [] and "not an RSS, RDF or Atom feed" in first.quarantined[0].reason
    assert [p.text for p in second.posts] == [HEADLINE]


def test_item_markup_becomes_plain_text_without_scripts(httpserver: HTTPServer) -> None:
    description = (
        "&lt;p&gt;Presos &lt;script&gt;alert(1)&lt;/script&gt;pol&amp;iacute;ticos&lt;/p&gt;"
    )
    body = rss(f"<item><guid>x</guid><description>{description}</description></item>")
    [page] = collect(httpserver, (body, "application/rss+xml"))
    assert [p.text for p in page.posts] == ["Presos políticos"]
