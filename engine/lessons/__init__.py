"""The book's lessons as computations on the engine's own classes, for the Learn page and for
scripts: every number a lesson shows is returned by a function here, which calls the layers,
optimizers and trainer that train real networks (never a copy of them).

One module per lesson; ``source`` finds the code of the class that ran, so a view can show it
beside the numbers. Nothing here needs a dataset or a training run.
"""
