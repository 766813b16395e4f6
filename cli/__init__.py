"""The command line: one module per command (its parser and a ``run`` that calls models and prints),
the whole parser built in ``cli.parser`` and shared helpers in ``cli.common``. calibre's db/cli is the model."""
