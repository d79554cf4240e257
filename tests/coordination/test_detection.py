"""What counts as coordination: the same text, link or repost from many accounts within minutes."""

from __future__ import annotations

from nlp.coordination import (
    LINK,
    REPOST,
    TEXT,
    CoordinationSettings,
    SharedPost,
    find_clusters,
    normalise_link,
    text_words,
)

SETTINGS = CoordinationSettings(window_seconds=300, min_accounts=5, similarity=0.6)
T0 = 1_745_244_000.0
SLOGAN = "Los presos políticos no son fichas de cambio, liberación ya sin condiciones"


def post(n: int, account: int, at: float, text: str = "", repost_of: str | None = None):
    return SharedPost(n, account, T0 + at, "x", text, repost_of)


def test_case_accents_links_mentions_and_hashtags_do_not_tell_copies_apart():
    assert text_words("@nayibbukele LIBERACIÓN ya! #PresosPolíticos https://t.co/Ab1") == (
        text_words("Liberacion ya 🙏 PresosPoliticos @ForoPenal https://elfaro.net/x")
    )


def test_tracking_parameters_www_fragments_and_trailing_slashes_do_not_tell_links_apart():
    assert normalise_link("HTTP://www.ElFaro.net/canje/?utm_source=x&id=3#top") == (
        normalise_link("https://elfaro.net/canje?id=3")
    )
    assert normalise_link("https://elfaro.net/canje?id=3") != normalise_link(
        "https://elfaro.net/canje?id=4"
    )


def test_five_accounts_sharing_a_link_within_minutes_are_one_cluster():
    shares = [
        post(n, n, 40 * n, f"Lean esto {n} https://elfaro.net/canje?utm_source=tw")
        for n in range(5)
    ]
    (cluster,) = find_clusters(shares, SETTINGS)
    assert cluster.kinds == (LINK,) and cluster.link == "https://elfaro.net/canje"
    assert cluster.accounts == 5


def test_the_same_shares_spread_over_hours_are_not_a_cluster():
    shares = [post(n, n, 1800 * n, f"Lean esto {n} https://elfaro.net/canje") for n in range(8)]
    assert find_clusters(shares, SETTINGS) == []


def test_one_account_posting_the_same_text_ten_times_is_not_a_cluster():
    assert find_clusters([post(n, 1, 10 * n, SLOGAN) for n in range(10)], SETTINGS) == []


def test_four_accounts_are_below_the_minimum_and_five_reach_it():
    four = [post(n, n, 20 * n, SLOGAN) for n in range(4)]
    assert find_clusters(four, SETTINGS) == []
    (cluster,) = find_clusters([*four, post(9, 9, 100, SLOGAN.upper() + " #CECOT")], SETTINGS)
    assert cluster.kinds == (TEXT,) and cluster.accounts == 5


def test_reposts_of_one_post_by_six_accounts_in_two_minutes_are_a_cluster():
    reposts = [post(n, n, 20 * n, repost_of="1912345") for n in range(6)]
    (cluster,) = find_clusters([*reposts, post(99, 99, 30, SLOGAN)], SETTINGS)
    assert cluster.kinds == (REPOST,) and cluster.repost_of == "1912345"
    assert {p.post_id for p in cluster.posts} == set(range(6))


def test_a_campaign_text_carrying_one_link_is_one_cluster_of_both_kinds():
    posts = [post(n, n, 30 * n, f"{SLOGAN} https://cutt.ly/canje") for n in range(6)]
    (cluster,) = find_clusters(posts, SETTINGS)
    assert cluster.kinds == (LINK, TEXT) and len(cluster.posts) == 6


def test_similar_texts_far_apart_in_time_do_not_chain_into_a_cluster():
    """Each copy is within a window of the next, but no window holds five accounts."""
    posts = [post(n, n, 200 * n, f"{SLOGAN} número {n}") for n in range(10)]
    assert find_clusters(posts, SETTINGS) == []


def test_short_slogans_that_many_people_write_on_their_own_are_left_out():
    posts = [post(n, n, 10 * n, "¡Libertad ya!") for n in range(20)]
    assert find_clusters(posts, SETTINGS) == []
