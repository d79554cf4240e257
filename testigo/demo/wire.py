"""The demo sample in each platform's wire format, shaped like the samples in tests/collector.

One function per platform turns a `SamplePost` into what that platform's API
answers (a JSON object, an RSS item, a preview HTML block); a malformed post
comes out missing the field its collector cannot do without.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from testigo.demo.sample import SamplePost

MASTODON_HOSTS = ("mastodon.social", "hachyderm.io", "mstdn.io", "masto.es")
_TWITTER_EPOCH_MS = 1288834974657
_B32 = "abcdefghijklmnopqrstuvwxyz234567"
_HASHTAG = re.compile(r"\s*#\w+")


def digest(value: str, size: int, alphabet: str = _B32) -> str:
    number = int.from_bytes(hashlib.sha256(value.encode()).digest()[:16], "big")
    out = []
    for _ in range(size):
        number, index = divmod(number, len(alphabet))
        out.append(alphabet[index])
    return "".join(out)


def iso_ms(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def headline(post: SamplePost) -> str:
    """News items carry no hashtags."""
    return _HASHTAG.sub("", post.text).strip()


# Bluesky: app.bsky.feed.searchPosts post views


def bluesky_uri(post: SamplePost) -> str:
    did = f"did:plc:{digest(post.author.id, 24)}"
    rkey = "3l" + digest(f"{post.number}", 11)
    return f"at://{did}/app.bsky.feed.post/{rkey}"


def bluesky_view(post: SamplePost) -> dict[str, Any]:
    uri = bluesky_uri(post)
    did = uri.split("/")[2]
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": post.text,
        "createdAt": iso_ms(post.created_at),
        "langs": [post.lang],
    }
    if post.malformed:
        del record["createdAt"]  # a deleted or unreadable record
    return {
        "uri": uri,
        "cid": "bafyrei" + digest(uri, 52),
        "author": {
            "did": did,
            "handle": f"{post.author.handle.replace('_', '-')}.bsky.social",
            "displayName": post.author.name,
            "labels": [],
            "createdAt": "2023-07-01T12:00:00.000Z",
        },
        "record": record,
        "replyCount": post.replies,
        "repostCount": post.reposts,
        "likeCount": post.likes,
        "quoteCount": post.reposts // 5,
        "indexedAt": iso_ms(post.created_at + timedelta(milliseconds=850)),
        "labels": [],
    }


# Mastodon: statuses of a hashtag timeline


def mastodon_id(post: SamplePost) -> int:
    return int(post.created_at.timestamp() * 1000) << 16 | (post.number & 0xFFFF)


def mastodon_status(post: SamplePost) -> dict[str, Any]:
    host = MASTODON_HOSTS[int(digest(post.author.id, 2, "0123456789")) % len(MASTODON_HOSTS)]
    status_id = str(mastodon_id(post))
    handle = post.author.handle
    status: dict[str, Any] = {
        "id": status_id,
        "created_at": iso_ms(post.created_at),
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": post.lang,
        "uri": f"https://{host}/users/{handle}/statuses/{status_id}",
        "url": f"https://{host}/@{handle}/{status_id}",
        "replies_count": post.replies,
        "reblogs_count": post.reposts,
        "favourites_count": post.likes,
        "content": f"<p>{html.escape(post.text)}</p>",
        "reblog": None,
        "account": {
            "id": digest(post.author.id, 18, "0123456789"),
            "username": handle,
            "acct": f"{handle}@{host}",
            "display_name": post.author.name,
            "url": f"https://{host}/@{handle}",
        },
        "media_attachments": [],
        "tags": [],
    }
    if post.repost_of is not None:
        status["uri"] += "/activity"
        status["content"] = ""
        status["language"] = None
        status["reblog"] = mastodon_status(post.repost_of)
    if post.malformed:
        del status["content"]
    return status


# Reddit: things of a search Listing


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, index = divmod(number, 36)
        out = digits[index] + out
    return out


def reddit_fullname(post: SamplePost) -> str:
    return "t3_" + _base36(2_400_000_000 + post.number)


def reddit_thing(post: SamplePost) -> dict[str, Any]:
    fullname = reddit_fullname(post)
    short = fullname[3:]
    title, _, body = post.text.partition(". ")
    slug = re.sub(r"\W+", "_", title.lower())[:20].strip("_")
    data: dict[str, Any] = {
        "subreddit": post.place,
        "subreddit_name_prefixed": f"r/{post.place}",
        "selftext": body,
        "author_fullname": "t2_" + digest(post.author.id, 8, "0123456789abcdef"),
        "title": title if not body else title + ".",
        "name": fullname,
        "id": short,
        "ups": post.likes,
        "score": post.likes,
        "num_comments": post.replies,
        "created_utc": post.created_at.timestamp(),
        "author": post.author.handle,
        "permalink": f"/r/{post.place}/comments/{short}/{slug}/",
        "is_self": True,
        "over_18": False,
    }
    if post.repost_of is not None:
        data["crosspost_parent"] = reddit_fullname(post.repost_of)
        data["crosspost_parent_list"] = [reddit_thing(post.repost_of)["data"]]
        data["selftext"] = ""
        data["is_self"] = False
    if post.malformed:
        data["title"] = None
    return {"kind": "t3", "data": data}


# X: API v2 tweets with their users


def x_id(post: SamplePost) -> str:
    millis = int(post.created_at.timestamp() * 1000) - _TWITTER_EPOCH_MS
    return str(millis << 22 | (post.number & 0xFFF))


def x_user(post: SamplePost) -> dict[str, str]:
    return {
        "id": "14" + digest(post.author.id, 17, "0123456789"),
        "username": post.author.handle,
        "name": post.author.name,
    }


def x_tweet(post: SamplePost) -> dict[str, Any]:
    tweet_id = x_id(post)
    text = post.text
    tweet: dict[str, Any] = {
        "id": tweet_id,
        "author_id": x_user(post)["id"],
        "conversation_id": tweet_id,
        "created_at": iso_ms(post.created_at),
        "lang": post.lang,
        "public_metrics": {
            "retweet_count": post.reposts,
            "reply_count": post.replies,
            "like_count": post.likes,
            "quote_count": post.reposts // 6,
            "bookmark_count": post.likes // 20,
            "impression_count": post.views,
        },
        "edit_history_tweet_ids": [tweet_id],
    }
    if post.repost_of is not None:
        text = f"RT @{post.repost_of.author.handle}: {post.repost_of.text}"
        tweet["referenced_tweets"] = [{"type": "retweeted", "id": x_id(post.repost_of)}]
    if not post.malformed:
        tweet["text"] = html.escape(text, quote=False)  # X escapes & < > in text
    return tweet


# RSS 2.0 (Google News style) items and Atom entries


def _guid(post: SamplePost) -> str:
    return "CBMi" + digest(f"rss-{post.number}", 40, _B32 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def rss_item(post: SamplePost) -> str:
    title = headline(post)
    outlet = html.escape(post.author.name)
    link = f"https://news.google.com/rss/articles/{_guid(post)}?oc=5"
    description = html.escape(
        f'<a href="{link}" target="_blank">{html.escape(title)}</a>&nbsp;&nbsp;'
        f'<font color="#6f6f6f">{outlet}</font>'
    )
    published = (
        "" if post.malformed else f"<pubDate>{format_datetime(post.created_at, True)}</pubDate>"
    )
    return (
        f"<item><title>{html.escape(title)} - {outlet}</title><link>{html.escape(link)}</link>"
        f'<guid isPermaLink="false">{_guid(post)}</guid>{published}'
        f"<description>{description}</description>"
        f'<source url="https://www.{post.place}">{outlet}</source></item>'
    )


def atom_entry(post: SamplePost) -> str:
    link = f"https://{post.place}/{post.created_at:%Y/%m}/post-{post.number}"
    published = "" if post.malformed else f"<published>{iso_ms(post.created_at)}</published>"
    return (
        f'<entry xml:lang="{post.lang}"><title>{html.escape(headline(post))}</title>'
        f"<id>tag:{post.place},2025:post-{post.number}</id>"
        f'<link rel="alternate" href="{html.escape(link)}"/>{published}'
        f"<author><name>{html.escape(post.author.name)}</name></author>"
        f'<summary type="html">{html.escape(f"<p>{html.escape(post.text)}</p>")}</summary></entry>'
    )


# GDELT: DOC 2.0 artlist records

GDELT_LANGUAGES = {"es": "Spanish", "en": "English"}


def gdelt_seen(post: SamplePost) -> datetime:
    """GDELT sees articles in 15-minute steps."""
    moment = post.created_at
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)


def gdelt_article(post: SamplePost) -> dict[str, Any]:
    slug = re.sub(r"\W+", "-", headline(post).lower())[:60].strip("-")
    return {
        "url": f"https://www.{post.place}/{post.created_at:%Y/%m}/{slug}-{post.number}",
        "url_mobile": "",
        "title": "" if post.malformed else headline(post),
        "seendate": gdelt_seen(post).strftime("%Y%m%dT%H%M%SZ"),
        "socialimage": "",
        "domain": post.place,
        "language": GDELT_LANGUAGES[post.lang],
        "sourcecountry": "Venezuela" if post.lang == "es" else "United States",
    }


# Telegram: t.me/s/<channel> preview messages


def telegram_count(value: int) -> str:
    """Views as the preview abbreviates them: 987, 12.4K, 1.2M."""
    if value < 1000:
        return str(value)
    if value < 1_000_000:
        return f"{value / 1000:.1f}K".replace(".0K", "K")
    return f"{value / 1_000_000:.1f}M".replace(".0M", "M")


def telegram_message(post: SamplePost) -> str:
    channel, number = post.place, post.number
    name = html.escape(post.author.name)
    forwarded = ""
    if post.repost_of is not None:
        origin = post.repost_of
        forwarded = (
            '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" '
            f'href="https://t.me/{origin.place}/{origin.number}"><span dir="auto">'
            f"{html.escape(origin.author.name)}</span></a></div>"
        )
    when = post.created_at.isoformat()
    date = (
        ""
        if post.malformed
        else f'<time datetime="{when}" class="time">{post.created_at:%H:%M}</time>'
    )
    return (
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{channel}/{number}">'
        '<div class="tgme_widget_message_bubble">'
        '<div class="tgme_widget_message_author accent_color">'
        '<a class="tgme_widget_message_owner_name" '
        f'href="https://t.me/{channel}"><span dir="auto">{name}</span></a></div>{forwarded}'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">'
        f"{html.escape(post.text).replace(chr(10), '<br/>')}</div>"
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">{telegram_count(post.views)}</span>'
        '<span class="copyonly"> views</span><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{number}">{date}</a>'
        "</span></div></div></div></div></div>"
    )


def telegram_page(channel: str, title: str, messages: list[str], before: int | None) -> str:
    more = (
        f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/{channel}'
        f'?before={before}" class="tme_messages_more js-messages_more" data-before="{before}"></a>'
        "</div>"
        if before
        else ""
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} – Telegram</title></head>"
        '<body class="widget_frame_base tgme_webpage_body"><main class="tgme_main">'
        f'<section class="tgme_channel_history js-message_history">{more}{"".join(messages)}'
        "</section></main></body></html>"
    )
