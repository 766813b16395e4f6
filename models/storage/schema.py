"""The database schema as append-only migrations: MIGRATIONS[n-1] takes a file from version n-1 to n.

Never edit a migration that has shipped; add the next one. Statements run one by one inside one
transaction (not executescript, which would commit half-way).
Dates are ISO text (YYYY-MM-DD), times HH:MM, money whole đồng, text NFC.
"""

import sqlite3
from collections.abc import Callable, Sequence

# A step is an SQL statement, or (rarely) a function for work SQL cannot do, such as hashing old rows.
Step = str | Callable[[sqlite3.Connection], None]

# ---------------------------------------------------------------- version 1, by domain concept

COMMITTEE_TABLES = [
    """CREATE TABLE committee (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL DEFAULT '',             -- Đảng bộ xã Phố Mới
        superior_name TEXT NOT NULL DEFAULT '',    -- Đảng bộ tỉnh ... (line 1 of headers)
        place_name TEXT NOT NULL DEFAULT '',       -- Phố Mới (date line of documents)
        term_name TEXT NOT NULL DEFAULT '',        -- 2025 - 2030
        term_start TEXT,
        term_end TEXT
    )""",
    "INSERT INTO committee (id) VALUES (1)",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
]

ORGANISATION_TABLES = [
    """CREATE TABLE organisations (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER REFERENCES organisations(id),   -- NULL: directly under the commune committee
        name TEXT NOT NULL,
        unit_type TEXT NOT NULL CHECK (unit_type IN
            ('dang_bo_co_so', 'chi_bo_co_so', 'chi_bo_truc_thuoc', 'to_dang')),
        category TEXT NOT NULL DEFAULT 'khac' CHECK (category IN
            ('thon', 'co_quan', 'truong_hoc', 'doanh_nghiep', 'cong_an', 'quan_su', 'khac')),
        founded_on TEXT,
        dissolved_on TEXT,
        merged_into_id INTEGER REFERENCES organisations(id),
        note TEXT NOT NULL DEFAULT '',
        search_key TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX organisations_parent ON organisations(parent_id)",
    """CREATE TABLE org_positions (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        member_id INTEGER NOT NULL REFERENCES members(id),
        position TEXT NOT NULL CHECK (position IN ('bi_thu', 'pho_bi_thu', 'chi_uy_vien')),
        start_on TEXT NOT NULL,
        end_on TEXT,
        decision_no TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX org_positions_org ON org_positions(org_id)",
]

MEMBER_TABLES = [
    """CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        full_name TEXT NOT NULL,
        birth_name TEXT NOT NULL DEFAULT '',
        gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'Nam', 'Nữ')),
        ethnicity TEXT NOT NULL DEFAULT '',
        religion TEXT NOT NULL DEFAULT '',
        birth_date TEXT,
        birth_place TEXT NOT NULL DEFAULT '',
        hometown TEXT NOT NULL DEFAULT '',
        residence TEXT NOT NULL DEFAULT '',
        education TEXT NOT NULL DEFAULT '',            -- giáo dục phổ thông, e.g. 12/12
        qualification TEXT NOT NULL DEFAULT '',        -- chuyên môn, nghiệp vụ
        political_theory TEXT NOT NULL DEFAULT '',     -- sơ cấp / trung cấp / cao cấp / cử nhân
        foreign_language TEXT NOT NULL DEFAULT '',
        occupation_before TEXT NOT NULL DEFAULT '',
        occupation_now TEXT NOT NULL DEFAULT '',
        card_number TEXT,                              -- free text up to 20, leading zeros kept
        biography_number TEXT NOT NULL DEFAULT '',
        badge_number TEXT NOT NULL DEFAULT '',
        armed_forces TEXT NOT NULL DEFAULT '',         -- quân đội / công an / nghỉ hưu
        works_in_political_system INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        search_key TEXT NOT NULL DEFAULT '',           -- vn.fold(full name + card number)
        sort_key TEXT NOT NULL DEFAULT '',             -- vn.name_sort_text(full name)
        -- Derived from member_events by members.refresh_state in the same transaction;
        -- cached here so a 10,000-row list can filter and sort in SQL.
        org_id INTEGER REFERENCES organisations(id),
        standing TEXT CHECK (standing IN ('du_bi', 'chinh_thuc')),
        status TEXT NOT NULL DEFAULT 'dang_sinh_hoat',
        joined_on TEXT,
        official_on TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
        updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
    )""",
    "CREATE UNIQUE INDEX members_card ON members(card_number) WHERE card_number IS NOT NULL AND card_number <> ''",
    "CREATE INDEX members_org ON members(org_id)",
    "CREATE INDEX members_sort ON members(sort_key)",
    """CREATE TABLE member_events (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members(id),
        kind TEXT NOT NULL,
        event_date TEXT NOT NULL,
        decision_no TEXT NOT NULL DEFAULT '',
        decision_date TEXT,
        org_id INTEGER REFERENCES organisations(id),   -- the organisation the member belongs to after it
        other_place TEXT NOT NULL DEFAULT '',          -- a place outside the commune (transfers)
        detail TEXT NOT NULL DEFAULT '',               -- discipline level, reason, ...
        corrects_event_id INTEGER REFERENCES member_events(id),  -- a correction voids that event
        created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
    )""",
    "CREATE INDEX member_events_member ON member_events(member_id, event_date)",
    # The register is history: events are appended, never changed or deleted.
    """CREATE TRIGGER member_events_no_update BEFORE UPDATE ON member_events
       BEGIN SELECT RAISE(ABORT, 'member_events is append-only'); END""",
    """CREATE TRIGGER member_events_no_delete BEFORE DELETE ON member_events
       BEGIN SELECT RAISE(ABORT, 'member_events is append-only'); END""",
]

MEETING_TABLES = [
    """CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        kind TEXT NOT NULL CHECK (kind IN ('thuong_ky', 'chuyen_de', 'ghep', 'bat_thuong')),
        held_on TEXT NOT NULL,
        start_time TEXT NOT NULL DEFAULT '',
        end_time TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        theme TEXT NOT NULL DEFAULT '',               -- the topic of a thematic meeting
        chair_member_id INTEGER REFERENCES members(id),
        chair_name TEXT NOT NULL DEFAULT '',
        secretary_member_id INTEGER REFERENCES members(id),
        secretary_name TEXT NOT NULL DEFAULT '',
        guests TEXT NOT NULL DEFAULT '',
        supervisor_name TEXT NOT NULL DEFAULT '',     -- the higher-level committee member following the cell
        agenda TEXT NOT NULL DEFAULT '',
        last_month_results TEXT NOT NULL DEFAULT '',
        news_policy TEXT NOT NULL DEFAULT '',
        ct05_content TEXT NOT NULL DEFAULT '',
        conclusion TEXT NOT NULL DEFAULT '',
        votes_for INTEGER,
        votes_against INTEGER,
        votes_abstain INTEGER,
        dues_collected INTEGER,
        quality_score INTEGER,
        minutes_no INTEGER,
        resolution_no INTEGER,
        state TEXT NOT NULL DEFAULT 'nhap' CHECK (state IN ('nhap', 'da_thong_qua')),
        adopted_at TEXT,
        created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
        updated_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime'))
    )""",
    "CREATE INDEX meetings_org_date ON meetings(org_id, held_on)",
    "CREATE INDEX meetings_date ON meetings(held_on)",
    """CREATE TABLE meeting_attendance (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members(id),     -- NULL for a guest member from elsewhere
        name TEXT NOT NULL,
        standing TEXT CHECK (standing IN ('du_bi', 'chinh_thuc')),
        status TEXT NOT NULL CHECK (status IN ('co_mat', 'vang_co_ly_do', 'vang_khong_ly_do',
            'mien_sinh_hoat', 'tam_vang', 'dinh_chi', 'khach')),
        reason TEXT NOT NULL DEFAULT '',
        attended INTEGER NOT NULL DEFAULT 0,          -- an excused member who came anyway counts 1
        UNIQUE (meeting_id, member_id)
    )""",
    "CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id)",
    """CREATE TABLE meeting_speeches (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        member_id INTEGER REFERENCES members(id),
        speaker_name TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE meeting_tasks (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        content TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        deadline TEXT,
        result TEXT NOT NULL DEFAULT ''               -- how it went, recorded at the next meeting
    )""",
    # How each task set at the cell's previous meeting went, recorded at this meeting (a copy, so an
    # adopted record never changes when a later meeting is edited).
    """CREATE TABLE meeting_followups (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        task_id INTEGER REFERENCES meeting_tasks(id) ON DELETE SET NULL,
        content TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX meetings_state ON meetings(state)",
    """CREATE TABLE meeting_quality (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        criterion TEXT NOT NULL,
        points INTEGER NOT NULL,
        PRIMARY KEY (meeting_id, criterion)
    )""",
]

STUDY_TABLES = [
    """CREATE TABLE study_documents (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,                           -- number and symbol, e.g. 57-NQ/TW
        title TEXT NOT NULL,
        issuer TEXT NOT NULL DEFAULT '',
        issued_on TEXT,
        kind TEXT NOT NULL DEFAULT 'nghi_quyet'       -- nghi_quyet / chi_thi / ket_luan / quy_dinh / khac
    )""",
    """CREATE TABLE study_sessions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES study_documents(id),
        held_on TEXT NOT NULL,
        mode TEXT NOT NULL DEFAULT 'truc_tiep' CHECK (mode IN ('truc_tiep', 'truc_tuyen', 'ket_hop')),
        connection_points INTEGER NOT NULL DEFAULT 1,
        note TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE study_session_orgs (
        session_id INTEGER NOT NULL REFERENCES study_sessions(id) ON DELETE CASCADE,
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        PRIMARY KEY (session_id, org_id)
    )""",
    """CREATE TABLE study_participants (
        session_id INTEGER NOT NULL REFERENCES study_sessions(id) ON DELETE CASCADE,
        member_id INTEGER NOT NULL REFERENCES members(id),
        attended INTEGER NOT NULL DEFAULT 1,
        reflection_grade TEXT NOT NULL DEFAULT '',    -- '' (none), Tốt, Khá, Đạt, Chưa đạt
        org_id INTEGER REFERENCES organisations(id),  -- the member's organisation on the session's day
        PRIMARY KEY (session_id, member_id)
    )""",
    "CREATE INDEX study_participants_member ON study_participants(member_id)",
    """CREATE TABLE ct05_registrations (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        member_id INTEGER REFERENCES members(id),
        org_id INTEGER REFERENCES organisations(id),
        commitment TEXT NOT NULL DEFAULT '',
        result TEXT NOT NULL DEFAULT '',              -- '' until assessed: Tốt, Khá, Đạt, Chưa đạt
        CHECK ((member_id IS NULL) <> (org_id IS NULL))
    )""",
    "CREATE UNIQUE INDEX ct05_member_year ON ct05_registrations(year, member_id) WHERE member_id IS NOT NULL",
    "CREATE UNIQUE INDEX ct05_org_year ON ct05_registrations(year, org_id) WHERE org_id IS NOT NULL",
    """CREATE TABLE good_models (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        org_id INTEGER REFERENCES organisations(id),
        member_id INTEGER REFERENCES members(id),
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT ''
    )""",
]

DUES_TABLES = [
    """CREATE TABLE dues_profiles (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members(id),
        valid_from TEXT NOT NULL,
        dues_group TEXT NOT NULL,                     -- a key of the rule set's dues groups
        basis INTEGER NOT NULL DEFAULT 0,             -- salary or pension the rate applies to
        region TEXT NOT NULL DEFAULT '',              -- I..IV for minimum-wage groups
        reduction_pct INTEGER NOT NULL DEFAULT 0,
        reduction_months INTEGER NOT NULL DEFAULT 0,  -- months from valid_from the reduction lasts (≤ 12)
        exemption TEXT NOT NULL DEFAULT '',           -- a key of the rule set's exemption reasons; '' none
        note TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX dues_profiles_member ON dues_profiles(member_id, valid_from)",
    """CREATE TABLE dues_payments (
        member_id INTEGER NOT NULL REFERENCES members(id),
        month TEXT NOT NULL,                          -- YYYY-MM
        amount_due INTEGER NOT NULL,
        amount_paid INTEGER NOT NULL DEFAULT 0,
        paid_on TEXT,
        PRIMARY KEY (member_id, month)
    )""",
    "CREATE INDEX dues_payments_month ON dues_payments(month)",
]

REVIEW_TABLES = [
    """CREATE TABLE review_periods (
        year INTEGER PRIMARY KEY,
        rule_set TEXT NOT NULL,
        opened_on TEXT NOT NULL,
        review_on TEXT                                -- the day exclusions are counted on (NULL: 31/12)
    )""",
    """CREATE TABLE member_reviews (
        year INTEGER NOT NULL REFERENCES review_periods(year),
        member_id INTEGER NOT NULL REFERENCES members(id),
        org_id INTEGER REFERENCES organisations(id),
        reviewed INTEGER NOT NULL DEFAULT 1,
        not_reviewed_reason TEXT NOT NULL DEFAULT '',
        self_score INTEGER,
        self_level TEXT,
        cell_level TEXT,
        votes_for INTEGER,
        votes_total INTEGER,
        decided_level TEXT,
        decision_no TEXT NOT NULL DEFAULT '',
        decision_date TEXT,
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (year, member_id)
    )""",
    """CREATE TABLE org_reviews (
        year INTEGER NOT NULL REFERENCES review_periods(year),
        org_id INTEGER NOT NULL REFERENCES organisations(id),
        reviewed INTEGER NOT NULL DEFAULT 1,
        not_reviewed_reason TEXT NOT NULL DEFAULT '',
        self_score INTEGER,
        self_level TEXT,
        proposed_level TEXT,
        votes_for INTEGER,
        votes_total INTEGER,
        decided_level TEXT,
        decision_no TEXT NOT NULL DEFAULT '',
        decision_date TEXT,
        notes TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (year, org_id)
    )""",
    "CREATE INDEX member_reviews_org ON member_reviews(year, org_id)",
]

AUDIT_TABLES = [
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
        user TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        detail TEXT NOT NULL DEFAULT ''               -- JSON of what changed
    )""",
    "CREATE INDEX audit_entity ON audit_log(entity, entity_id)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TABLE document_numbers (
        id INTEGER PRIMARY KEY,
        issuer TEXT NOT NULL,                         -- 'org:<id>' or 'committee'
        doc_type TEXT NOT NULL,                       -- BB, NQ, BC, ...
        term TEXT NOT NULL,
        number INTEGER NOT NULL,
        reference TEXT NOT NULL DEFAULT '',           -- what it numbers, e.g. meeting:12
        issued_on TEXT NOT NULL,
        UNIQUE (issuer, doc_type, term, number)
    )""",
]

# Issue 11.2: the months a meeting reviews and plans ('YYYY-MM') become part of its record. Meetings saved before
# get the months they printed with until now (a meeting up to the 15th reviews the month before and plans its own;
# later, its own and the next), so no paper already printed reads differently when printed again.
_DAY = "CAST(substr(held_on, 9, 2) AS INTEGER)"
MEETING_MONTHS = [
    "ALTER TABLE meetings ADD COLUMN reviewed_month TEXT",
    "ALTER TABLE meetings ADD COLUMN planned_month TEXT",
    f"""UPDATE meetings SET
        reviewed_month = CASE WHEN {_DAY} <= 15 THEN strftime('%Y-%m', held_on, 'start of month', '-1 month')
                              ELSE substr(held_on, 1, 7) END,
        planned_month = CASE WHEN {_DAY} <= 15 THEN substr(held_on, 1, 7)
                             ELSE strftime('%Y-%m', held_on, 'start of month', '+1 month') END""",
]


def _chain_existing_audit(conn: sqlite3.Connection) -> None:
    from models.storage import audit

    audit.chain_existing(conn)


# Issue 14: accounts with roles, and the audit trail made evidence by a hash chain over its entries.
ACCESS_TABLES: list[Step] = [
    """CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('quan-tri', 'van-phong', 'bi-thu', 'chi-xem')),
        org_id INTEGER REFERENCES organisations(id),  -- the bí thư's organisation (its sub-units included)
        password_hash TEXT NOT NULL,                  -- hex of the derived key
        password_params TEXT NOT NULL,                -- JSON: algorithm, salt and cost, so they can be raised later
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,                            -- no attempt is checked before this time (slows guessing)
        created_at TEXT NOT NULL DEFAULT (datetime('now', 'localtime')),
        CHECK ((role = 'bi-thu') = (org_id IS NOT NULL))
    )""",
    "ALTER TABLE audit_log ADD COLUMN chain TEXT NOT NULL DEFAULT ''",
    _chain_existing_audit,
]

MIGRATIONS: list[Sequence[Step]] = [
    COMMITTEE_TABLES + ORGANISATION_TABLES + MEMBER_TABLES + MEETING_TABLES
    + STUDY_TABLES + DUES_TABLES + REVIEW_TABLES + AUDIT_TABLES,
    MEETING_MONTHS,
    # The commune committee's own signers with their terms (a committee is no organisation: org_positions cannot
    # hold them). A name, not a member id: the bí thư of the commune may be registered in no cell of ours.
    ["""CREATE TABLE committee_signers (
        id INTEGER PRIMARY KEY,
        position TEXT NOT NULL CHECK (position IN ('bi_thu', 'pho_bi_thu')),
        full_name TEXT NOT NULL,
        start_on TEXT NOT NULL,
        end_on TEXT,
        decision_no TEXT NOT NULL DEFAULT ''
    )"""],
    ACCESS_TABLES,
    # Issue 13: a card number is checked free on every new member (members._check_card_unique). Cards are
    # compared folded ("pt" is "PT"); the folding for plain ASCII is SQL's upper(), indexed here, and the few
    # cards holding anything else (full-width digits, spaces from an older version) have a partial index of
    # their own, so 10,000 rows imported no longer read the whole table 10,000 times.
    ["CREATE INDEX members_card_upper ON members(upper(card_number))",
     "CREATE INDEX members_card_unusual ON members(card_number) WHERE card_number GLOB '*[^!-~]*'"],
    # Issue 13: the window's tree and status bar count each organisation's members on the roll at every start;
    # with the status beside the organisation the count reads the index alone (7 → 2 ms at 10,000 members). It
    # replaces the index on org_id alone, which it serves as well.
    ["CREATE INDEX members_org_status ON members(org_id, status)",
     "DROP INDEX members_org"],
]

VERSION = len(MIGRATIONS)
