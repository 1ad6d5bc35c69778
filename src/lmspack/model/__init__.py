"""The shapes of a course: author-facing documents (:mod:`.lesson`), the checked course the
build stages work from (:mod:`.course`), and the published JSON Schemas (:mod:`.schemas`)."""
