"""Files the engine reads and writes, none of which can run code.

* ``fileio.py``       atomic writes; .npz with a JSON header, read without pickle
* ``modelio.py``      model files: save, load and check
* ``images.py``       a digit's image file (Pillow: PNG, JPEG, ...; or .npy) as grey ink
* ``resources.py``    where the shipped assets are, from a checkout or inside the binary
"""
