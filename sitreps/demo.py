from incidents.tlp import TLP

from .models import Sitrep
from .rendering import weasyprint_problem
from .services import sitrep_issue_now

DEMO_SITREPS = 2


def seed(*, incident, users, stdout) -> None:
    """Two issued sitreps for the demo incident (once): the second shows that a follow-up is
    complete on its own (all decisions in force, and what changed since sitrep 1)."""
    if incident.sitreps.filter(state=Sitrep.State.DONE).exists():
        return
    problem = weasyprint_problem()
    if problem:
        stdout.write(f"  sitreps: overgeslagen – {problem}")
        return
    for _number in range(DEMO_SITREPS):
        sitrep = sitrep_issue_now(incident=incident, actor=users["vic"], audience_tlp=TLP.AMBER)
        stdout.write(f"  sitreps: sitrep {sitrep.number} ({sitrep.get_state_display()})")
