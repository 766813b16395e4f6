"""Flowables that print the same wherever they stand, measured and drawn once per document.

A batch of 5,000 review forms prints the same headings, dotted lines and closing blocks 5,000 times; laying
each out and drawing it anew was most of the time. A ``Plate`` holds one such flowable: it is measured once
per width and drawn once per PDF, and the PDF operators it drew are written again for every later copy. The
page streams come out byte for byte as if each copy had been drawn (the same ``q``, the same ``cm`` move,
the same operators, ``Q``): the PDF, its text and its look do not change, only the time.

Each place in a story gets its own ``Stamp`` (reportlab marks flowables it moves to the next page, so one
object must not stand twice in a story); a stamp that must be split over two pages is split as a fresh
copy of the flowable would be.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable


class Plate:
    """One unchanging flowable (made by ``make``): its sizes per width and its drawing per canvas.

    For text and lines in plain colours (what a party document prints): the size must not depend on the
    height left on the page, and the drawing not on where it stands."""

    def __init__(self, make: Callable[[], Flowable], model: Flowable | None = None) -> None:
        self.make = make
        self.model = make() if model is None else model
        self.sizes: dict[float, tuple[float, float]] = {}
        self.drawn: dict[float, list[str]] = {}
        self.canvas: Canvas | None = None    # the drawing is the PDF's own (fonts are subset per document)
        self.replayable = True

    def stamp(self) -> Stamp:
        return Stamp(self)

    def size(self, canvas: Canvas | None, width: float, height: float) -> tuple[float, float]:
        size = self.sizes.get(width)
        if size is None:
            size = self.sizes[width] = self.model.wrapOn(canvas, width, height)
        return size

    def draw(self, canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
        """Draw the flowable with its lower left corner at (x, y), as Flowable.drawOn would."""
        if canvas is not self.canvas:
            self.canvas, self.drawn = canvas, {}
        if type(self.model).drawOn is not Flowable.drawOn:   # it places itself its own way: nothing to replay
            self.model.wrapOn(canvas, width, height)
            self.model.drawOn(canvas, x, y)
            return
        code = self.drawn.get(width) if self.replayable else None
        if code is not None:
            # what saveState, translate(x, y) and restoreState write: fp_str(1, 0, 0, 1, x, y) spells the
            # first four as "1 0 0 1"
            canvas._code += ["q", f"1 0 0 1 {fp_str(x, y)} cm", *code, "Q"]
            return
        self.model.wrapOn(canvas, width, height)    # the model's lines are those of this width
        canvas.saveState()
        canvas.translate(x, y)
        start = len(canvas._code)
        moved, per_page = canvas._code[start - 1], _per_page_state(canvas)
        self.model._drawOn(canvas)
        # a drawing that began by moving (merged into our cm) or put links, forms or images on the page is not
        # merely operators: draw such a flowable anew each time
        if canvas._code[start - 1] == moved and _per_page_state(canvas) == per_page:
            self.drawn[width] = canvas._code[start:]
        else:
            self.replayable = False
        canvas.restoreState()


def _per_page_state(canvas: Canvas) -> tuple[int, ...]:
    """What a page keeps besides its operators (links, forms, colours, shadings): a replayed drawing adds none."""
    return tuple(len(getattr(canvas, name, None) or ()) for name in ("_annotationrefs", "_formsinuse",
                                                                            "_colorsUsed", "_shadingUsed"))


class Stamp(Flowable):  # type: ignore[misc]
    """A place in a story where a plate's flowable prints."""

    def __init__(self, plate: Plate) -> None:
        super().__init__()
        self.plate = plate
        model = plate.model
        self.hAlign = getattr(model, "hAlign", "LEFT")
        self.vAlign = getattr(model, "vAlign", "BOTTOM")
        self.keepWithNext = model.getKeepWithNext()

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.plate.model.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.plate.model.getSpaceAfter())

    def minWidth(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.plate.model.minWidth())

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.plate.size(getattr(self, "canv", None), available_width, available_height)
        self._wrapped = available_width, available_height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if type(self.plate.model).split is Flowable.split:   # a line, a space: it never splits
            return []
        fresh = self.plate.make()
        parts: list[Flowable] = fresh.splitOn(getattr(self, "canv", None), available_width, available_height)
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        width, height = getattr(self, "_wrapped", (self.width, self.height))
        self.plate.draw(canvas, self._hAlignAdjust(x, _sW), y, width, height)


class Plates:
    """The plates of one document, by what their flowable shows."""

    def __init__(self) -> None:

        self._runs: dict[Hashable, list[Plate]] = {}

    def stamps(self, key: Hashable, make: Callable[[], list[Flowable]]) -> list[Flowable]:
        """Stamps of the flowables ``make`` returns, one for each and in its order; ``make`` is called the first
        time ``key`` is asked for (and again only to split one of them over two pages)."""
        run = self._runs.get(key)
        if run is None:
            made = make()
            run = self._runs[key] = [Plate(_nth(make, index), model) for index, model in enumerate(made)]
        return [plate.stamp() for plate in run]


def _nth(make: Callable[[], list[Flowable]], index: int) -> Callable[[], Flowable]:
    """Makes the ``index``-th flowable of what ``make`` returns, afresh."""
    return lambda: make()[index]


FUZZ = 1e-6   # reportlab's frames' tolerance (platypus.frames._FUZZ): a flowable over by less still fits


class Run(Flowable):  # type: ignore[misc]
    """Stamps of flowables that never split and take no space before or after them (dotted lines to write
    on), laid out as one flowable: each is drawn where the frame would have put it on its own, and a run that
    does not fit is split between them as the frame would have moved the first that did not fit to the next
    page. Fewer flowables for reportlab to handle one by one (a form has some thirty such lines)."""

    def __init__(self, stamps: list[Stamp]) -> None:
        super().__init__()
        self.stamps = stamps

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        canvas = getattr(self, "canv", None)
        self.sizes = [stamp.wrapOn(canvas, available_width, available_height) for stamp in self.stamps]
        self.available_width = available_width
        self.width = max(width for width, _ in self.sizes)
        self.height = 0.0
        for _, height in self.sizes:
            self.height += height
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        canvas = getattr(self, "canv", None)
        room, fitting = available_height, 0
        for stamp in self.stamps:
            height = stamp.wrapOn(canvas, available_width, available_height)[1]
            if room - height < -FUZZ:
                break
            room -= height
            fitting += 1
        if fitting in (0, len(self.stamps)):
            return []   # as the first line that does not fit: to the next page
        return [Run(self.stamps[:fitting]), Run(self.stamps[fitting:])]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        top = y + self.height
        for stamp, (width, height) in zip(self.stamps, self.sizes, strict=True):
            top -= height
            stamp.drawOn(canvas, x, top, self.available_width - width)


def runs(flowables: list[Flowable], still: Callable[[Flowable], bool]) -> list[Flowable]:
    """``flowables`` with each two or more consecutive stamps whose flowable is ``still`` (never splits, no
    space before or after, not kept with the next) made one Run."""
    out: list[Flowable] = []
    pending: list[Stamp] = []
    for flowable in [*flowables, None]:
        if isinstance(flowable, Stamp) and still(flowable.plate.model):
            pending.append(flowable)
            continue
        out += [Run(pending)] if len(pending) > 1 else pending
        pending = []
        if flowable is not None:
            out.append(flowable)
    return out
