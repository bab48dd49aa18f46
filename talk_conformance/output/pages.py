"""The HTML pages (the report, the comparison): one Jinja2 environment per process, so each template is
compiled once however many runs a process writes (the project's tests write hundreds)."""

from __future__ import annotations

import functools


@functools.cache
def _environment():
    import jinja2  # only where a page is written: worker processes never need it

    return jinja2.Environment(loader=jinja2.PackageLoader("talk_conformance.output", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)
