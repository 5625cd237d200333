using System.Security.Cryptography;
using System.Text;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// The client a check-in came from: network address, browser (user agent) and screen, hashed. A private browser tab gets a
/// fresh device cookie, but not a new address, browser or screen, so several people checking in from one phone still show.
/// </summary>
internal static class ClientId
{
    public static string Of(HttpContext http, string? screen)
    {
        var text = $"{http.Connection.RemoteIpAddress}|{http.Request.Headers.UserAgent}|{(screen is { Length: <= 40 } ? screen : "")}";
        return "c:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant();
    }
}
