"""The data: reading and checking datasets, batches, augmentation, and a drawing as MNIST sees it.

* ``datasets.py``     IDX files read and validated (MNIST's SHA-256 known); where to find them
* ``fetch.py``        downloading MNIST when a network is there
* ``iterators.py``    seeded, shuffled batches
* ``augment.py``      random shifts, rotations, zoom (and elastic distortion) of training batches
* ``subsets.py``      fewer training images, or some labels changed: overfitting made visible
* ``preprocess.py``   a drawing -> 28x28: 20x20 box, centred by centre of mass
"""
