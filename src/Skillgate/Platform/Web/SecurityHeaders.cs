using System.Diagnostics;

namespace Skillgate.Platform.Web;

/// <summary>
/// Security headers on every response, and the server time as Server-Timing (read by the benchmarks): the whole request first,
/// then whatever parts a page timed itself (the home page's tiles).
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSkillgateHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h["X-Content-Type-Options"] = "nosniff";
            h["X-Frame-Options"] = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(self), geolocation=(self), microphone=()";
            h["Content-Security-Policy"] =
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            var app = FormattableString.Invariant($"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}");
            var parts = h["Server-Timing"];
            h["Server-Timing"] = parts.Count == 0 ? app : $"{app}, {parts}";
            return Task.CompletedTask;
        });
        await next();
    });
}
