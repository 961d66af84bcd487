from incidents.tlp import TLP

from .models import Sitrep
from .rendering import weasyprint_problem
from .services import sitrep_approve, sitrep_issue_now, sitrep_stamp

DEMO_SITREPS = 2


def seed(*, incident, users, stdout) -> None:
    """Two sitreps for the demo incident (once), both requested by the VIC member: sitrep 1
    vastgesteld by the crisis team member (four eyes), so sitrep 2 marks what changed since it
    and shows that a follow-up is complete on its own; sitrep 2 is a concept awaiting
    approval."""
    if incident.sitreps.filter(state=Sitrep.State.DONE).exists():
        return
    problem = weasyprint_problem()
    if problem:
        stdout.write(f"  sitreps: overgeslagen – {problem}")
        return
    for number in range(DEMO_SITREPS):
        sitrep = sitrep_issue_now(incident=incident, actor=users["vic"], audience_tlp=TLP.AMBER)
        if number == 0 and sitrep.state == Sitrep.State.DONE:
            sitrep = sitrep_approve(sitrep=sitrep, actor=users["crisisteam"], enqueue=False)
            sitrep = sitrep_stamp(sitrep_id=sitrep.pk) or sitrep
        stdout.write(
            f"  sitreps: sitrep {sitrep.number} ({sitrep.get_state_display()}, "
            f"{sitrep.get_approval_display()})"
        )
