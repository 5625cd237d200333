using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Web;

/// <summary>Turns the domain exceptions into application/problem+json for API callers.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, Texts texts) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The handler runs outside the request localization middleware, whose culture does not flow back out with the exception.
        if (httpContext.Features.Get<IRequestCultureFeature>() is { } requested)
        {
            CultureInfo.CurrentCulture = requested.RequestCulture.Culture;
            CultureInfo.CurrentUICulture = requested.RequestCulture.UICulture;
        }

        ProblemDetails? problem = exception switch
        {
            ValidationFailedException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = texts["error.validation"],
            },
            RuleViolationException r => Rule(r.Code, r.Message, r.Details),
            ForbiddenException f => Rule(f.Code, f.Message, status: StatusCodes.Status403Forbidden),
            NotFoundException => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = texts["error.not_found"] },
            DbUpdateConcurrencyException => Rule("concurrent_change", texts["error.concurrent_change"]),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                Rule("duplicate", texts["error.duplicate"]),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => Rule("duplicate", texts["error.duplicate"]),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } } =>
                new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = texts["error.reference_missing"] },
            Pdf.PdfFontMissingException => Rule("pdf_font_missing", texts["error.pdf_font_missing"], status: StatusCodes.Status503ServiceUnavailable),
            _ when DatabaseUnavailable(exception) => Rule("database_unavailable", texts["error.database_unavailable"], status: StatusCodes.Status503ServiceUnavailable),
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = texts["error.bad_request"], Detail = b.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The database cannot be reached or is switching over (a failover): the connection failed or broke, the server is shutting
    /// down, or the proxy still leads to a standby. Nothing was written; the caller may send the request again.
    /// </summary>
    private static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException p
                    ? p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.CannotConnectNow
                    : e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    private static ProblemDetails Rule(string code, string message, IReadOnlyDictionary<string, object?>? details = null, int status = StatusCodes.Status409Conflict)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = message,
            Type = "https://skillgate.local/problems/" + code,
            Extensions = { ["code"] = code },
        };
        foreach (var (key, value) in details ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
