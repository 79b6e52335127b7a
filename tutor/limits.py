"""How long an answer may be: one home for the two answer-length limits of the core.

An answer is stored whole up to `MAX_ANSWER_CHARS` (a longer one is refused and nothing is
stored); the scorer reads its first `SCORED_ANSWER_CHARS` of it (and the feedback says so).
They differ on purpose: the record keeps every character a learner typed or pasted, while no
spoken or typed answer to one criterion runs past 20,000 characters, and scoring only that
much keeps a pasted megabyte fast.
"""

MAX_ANSWER_CHARS = 2_000_000
SCORED_ANSWER_CHARS = 20_000
