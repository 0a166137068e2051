"""The optional compiled accelerator of the recording path (app/runtime/_accel.c).

Everything else is in pyproject.toml. The extension is ``optional``: where no C compiler is
found (or the build fails) setuptools warns and installs the pure-Python package, which
records the same events more slowly (``loopscope --version`` says which path runs).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("app.runtime._accel", ["app/runtime/_accel.c"], optional=True,
                             extra_compile_args=["-O2"])])
