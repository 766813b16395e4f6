"""Every printable document in one list: its name, its title, the models function that gathers its data
from the database, and the printing function that lays the data out. The command line's ``print`` and
the window's print buttons both go through it, so a document added here is reachable from both.

Renderers are imported when a document is printed, not when this list is read: reportlab costs
start-up time the clerk pays every morning, and most sessions print nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from models.meetings import meeting_docs
from models.meetings.meeting_docs import MinutesData
from models.reporting import period_report, registers
from models.reporting.period_report import PeriodReportData
from models.reporting.registers import RegisterData
from models.reviews import review_documents, review_summary
from models.reviews.review_documents import BallotData, ReviewFormsData, ReviewMinutesData
from models.reviews.review_summary import ReviewSummaryData

Data = TypeVar("Data")
Data_contra = TypeVar("Data_contra", contravariant=True)
# (what is being done, done, total), as ui.common.workers.Worker reports it; it may raise to stop the work.
Progress = Callable[[str, int, int], None]


class Render(Protocol[Data_contra]):
    """Data to PDF bytes; the long documents (the register, a batch of review forms) tell ``progress`` of each
    page laid out, and stop when it raises; the others are laid out in well under a second."""

    def __call__(self, data: Data_contra, progress: Progress | None = None) -> bytes: ...


# What a document is made from, in the order the command line asks for it; the names are gather's keywords.
Param = Literal["meeting_id", "year", "org_id", "quarter", "month"]


@dataclass(frozen=True)
class Document(Generic[Data]):
    name: str                               # the command line's word: ``print NAME``
    title: str                              # what it is, in Vietnamese
    params: tuple[Param, ...]
    gather: Callable[..., Data]             # models: (conn, **params) -> data; reads the database
    render: Render[Data]                    # printing: data -> PDF bytes; never touches the database
    needs_cell: bool = False                # org_id must be given (a cell's own document)
    # The data with citizen ID and card numbers masked, for an account that may not see them (None: it has none).
    masked: Callable[[Data], Data] | None = None


def _register(data: RegisterData, progress: Progress | None = None) -> bytes:
    from printing.register import render_register

    return render_register(data, progress)


def _minutes(data: MinutesData, progress: Progress | None = None) -> bytes:
    from printing.minutes import render_minutes

    return render_minutes(data)


def _resolution(data: MinutesData, progress: Progress | None = None) -> bytes:
    from printing.resolution import render_resolution

    return render_resolution(data)


def _signin(data: MinutesData, progress: Progress | None = None) -> bytes:
    from printing.minutes import render_signin

    return render_signin(data)


def _review_forms(data: ReviewFormsData, progress: Progress | None = None) -> bytes:
    from printing.review_forms import render_review_forms

    return render_review_forms(data, progress)


def _ballot(data: BallotData, progress: Progress | None = None) -> bytes:
    from printing.review_forms import render_ballot

    return render_ballot(data)


def _review_minutes(data: ReviewMinutesData, progress: Progress | None = None) -> bytes:
    from printing.review_forms import render_review_minutes

    return render_review_minutes(data)


def _review_summary(data: ReviewSummaryData, progress: Progress | None = None) -> bytes:
    from printing.reports import render_review_summary

    return render_review_summary(data)


def _period_report(data: PeriodReportData, progress: Progress | None = None) -> bytes:
    from printing.periodic_report import render_period_report

    return render_period_report(data)


REGISTER = Document("register", "sổ danh sách đảng viên", ("org_id",), registers.register_data, _register,
                    masked=registers.masked)
MINUTES = Document("minutes", "biên bản sinh hoạt chi bộ", ("meeting_id",), meeting_docs.minutes_data, _minutes)
RESOLUTION = Document("resolution", "nghị quyết chi bộ", ("meeting_id",), meeting_docs.minutes_data, _resolution)
SIGNIN = Document("signin", "danh sách đảng viên dự sinh hoạt và khung biên bản", ("meeting_id",),
                  meeting_docs.minutes_data, _signin)
REVIEW_FORMS = Document("review-forms", "bản kiểm điểm đảng viên cuối năm", ("year", "org_id"),
                        review_documents.review_forms_data, _review_forms)
BALLOT = Document("ballot", "phiếu biểu quyết đề xuất mức xếp loại", ("year", "org_id"),
                  review_documents.ballot_data, _ballot, needs_cell=True)
REVIEW_MINUTES = Document("review-minutes", "biên bản họp kiểm điểm, đánh giá, xếp loại đảng viên của chi bộ",
                          ("year", "org_id"), review_documents.minutes_data, _review_minutes, needs_cell=True)
REVIEW_SUMMARY = Document("review-summary", "tổng hợp kết quả đánh giá, xếp loại", ("year",),
                          review_summary.summary_data, _review_summary)

# quarter and month are options (--quarter Q | --month M, one or neither): a year's report without them
PERIOD_REPORT = Document("report", "báo cáo tháng, quý, năm của Đảng ủy", ("year", "quarter", "month"),
                         period_report.period_report_data, _period_report)

DOCUMENTS: tuple[Document[Any], ...] = (REGISTER, MINUTES, RESOLUTION, SIGNIN, REVIEW_FORMS, BALLOT,
                                        REVIEW_MINUTES, REVIEW_SUMMARY, PERIOD_REPORT)
