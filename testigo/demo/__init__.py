"""`testigo demo`: a bundled, seeded sample served locally in each platform's wire format.

`sample` writes the posts, `wire` renders them as each platform would, `replay`
serves them on 127.0.0.1, and `run` points a temporary config at the replay
and drives collect -> annotate -> rollups -> digests.
"""
