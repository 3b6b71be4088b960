"""NegMAS bilateral SAO sessions a second: the research standard for automated
negotiation, measured the same way issue 13 did (3 issues, 20 steps, Boulware against
Conceder, linear additive utilities with random values). Usage: python negmas_sao.py [N]
"""

import random
import sys
import time

from negmas import SAOMechanism, make_issue
from negmas.preferences import LinearAdditiveUtilityFunction as LUF
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator

N = int(sys.argv[1]) if len(sys.argv) > 1 else 300
issues = [make_issue(3, "a"), make_issue(3, "b"), make_issue(4, "c")]
rng = random.Random(1)


def ufun(os_):
    vals = [{v: rng.random() for v in i.all} for i in issues]
    w = [rng.random() for _ in issues]
    s = sum(w)
    return LUF(values=vals, weights=[x / s for x in w], outcome_space=os_, reserved_value=0.3)


t0 = time.perf_counter()
for _ in range(N):
    m = SAOMechanism(issues=issues, n_steps=20)
    m.add(BoulwareTBNegotiator(name="a"), ufun=ufun(m.outcome_space))
    m.add(ConcederTBNegotiator(name="b"), ufun=ufun(m.outcome_space))
    m.run()
print(f"{N / (time.perf_counter() - t0):.1f} sessions/s")
