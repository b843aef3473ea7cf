"""A one-line program for the build command's tests: which Python release runs it, frozen."""
import platform

print(f"hello from Python {platform.python_version()}")
