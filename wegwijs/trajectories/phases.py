"""The phase models the product cards name (facts.md §3): an ordered list per methodology."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.constants import Methodology


@dataclass(frozen=True)
class Phase:
    code: str
    name: str


PHASES = {
    Methodology.HADAE: [
        Phase("herkennen", _("Recognising the question (Herkennen)")),
        Phase("analyse", _("Analysis (Analyse)")),
        Phase("doel", _("Setting the goal (Doel)")),
        Phase("actieplan", _("Action plan (Actieplan)")),
        Phase("evaluatie", _("Evaluation (Evaluatie)")),
    ],
    Methodology.CODAE: [
        Phase("contact", _("Making contact (Contact leggen)")),
        Phase("onderzoeken", _("Exploring (Onderzoeken)")),
        Phase("doelen", _("Setting goals (Doelen stellen)")),
        Phase("actie", _("Taking action (Actie ondernemen)")),
        Phase("evalueren", _("Evaluating (Evalueren)")),
    ],
}


def phases_of(product) -> list[Phase]:
    return PHASES.get(product.methodology, [])
