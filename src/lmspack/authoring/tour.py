"""The lesson ``lmspack init`` writes to show every Markdown feature lmspack supports (the
README's "Supported Markdown" table, one example each). It validates clean; a test builds
it and checks each feature reaches the page."""

from __future__ import annotations

TOUR_LESSON = "markdown-tour"


def tour_lesson(after: str) -> str:
    """The tour lesson's text; it comes after lesson ``after``."""
    return f"""---
id: {TOUR_LESSON}
title: What you can write in a lesson
duration_min: 10
prereqs: [{after}]
goals:
  - Use **emphasis**, `code` and maths such as $e^{{i\\pi}} + 1 = 0$ in goals and quizzes
quiz:
  - q: Which fence gives code a *title*?
    options:
      - "`` ```python numpy_arrays.py ``"
      - "`` ```title ``"
    answer: 0
    explain: The first word is the language, the rest the title shown above the code.
  - q: What is $\\frac{{1}}{{2}} + \\frac{{1}}{{4}}$?
    options: ['$\\frac{{3}}{{4}}$', '$\\frac{{2}}{{6}}$']
    answer: 0
flashcards:
  - "**Callout**": A box with a title, written as a quote that starts with `[!NOTE]`.
reflection:
  - Which of these will your lessons use *most*?
---

## Markdown in lmspack

Text can be **bold**, *italic*, `code`, ~~struck out~~ or a [link to the first
lesson]({after}.md). A footnote looks like this.[^source]

> [!NOTE]
> Callouts: NOTE, TIP, IMPORTANT, WARNING and CAUTION.

> [!TIP]
> Preview the course with `lmspack serve`.

- [x] Write the front-matter
- [ ] Add a quiz

| Feature      | Works without JavaScript |
|:-------------|:------------------------:|
| Maths        | yes                      |
| Highlighting | yes                      |

Front-matter
: The YAML block at the top of a lesson.

<details>
<summary>Open for more</summary>

Collapsed text with **Markdown** inside.

</details>

```python numpy_arrays.py
import numpy as np

print(np.arange(3) * 2)  # [0 2 4]
```

Maths inline, $a^2 + b^2 = c^2$, or as a block:

$$
\\bar{{x}} = \\frac{{1}}{{n}} \\sum_{{i=1}}^{{n}} x_i
$$

The quiz goes here, because of the line below; without it, it follows the text.

<!-- lmspack: quiz -->

### After the quiz

Everything lmspack reads is listed in the README, section "Supported Markdown".

[^source]: Footnotes are collected at the end of the text.
"""
