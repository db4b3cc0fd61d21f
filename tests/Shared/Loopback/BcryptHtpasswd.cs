using System.Runtime.InteropServices;
using System.Text;

namespace ArtifactKeeper.Tests.Shared.Loopback;

/// <summary>
/// Writes htpasswd lines with bcrypt hashes (the only scheme distribution's htpasswd auth accepts) through the
/// system's libcrypt (libxcrypt, part of every Debian base system), so no bcrypt package is needed.
/// </summary>
public static class BcryptHtpasswd
{
    private const string LibCrypt = "libcrypt.so.1";

    // crypt and crypt_gensalt return pointers into static buffers: one caller at a time.
    private static readonly Lock Gate = new();

    /// <summary>True when libcrypt can be loaded and produces bcrypt hashes on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                return Hash("probe").StartsWith("$2", StringComparison.Ordinal);
            }
            catch (DllNotFoundException)
            {
                return false;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>One htpasswd line, <c>user:$2b$...</c>.</summary>
    public static string Line(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("an htpasswd user name cannot contain ':'", nameof(username));
        }

        return username + ":" + Hash(password);
    }

    /// <summary>A bcrypt hash of <paramref name="password"/> with a fresh random salt and the lowest cost (tests only).</summary>
    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        lock (Gate)
        {
            // A null random-bytes pointer makes libcrypt draw the salt from the OS itself.
            var setting = CryptGensalt(Zero("$2b$"), 4, IntPtr.Zero, 0);
            var settingText = setting == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(setting);
            if (string.IsNullOrEmpty(settingText) || settingText[0] == '*')
            {
                throw new InvalidOperationException("libcrypt could not make a bcrypt salt");
            }

            var hash = Crypt(Zero(password), Zero(settingText));
            var hashText = hash == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(hash);
            if (string.IsNullOrEmpty(hashText) || hashText[0] == '*')
            {
                throw new InvalidOperationException("libcrypt could not hash with bcrypt");
            }

            return hashText;
        }
    }

    private static byte[] Zero(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    // Byte arrays (NUL-terminated UTF-8) are blittable, so plain DllImport needs no unsafe code in the test projects.
    [DllImport(LibCrypt, EntryPoint = "crypt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr Crypt(byte[] phrase, byte[] setting);

    [DllImport(LibCrypt, EntryPoint = "crypt_gensalt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr CryptGensalt(byte[] prefix, nuint count, IntPtr randomBytes, int randomByteCount);
}
