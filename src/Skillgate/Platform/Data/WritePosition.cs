using Npgsql;
using NpgsqlTypes;

namespace Skillgate.Platform.Data;

/// <summary>
/// A caller's last write position, for reading their own writes from a standby: after a request that may have written
/// (any method but GET, HEAD, OPTIONS) the primary's WAL position goes into the cookie <c>skillgate.wal</c>, only when a standby
/// is configured. Not a secret: a forged value only sends that caller's reports to the primary, or shows them older data.
/// </summary>
internal static class WritePosition
{
    public const string Cookie = "skillgate.wal";

    public static NpgsqlLogSequenceNumber? Of(HttpContext? context) =>
        context?.Request.Cookies[Cookie] is { } value && NpgsqlLogSequenceNumber.TryParse(value, out var lsn) ? lsn : null;

    public static void UseWritePosition(this WebApplication app)
    {
        var monitor = app.Services.GetRequiredService<ReplicaMonitor>();
        if (!monitor.Configured)
        {
            return;
        }

        app.Use((context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.OnStarting(() => StampAsync(context));
            }

            return next(context);
        });
    }

    private static async Task StampAsync(HttpContext context)
    {
        try
        {
            await using var cmd = context.RequestServices.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT pg_current_wal_lsn()");
            var now = (NpgsqlLogSequenceNumber)(await cmd.ExecuteScalarAsync(context.RequestAborted))!;
            if (Of(context) is not { } before || now > before)
            {
                context.Response.Cookies.Append(Cookie, now.ToString(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, IsEssential = true });
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // No position, no promise: the caller's next reports go where the lag allows.
        }
    }
}
