"""The async database pattern: create_async_engine + AsyncSession + get_current_user.

Run it with ``python db_lookup.py`` (needs sqlmodel, aiosqlite and greenlet). SQLite has no
socket to wait on: aiosqlite runs each query on a worker thread, which wakes the event loop
through call_soon_threadsafe (a byte on the loop's self-pipe) when the result is ready.
"""

import asyncio
import os
import tempfile

from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str


class Token(SQLModel, table=True):
    token: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id")


async def get_current_user(token: str, session: AsyncSession) -> User:
    user = (await session.exec(select(User).join(Token).where(Token.token == token))).first()
    if user is None:
        raise PermissionError("invalid token")  # a web API would answer 401
    return user


async def main() -> None:
    fd, path = tempfile.mkstemp(suffix=".db")
    os.close(fd)
    async_engine = create_async_engine(f"sqlite+aiosqlite:///{path}", echo=False,
                                       connect_args={"check_same_thread": False})
    try:
        async with async_engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        async with AsyncSession(async_engine) as session:
            for i, name in enumerate(["ada", "grace", "edsger"], start=1):
                session.add(User(id=i, name=name))
                session.add(Token(token=f"token-{name}", user_id=i))
            await session.commit()

        async def lookup(token: str) -> str:
            async with AsyncSession(async_engine) as session:
                try:
                    user = await get_current_user(token, session)
                except PermissionError as exc:
                    return f"{token}: {exc}"
                return f"{token}: {user.name}"

        tokens = ["token-ada", "token-grace", "bogus", "token-edsger"]
        for line in await asyncio.gather(*(lookup(t) for t in tokens)):  # concurrent
            print(line)
    finally:
        await async_engine.dispose()
        os.unlink(path)


if __name__ == "__main__":
    asyncio.run(main())
