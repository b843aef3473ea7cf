"""Developer scripts. The Python ones run as modules from the checkout: python -m scripts.NAME."""
