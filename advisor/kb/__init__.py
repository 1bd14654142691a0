"""The knowledge base: models, the loader of ``knowledge/**/*.toml``, its lints and its cache.

* :mod:`advisor.kb.model`   the typed models (notes, questions, rules, ..., KnowledgeBase);
* :mod:`advisor.kb.loader`  reads a knowledge directory; each kind of table registers with it:
* :mod:`advisor.kb.core`    notes, questions, derived facts, design parts and rules,
* :mod:`advisor.kb.exam`    cues, terms, claims and practice questions (exam reading),
  with their patterns in :mod:`advisor.kb.pattern`;
* :mod:`advisor.kb.fields`  the fields each kind declares, printed by ``advisor kb schema``
  (:mod:`advisor.kb.schema`);
* :mod:`advisor.kb.toml`    one file's text and tables, and errors that say file and line;
* :mod:`advisor.kb.lint`    ``advisor kb check``; :mod:`advisor.kb.cache` the pickled bases.

The public names of the models and the loader are re-exported here.
"""

# the models' public names, listed once in advisor.kb.model.__all__
from advisor.kb.model import *  # noqa: F403
from advisor.kb.model import __all__ as _model_names
from advisor.kb.loader import builtin, builtin_dir, knowledge_files, load, load_file
from advisor.kb.toml import display_path

__all__ = [
    *_model_names,
    "builtin", "builtin_dir", "display_path", "knowledge_files", "load", "load_file",
]
