using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// Rotating check-in codes: "{session}.{window}.{signature}", where the window is the number of rotation periods since the epoch
/// and the signature an HMAC over session and window with the session's own secret. A code is accepted in its own window and
/// the one after (for the time a phone needs to scan and send it), so a code forwarded or photographed a minute ago fails.
/// </summary>
internal static class QrToken
{
    /// <summary>How often the code changes (<c>Skillgate:Training:QrRotateSeconds</c>, 5–300 s).</summary>
    public static int RotateSeconds(IConfiguration configuration) => Math.Clamp(configuration.GetValue("Skillgate:Training:QrRotateSeconds", 15), 5, 300);

    public static long Window(DateTimeOffset now, int rotateSeconds) => now.ToUnixTimeSeconds() / rotateSeconds;

    public static string Create(Guid sessionId, byte[] secret, long window) =>
        $"{sessionId:N}.{window.ToString(CultureInfo.InvariantCulture)}.{Sign(sessionId, secret, window)}";

    public static DateTimeOffset ValidUntil(long window, int rotateSeconds) => DateTimeOffset.FromUnixTimeSeconds((window + 2) * rotateSeconds);

    /// <summary>The session a token names, without checking it (to find the secret).</summary>
    public static Guid? SessionOf(string? token) =>
        token?.Split('.') is [var session, _, _] && Guid.TryParseExact(session, "N", out var id) ? id : null;

    public enum Verdict
    {
        Valid,

        /// <summary>Not signed by this session's secret: forged, altered, or a code of another session.</summary>
        Invalid,

        /// <summary>Signed by the session but from an earlier window: photographed or forwarded a while ago.</summary>
        Expired,
    }

    public static Verdict Check(string token, Guid sessionId, byte[] secret, DateTimeOffset now, int rotateSeconds)
    {
        if (token.Split('.') is not [var session, var windowText, var signature] ||
            !Guid.TryParseExact(session, "N", out var id) || id != sessionId ||
            !long.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out var window) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(sessionId, secret, window))))
        {
            return Verdict.Invalid;
        }

        var current = Window(now, rotateSeconds);
        return window == current || window == current - 1 ? Verdict.Valid : window < current ? Verdict.Expired : Verdict.Invalid;
    }

    private static string Sign(Guid sessionId, byte[] secret, long window) =>
        Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{sessionId:N}|{window.ToString(CultureInfo.InvariantCulture)}")))[..32];
}
