"""One module per command. Each has ``register(subparsers)`` that adds its parser and sets
``run(args, env) -> ExitStatus``; its heavy imports happen inside ``run``."""

from advisor.commands import consult, diff, evaluate, explain, how, kb, notes, progress, quiz, schema, why_not

COMMANDS = (consult, evaluate, explain, quiz, notes, progress, how, why_not, diff, kb, schema)
