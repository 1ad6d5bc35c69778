"""lmspack's own package formats, each a folder registered under ``lmspack.formats``.

``scorm12``, ``scorm2004``, ``xapi`` (TinCan), ``cmi5`` and ``site``: each folder holds the
format's class and every fact about it (its version, its data-model limits, its transport,
its manifest, its file name). What formats of one family share lives beside them
(:mod:`.scorm_family`, :mod:`.xapi_family`), the machinery every format uses in
:mod:`lmspack.packaging` and :mod:`lmspack.render`. Nothing imports these folders but the
registry (:mod:`lmspack.formats.registry`); like the widget kinds, they sit at the top of
the layers, beside the command line.
"""
