using System.Security.Cryptography;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>
/// A phone's identity for check-ins: a long-lived random cookie (or the X-Device-Id header of an app), so one device checking
/// in several people shows up.
/// </summary>
internal static class DeviceId
{
    private const string Cookie = "skillgate.device";

    public static string Of(HttpContext http) =>
        http.Request.Cookies[Cookie] is { Length: > 0 and <= 64 } cookie ? "d:" + cookie
        : http.Request.Headers["X-Device-Id"].ToString() is { Length: > 0 and <= 64 } header ? "h:" + header
        : "ua:" + http.Request.Headers.UserAgent + "|" + http.Connection.RemoteIpAddress;

    public static void Ensure(HttpContext http)
    {
        if (string.IsNullOrEmpty(http.Request.Cookies[Cookie]))
        {
            var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            http.Response.Cookies.Append(Cookie, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(400), IsEssential = true });
        }
    }
}
