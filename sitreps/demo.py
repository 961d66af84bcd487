from incidents.tlp import TLP

from .models import Sitrep
from .rendering import weasyprint_problem
from .services import sitrep_issue_now


def seed(*, incident, users, stdout) -> None:
    """One issued sitrep for the demo incident (once)."""
    if incident.sitreps.filter(state=Sitrep.State.DONE).exists():
        return
    problem = weasyprint_problem()
    if problem:
        stdout.write(f"  sitreps: overgeslagen – {problem}")
        return
    sitrep = sitrep_issue_now(incident=incident, actor=users["vic"], audience_tlp=TLP.AMBER)
    stdout.write(f"  sitreps: sitrep {sitrep.number} ({sitrep.get_state_display()})")
