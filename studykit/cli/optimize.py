"""Command `optimize`: fit FSRS-6 parameters to the learner's own reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from studykit.cli.support.options import JsonOption
from studykit.cli.support.study_setup import DbOption

if TYPE_CHECKING:
    from studykit.study.progress_sync import Optimized

app = typer.Typer()


@app.command()
def optimize(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Fit FSRS parameters to your reviews; keep them only when they predict better.

    The newest fifth of your reviews is held out: the default parameters, the ones in
    use and the fitted ones are each scored on it (log loss, RMSE in bins). Better
    parameters are saved in the progress database and every card is rescheduled with
    them; the quiz and `studykit progress export` use them from then on.
    """
    import json

    from studykit.cli.support import study_setup as setup
    from studykit.study.optimizer import fit_json
    from studykit.study.progress_sync import optimize as run

    settings = setup.load_settings()
    store = setup.open_store(db, settings)
    try:
        done = run(store, settings, setup.clock())
    finally:
        store.close()
    if as_json:
        report = fit_json(done.fit, done.saved) | {"rescheduled": done.rescheduled}
        typer.echo(json.dumps(report, indent=2))
        return
    typer.echo("\n".join(_lines(done)))


def _lines(done: Optimized) -> list[str]:
    """Return the report of a fit as text."""
    fit = done.fit
    lines = [
        f"{fit.examples} reviews on a later day than the card's previous review: "
        f"fitted on the oldest {fit.trained_on}, scored on the newest {fit.held_out} "
        f"(from {fit.split_at:%Y-%m-%d})",
        f"{'':12}{'log loss':>10}{'RMSE (bins)':>13}",
    ]
    for name, score in (("default", fit.default), ("in use", fit.in_use), ("fitted", fit.fitted)):
        lines.append(f"{name:12}{score.log_loss:>10.4f}{score.rmse_bins:>13.4f}")
    if done.saved:
        lines.append(f"saved the fitted parameters; rescheduled {done.rescheduled} cards with them")
    else:
        lines.append("kept the parameters in use: the fit does not predict better")
    return lines
