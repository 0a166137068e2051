/* bcryptprimitives.dll for Wine 8, which has none (Wine 9 added it).
 *
 * Rust's standard library (1.78 and later) imports ProcessPrng from this Windows 10 DLL for
 * its random numbers, so every Rust extension module (pydantic-core, which sqlmodel needs)
 * fails to load under Wine 8 with "DLL load failed". ProcessPrng is the one export used: it
 * fills a buffer from the system's random generator and, as on Windows, always succeeds.
 * tools/windows.py builds this with MinGW and puts it beside python.exe. Not for Windows:
 * Windows has the real DLL. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk,
                                            BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
            return FALSE;
        }
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
