"""The book: a neural network written from scratch. Read this package first.

* ``layers.py``       one class per layer, each with ``forward`` and ``backward`` (Affine, ReLU,
                      Sigmoid, Tanh, Dropout, BatchNormalization, SoftmaxWithLoss, ...)
* ``convolution.py``  Convolution, MaxPooling, Flatten, ChannelsLast (channels-last, one GEMM each)
* ``network.py``      Sequential, built from a JSON-able config by ``build_network``
* ``optimizers.py``   SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam: in place, state by name
* ``gradcheck.py``    numerical against analytic gradients: the proof that backward is right
"""
