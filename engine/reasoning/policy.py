"""kzlex's own calibrations: the numbers no law or UN text gives, gathered and named as such.

Everything the law or the doctrine decides lives in the rule files with its source. What is
left is kzlex's judgement about presentation and ranking: how strongly an article is shown to
apply, when an article is "possible", how close a real case must be to count as "like this
act", and which facts weigh most in similarity. None of them changes a verdict or an article's
status under a rule; they order and filter what the rules found. A change here changes
rankings, and the golden manifest (tests/golden/outputs.sha256) will say so.
"""

from __future__ import annotations

# ---------------------------------------------------------------- the "possible" status
# An article is shown as "possible" when all but one of its elements are met, at least this
# many are met, and the missing one turns on a fact the scenario does not give. Two, because a
# lone "publicly" met is no sign an article is in play.
POSSIBLE_MIN_MET = 2
POSSIBLE_MAX_MISSING = 1

# ---------------------------------------------------------------- ranking articles
# How strongly an article applies, for ordering: its status first, then the share of elements
# met, a matched aggravation, and how often and how closely the authorities applied it to acts
# like this one (the real cases ranked against the scenario).
STATUS_WEIGHT: dict[str, float] = {"applies": 3.0, "possible": 1.5, "exempt": 0.5, "no_longer_criminal": 0.5}
AGGRAVATION_SHOWN = 0.25  # an aggravated part that applies shows more of the offence
CLOSEST_CASE_WEIGHT = 2.0  # times the similarity of the closest real case under the article
EACH_ALIKE_CASE = 0.1  # per real case like this act under the article ...
ALIKE_CASES_COUNTED = 5  # ... counting at most this many
LIKE_THIS_ACT = 0.25  # a real case at least this similar counts as "an act like this one"
SCORE_DIGITS = 4

# ---------------------------------------------------------------- precedents shown
TOP_PRECEDENTS = 5  # real cases listed per scenario, and per article

# ---------------------------------------------------------------- similarity of a real case
# Weights favour what decided real cases: the kind of act, the themes, the calls, the targets,
# who wrote it and the assembly facts; the platform and the speaker count less.
SIMILARITY_WEIGHTS: dict[str, float] = {
    "act": 3.0,
    "content.themes": 2.0,
    "content.calls_to": 2.0,
    "content.targets": 2.0,
    "authorship": 1.5,
    "content.form": 1.5,
    "assembly.permission_refused": 1.5,
    "assembly.role": 1.5,
    "stance": 1.0,
    "platform": 1.0,
    "speaker.role": 1.0,
    "reach.public": 1.0,
    "content.insulting_terms": 1.0,
    "content.claims.verified": 1.0,
    "content.claims.harm_alleged": 1.0,
}
SIMILARITY_DEFAULT_WEIGHT = 0.5  # any other fact
UNSTATED = 0.5  # a fact stated on one side only counts this much against the match
AUDIENCE_BANDS = ((1_000, "up to 1,000"), (10_000, "1,001 to 10,000"))  # audiences compared by band
