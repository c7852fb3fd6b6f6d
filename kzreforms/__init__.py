"""kzreforms: what Kazakhstan's political reforms since 2019 changed, before and after."""

__version__ = "0.2.0"
PROG = "kzreforms"  # the program's name, in messages, usage lines and completion
COMPLETE_VAR = "_KZREFORMS_COMPLETE"  # how the shell asks for completions (see kzreforms/completion.py)
