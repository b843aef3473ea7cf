"""Building the one-file binary (PyInstaller): the libpython checks and the build command."""
