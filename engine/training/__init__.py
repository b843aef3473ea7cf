"""Training in Chainer's shape: the loop, its triggers and extensions, and what a run is.

* ``trainer.py``      Trainer (the loop only) and StandardUpdater (one batch, one update)
* ``triggers.py``     when an extension runs or training stops
* ``extensions/``     one module per concern: evaluator, reports, progress, callbacks,
                      schedule, guard, checkpoints
* ``snapshots.py``    a trainer's whole state in a file, and back (resume exactly)
* ``presets.py``      named networks and training settings (``Preset``)
* ``plan.py``         ``TrainSettings`` (what a user chose) resolved into a ``TrainPlan``
* ``runs.py``         a plan and a dataset wired into a ready Trainer; ``train_to_end``
* ``run_store.py``    every finished run kept in a folder: listed, compared, deleted, as CSV
* ``resume.py``       a run in progress leaves its snapshot where the next start finds it
* ``hyperparameters.py`` learning rate, decay and weight decay changed while a run goes
* ``estimate.py``     how long a run would take on this CPU, from a few timed steps
* ``curves.py``       the smoothed loss curve a plot shows
"""
