"""``python -m autograd_engine.rendering model.meta graph.png``: see :mod:`.cli`."""
from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
