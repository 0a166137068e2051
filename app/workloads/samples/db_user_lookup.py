"""db-user-lookup — the study note's pattern, run for real:

    async_engine = create_async_engine("sqlite+aiosqlite:///<temp file>", echo=False,
                                       connect_args={"check_same_thread": False})
    async with AsyncSession(async_engine) as session:
        user = await get_current_user(token, session)

A temporary SQLite database is seeded with users and their tokens; N look-ups run at once,
some with an invalid token (they must fail, as an API would answer 401).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import sqlite3
import tempfile
from typing import Any

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.schema import CreateTable
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from app.runtime.params import WorkloadError
from app.runtime.preemptive.runtime import ThreadRuntime
from app.trace.text import QT_TR_NOOP, Sentence
from app.workloads.samples.common import describe


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    email: str


class Token(SQLModel, table=True):
    __tablename__ = "tokens"
    token: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="users.id")


class InvalidToken(Exception):
    """No user has this token (what an API turns into 401 Unauthorized)."""


async def get_current_user(token: str, session: AsyncSession) -> User:
    statement = select(User).join(Token).where(Token.token == token)
    user = (await session.exec(statement)).first()  # a worker thread runs the query
    if user is None:
        raise InvalidToken(f"invalid token {token[:12]}…")
    return user


# -- the data both versions use --------------------------------------------------------------------
def token_for(i: int) -> str:
    return hashlib.sha256(f"user-{i}".encode()).hexdigest()[:32]


def name_for(i: int) -> str:
    return f"user{i:04d}"


def plan(users: int, lookups: int, invalid_percent: int) -> list[tuple[str, str | None]]:
    """(token, expected user name or None for an invalid token) for each look-up; the
    invalid ones are spread evenly, ``lookups * invalid_percent // 100`` of them."""
    out: list[tuple[str, str | None]] = []
    for i in range(lookups):
        if (i + 1) * invalid_percent // 100 > i * invalid_percent // 100:
            out.append((f"invalid-{i}", None))
        else:
            out.append((token_for(i % users), name_for(i % users)))
    return out


def score(planned: list[tuple[str, str | None]], results: list[Any]) -> dict[str, Any]:
    """Every look-up must return the right user, or InvalidToken for an invalid token."""
    found = invalid = wrong = 0
    errors: list[str] = []
    for i, ((_, expected), result) in enumerate(zip(planned, results, strict=True)):
        if isinstance(result, InvalidToken) and expected is None:
            invalid += 1
        elif isinstance(result, BaseException) and not isinstance(result, InvalidToken):
            errors.append(f"lookup-{i}: {describe(result)}")
        elif result == expected:
            found += 1
        else:
            wrong += 1
    return {"lookups": len(planned), "found": found, "invalid": invalid, "wrong": wrong,
            "errors": errors}


def merge(total: dict[str, Any] | None, wave: dict[str, Any]) -> dict[str, Any]:
    if total is None:
        return wave
    return {k: total[k] + wave[k] for k in total}


def no_temp_database(exc: OSError) -> Sentence:
    return Sentence(QT_TR_NOOP("db-user-lookup: cannot create the temporary database in "
                               "{folder}: {reason}"),
                    folder=tempfile.gettempdir(), reason=exc.strerror or describe(exc))


def no_database(path: str, exc: BaseException) -> Sentence:
    return Sentence(QT_TR_NOOP("db-user-lookup: cannot create the database {path}: {reason}"),
                    path=path, reason=describe(exc))


def temp_database() -> str:
    """An empty temporary file for the database; a clear message when it cannot be made."""
    try:
        fd, path = tempfile.mkstemp(prefix="loopscope-", suffix=".db")
    except OSError as exc:
        raise WorkloadError(no_temp_database(exc)) from exc
    os.close(fd)
    return path


def remove_database(path: str) -> None:
    for name in (path, path + "-journal", path + "-wal", path + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


# -- cooperative: SQLAlchemy's async engine on aiosqlite -------------------------------------------
async def seed(async_engine: AsyncEngine, users: int) -> None:
    async with async_engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all,
                            # (SQLModel adds __table__ to table models; not in its types)
                            tables=[User.__table__, Token.__table__])  # type: ignore[attr-defined]
    async with AsyncSession(async_engine) as session:
        for i in range(users):
            session.add(User(id=i + 1, name=name_for(i), email=f"{name_for(i)}@example.org"))
            session.add(Token(token=token_for(i), user_id=i + 1))
        await session.commit()


async def run(users: int = 20, lookups: int = 30, invalid_percent: int = 20,
              forever: bool = False) -> dict[str, Any]:
    path = temp_database()
    async_engine: AsyncEngine | None = None
    try:
        async_engine = create_async_engine(f"sqlite+aiosqlite:///{path}", echo=False,
                                           connect_args={"check_same_thread": False})
        try:
            await seed(async_engine, users)
        except (OSError, SQLAlchemyError) as exc:
            raise WorkloadError(no_database(path, exc)) from exc

        async def lookup(token: str) -> str:
            assert async_engine is not None
            async with AsyncSession(async_engine) as session:
                user = await get_current_user(token, session)
            return user.name

        planned = plan(users, lookups, invalid_percent)
        total: dict[str, Any] | None = None
        while True:  # one wave of concurrent look-ups (forever: wave after wave)
            wave = asyncio.gather(
                *(asyncio.create_task(lookup(token), name=f"lookup-{i}")
                  for i, (token, _) in enumerate(planned)), return_exceptions=True)
            try:
                # shield: if this sample is cancelled, the look-ups in flight are not. A
                # query cancelled half-way can leave its pooled connection in limbo
                # (neither returned nor closed); they take milliseconds: let them finish.
                results = await asyncio.shield(wave)
            except asyncio.CancelledError:
                await wave
                raise
            total = merge(total, score(planned, list(results)))
            if not forever:
                return total
    finally:
        if async_engine is not None:
            await async_engine.dispose()  # closes the pooled connections and their threads
        remove_database(path)


# -- preemptive: sqlite3 directly, one OS thread per look-up ---------------------------------------
#: The SQL the ORM sends, compiled from the same models (so both versions run the same query).
# (SQLModel adds __table__ to table models; not in its types)
SCHEMA = [str(CreateTable(table).compile(dialect=sqlite_dialect.dialect())).strip()
          for table in (User.__table__, Token.__table__)]  # type: ignore[attr-defined]
LOOKUP_SQL = str(select(User).join(Token).where(Token.token == "?")
                 .compile(dialect=sqlite_dialect.dialect())).strip()


def lookup_thread(rt: ThreadRuntime, path: str, token: str) -> str:
    conn = rt.connect_db(path)
    try:
        rows = rt.query(conn, LOOKUP_SQL, (token,))  # sqlite3 releases the GIL meanwhile
    finally:
        rt.close_db(conn)
    if not rows:
        raise InvalidToken(f"invalid token {token[:12]}…")
    _, name, _ = rows[0]
    return str(name)


def run_threads(rt: ThreadRuntime, users: int = 20, lookups: int = 30,
                invalid_percent: int = 20, forever: bool = False) -> dict[str, Any]:
    try:
        path = rt.temp_path(suffix=".db")  # removed by the runtime at the end
    except OSError as exc:
        raise WorkloadError(no_temp_database(exc)) from exc
    try:
        conn = rt.connect_db(path)
        try:
            rt.query(conn, "BEGIN")  # one transaction: one sync to disk, not one per row
            for ddl in SCHEMA:
                rt.query(conn, ddl)
            rt.call(conn.executemany, "INSERT INTO users VALUES (?, ?, ?)",
                    [(i + 1, name_for(i), f"{name_for(i)}@example.org") for i in range(users)],
                    label="sqlite3 INSERT")
            rt.call(conn.executemany, "INSERT INTO tokens VALUES (?, ?)",
                    [(token_for(i), i + 1) for i in range(users)], label="sqlite3 INSERT")
            rt.query(conn, "COMMIT")
        finally:
            rt.close_db(conn)
    except sqlite3.Error as exc:
        raise WorkloadError(no_database(path, exc)) from exc
    planned = plan(users, lookups, invalid_percent)
    total: dict[str, Any] | None = None
    while True:
        threads = [rt.spawn(lookup_thread, rt, path, token, name=f"lookup-{i}")
                   for i, (token, _) in enumerate(planned)]
        total = merge(total, score(planned, rt.gather(threads)))
        if not forever:
            return total
